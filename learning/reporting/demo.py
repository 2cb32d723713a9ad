"""`flask stats demo`: sample learners and their progress in the communes already there (after
`flask demo load`, or after importing a province with `flask geo import`), through the real
services, so that the dashboards, map, lagging communes and reports have something to show.

Progress is spread over the last 55 days (the progress service accepts work up to 60 days old);
one commune in five has had no activity for three weeks, to show how lagging communes look.
"""

import random
import uuid
from datetime import timedelta

from sqlalchemy import select

from learning.accounts.models import User, utcnow
from learning.accounts.services import record_consent
from learning.catalog.records import current_catalogue
from learning.counting.definitions import today
from learning.events.models import TeamEvent
from learning.extensions import db
from learning.geography.models import Commune
from learning.progress.services import Earned, record_lesson_started, record_quiz_attempt
from learning.teams.models import DigitalTeam

DAYS = 55


def teams_of(commune: Commune, rng: random.Random) -> list[tuple[int, list[int]]]:
    """The commune's teams with their sessions; a demo team and sessions when it has none."""
    teams = list(db.session.scalars(select(DigitalTeam).where(
        DigitalTeam.commune_code == commune.code)))
    if not teams:
        teams = [DigitalTeam(commune_code=commune.code, area_kind="thon",
                             area_name=f"Thôn {n} (demo)") for n in (1, 2)]
        db.session.add_all(teams)
        db.session.flush()
    found = []
    for team in teams:
        events = list(db.session.scalars(select(TeamEvent.id).where(
            TeamEvent.team_id == team.id)))
        if not events:
            for weeks in (1, 3, 5):
                event = TeamEvent(team_id=team.id, held_on=today() - timedelta(
                    weeks=weeks, days=rng.randrange(7)), place="Nhà văn hoá",
                    title="Ngày chủ nhật chuyển đổi số")
                db.session.add(event)
                db.session.flush()
                events.append(event.id)
        found.append((team.id, events))
    return found


def add_learner(commune: Commune, teams, rng: random.Random, quiet: bool) -> int:
    """One person and their progress; returns the number of quiz attempts recorded."""
    team_id, events = rng.choice(teams) if rng.random() < 0.6 else (None, [])
    days_ago = rng.randrange(21 if quiet else 0, DAYS)
    learner = User(phone=None, full_name=f"Học viên mẫu {rng.randrange(10**6)}",
                   birth_year=rng.choice((2006, 1998, 1988, 1975, 1966, 1958, 1949)),
                   gender=rng.choice(("female", "male", None)), commune_code=commune.code,
                   team_id=team_id, created_at=utcnow() - timedelta(days=days_ago, hours=2))
    db.session.add(learner)
    db.session.flush()
    record_consent(learner, recorded_by=learner)
    courses = list(current_catalogue().courses)
    chosen = courses[: rng.choice((1, 1, 2, 4, 6))]
    moment = learner.created_at
    attempts = 0
    for course in chosen:
        done = len(course.lessons) if rng.random() < 0.7 else rng.randrange(1, len(
            course.lessons))
        for lesson in course.lessons[:done]:
            moment = min(moment + timedelta(hours=rng.randrange(1, 30)),
                         utcnow() - timedelta(days=21 if quiet else 0, minutes=5))
            method = "self"
            if team_id is not None and rng.random() < 0.5:
                method = rng.choice(("tutor", "tutor", "event"))
            earned = Earned(method, event_id=rng.choice(events) if method == "event" else None,
                            recorded_by_id=learner.id)
            answers = {i: q.correct_answer for i, q in enumerate(lesson.text("vi").questions)}
            # Opened a while before (the review rules hold a quiz passed within seconds).
            record_lesson_started(learner, course, lesson,
                                  moment - timedelta(minutes=lesson.minutes + rng.randrange(5)))
            record_quiz_attempt(learner, course, lesson, answers, str(uuid.uuid4()), moment,
                                earned)
            attempts += 1
    return attempts


def add_demo_learners(count: int, seed: int = 2025) -> tuple[int, int, int]:
    """Spread count learners over the communes (by population); returns communes, learners and
    quiz attempts."""
    rng = random.Random(seed)
    communes = list(db.session.scalars(select(Commune).order_by(Commune.code)))
    if not communes:
        return 0, 0, 0
    quiet = {c.code for c in communes[::5]}
    teams = {c.code: teams_of(c, rng) for c in communes}
    weights = [c.population or 1000 for c in communes]
    attempts = 0
    for commune in rng.choices(communes, weights, k=count):
        attempts += add_learner(commune, teams[commune.code], rng, commune.code in quiet)
    return len(communes), count, attempts
