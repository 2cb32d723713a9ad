"""The demo's people and their work: teams and tutors in every commune of the demo province,
their events, and a few thousand sample learners whose lessons are spread over the last four
months.

The records are written as the one progress service writes them (attempts, then each lesson's and
course's progress, completion by the first passing attempt) but in bulk, then every counter is
recomputed from them by ``rebuild`` (what `flask stats rebuild` runs): thousands of people load in
seconds and `flask stats verify` finds no difference.

The sample is a model of the province at a smaller scale: each commune's coverage target is its
working-age population divided by ``SCALE`` (set only where province staff set none), and
learners are spread over the communes by that target and by how active each commune is: a few
lead, most keep a steady pace, some are slow and some stopped weeks ago (they lag).
"""

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select

from learning.accounts.models import Consent, Purpose, Role, User, utcnow
from learning.catalog.content import Course, Lesson
from learning.catalog.records import current_catalogue, record_ids
from learning.counting.definitions import core_pathway, day_start_utc, local_day, today
from learning.demo.sample import HOME
from learning.events.models import EventAttendance, TeamEvent
from learning.extensions import db
from learning.geography.models import Commune
from learning.progress.grading import Marking, mark
from learning.progress.models import CourseProgress, LessonProgress, Method, QuizAttempt
from learning.reporting.rebuild import rebuild
from learning.teams.models import DigitalTeam, TeamMember

DAYS = 120  # how far back the campaign began
SCALE = 500  # the sample is this many times smaller than the province
WORKING_AGE = 0.62  # about the share aged 15 to 60 (whom QĐ 411/QĐ-TTg wants trained)
LEARNERS = 3000  # at most, by default: fewer in a smaller province (SHARE of its targets)
SHARE = 0.63

FAMILY = ("Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Phan", "Vũ",
          "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lương", "Thái", "Cao", "Đinh")
MIDDLE = {"female": ("Thị", "Thị", "Ngọc", "Thu", "Minh", "Hồng"),
          "male": ("Văn", "Văn", "Đức", "Minh", "Quốc", "Hữu")}
GIVEN = {"female": ("Lan", "Hoa", "Hương", "Mai", "Hằng", "Nga", "Thảo", "Trang", "Dung", "Yến",
                    "Linh", "Phương", "Hiền", "Loan", "Tâm", "Vân"),
         "male": ("Minh", "Hùng", "Dũng", "Tuấn", "Nam", "Sơn", "Hải", "Long", "Thắng", "Quang",
                  "Bình", "Cường", "Hiếu", "Phúc", "Toàn", "Vinh")}
AREAS = (("thon", "Thôn"), ("ban", "Bản"), ("to_dan_pho", "Tổ dân phố"), ("thon", "Xóm"))
EVENT_TITLES = ("Ngày chủ nhật chuyển đổi số", "Hướng dẫn cài đặt VNeID",
                "Thanh toán không dùng tiền mặt", "Phòng chống lừa đảo qua mạng",
                "Dịch vụ công trực tuyến cho người cao tuổi")
EVENT_PLACES = ("Nhà văn hoá", "Hội trường UBND", "Trường tiểu học", "Nhà văn hoá thôn")


@dataclass
class Pace:
    """How a commune's campaign goes: when it began and stopped, and how keen its people are."""

    weight: float  # learners relative to its target
    began: int  # days ago
    stopped: int  # days ago (0: still going)
    keen: float  # chance to go on to the next course


@dataclass
class Team:
    id: int
    tutors: list[int]
    events: list[tuple[int, date]] = field(default_factory=list)


@dataclass
class Loaded:
    communes: int = 0
    teams: int = 0
    tutors: int = 0
    events: int = 0
    learners: int = 0
    answers: int = 0


@dataclass
class Rows:
    """Progress and attendance to insert, by table."""

    attempts: list[dict[str, Any]] = field(default_factory=list)
    lessons: list[dict[str, Any]] = field(default_factory=list)
    courses: list[dict[str, Any]] = field(default_factory=list)
    attendance: list[dict[str, Any]] = field(default_factory=list)


def paces_of(communes: list[Commune], rng: random.Random) -> dict[str, Pace]:
    """How each commune's campaign goes: about one in eight leads, one in twelve stopped a few
    weeks ago, one in eight is slow, the others keep a steady pace (at least one of each kind but
    steady ones in a small sample; Vân Tụ, where the demo accounts live, is steady)."""
    codes = [c.code for c in communes if c.code != HOME]
    rng.shuffle(codes)
    kinds = {}
    for kind, share in (("leads", 0.12), ("stopped", 0.08), ("slow", 0.12)):
        for _ in range(max(1, round(share * len(communes)))):
            if codes:
                kinds[codes.pop()] = kind
    paces = {}
    for commune in communes:
        began = rng.randrange(DAYS - 30, DAYS)
        kind = kinds.get(commune.code, "steady")
        if kind == "leads":
            paces[commune.code] = Pace(rng.uniform(1.5, 1.9), began, 0, 0.9)
        elif kind == "stopped":
            paces[commune.code] = Pace(rng.uniform(0.4, 0.9), began, rng.randrange(16, 50), 0.6)
        elif kind == "slow":
            paces[commune.code] = Pace(rng.uniform(0.1, 0.3), rng.randrange(30, DAYS - 30), 0,
                                       0.45)
        elif commune.code == HOME:
            paces[commune.code] = Pace(1.2, DAYS - 1, 0, 0.8)
        else:
            paces[commune.code] = Pace(rng.uniform(0.8, 1.3), began, 0, 0.75)
    return paces


def scaled_target(population: int | None) -> int | None:
    if not population:
        return None
    return max(5, round(population * WORKING_AGE / SCALE))


def set_targets(communes: list[Commune]) -> None:
    """A target where province staff set none (a commune without population keeps none)."""
    for commune in communes:
        if commune.target_population is None and commune.population:
            commune.target_population = scaled_target(commune.population)


def user_row(rng: random.Random, commune: str, created_at: datetime, role: str = Role.LEARNER,
             team_id: int | None = None, registered_by: int | None = None) -> dict[str, Any]:
    """A made-up person: name, gender and birth year."""
    gender = rng.choices(("female", "male", None), (52, 46, 2))[0]
    named_as = gender or rng.choice(("female", "male"))
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[named_as])} {rng.choice(GIVEN[named_as])}"
    age = rng.choices((rng.randrange(16, 25), rng.randrange(25, 40), rng.randrange(40, 55),
                       rng.randrange(55, 65), rng.randrange(65, 80)), (14, 26, 28, 20, 12))[0]
    return {"phone": None, "full_name": name, "birth_year": today().year - age, "gender": gender,
            "commune_code": commune, "role": role, "team_id": team_id,
            "registered_by_id": registered_by, "created_at": created_at}


def inserted(model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows in bulk; their ids in order."""
    if not rows:
        return []
    table = model.__table__
    return list(db.session.execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars())


def moment_on(day: date, rng: random.Random, first_hour: int = 7, last_hour: int = 21) -> datetime:
    """A stored (UTC) moment on a Vietnamese day, between the given local hours."""
    return day_start_utc(day) + timedelta(hours=rng.randrange(first_hour, last_hour),
                                          minutes=rng.randrange(60))


def add_teams(commune: Commune, pace: Pace, rng: random.Random, loaded: Loaded) -> list[Team]:
    """The commune's teams (one to three new ones, each with two or three tutors, one of them
    leading) and their events, every two or three weeks while the commune is active."""
    existing = list(db.session.scalars(select(DigitalTeam).where(
        DigitalTeam.commune_code == commune.code)))
    kind, word = AREAS[2] if commune.kind == "phuong" else AREAS[0]
    if commune.kind == "xa" and rng.random() < 0.25:
        kind, word = rng.choice((AREAS[1], AREAS[3]))
    taken = {team.area_name for team in existing}
    names = [f"{word} {n}" for n in range(1, 12) if f"{word} {n}" not in taken]
    began = day_start_utc(today() - timedelta(days=pace.began))
    teams = [Team(team.id, [member.user_id for member in team.members])
             for team in existing if team.members]
    count = rng.randrange(1, 4) if pace.weight > 0.3 else 1
    for team_id in inserted(DigitalTeam, [
            {"commune_code": commune.code, "area_kind": kind, "area_name": names[n],
             "created_at": began} for n in range(count)]):
        tutors = inserted(User, [user_row(rng, commune.code, began, Role.TUTOR)
                                 for _ in range(rng.randrange(2, 4))])
        db.session.execute(insert(TeamMember), [
            {"team_id": team_id, "user_id": tutor, "is_lead": i == 0, "joined_at": began}
            for i, tutor in enumerate(tutors)])
        teams.append(Team(team_id, tutors))
        loaded.teams += 1
        loaded.tutors += len(tutors)
    last = today() - timedelta(days=pace.stopped)
    for team in teams:
        days, held = [], local_day(began) + timedelta(days=rng.randrange(3, 12))
        while held < last:
            days.append(held)
            held += timedelta(days=rng.choice((14, 14, 21)))
        ids = inserted(TeamEvent, [
            {"team_id": team.id, "held_on": day, "place": rng.choice(EVENT_PLACES),
             "title": rng.choice(EVENT_TITLES), "created_by_id": team.tutors[0],
             "created_at": day_start_utc(day) - timedelta(days=3)} for day in days])
        team.events = list(zip(ids, days, strict=True))
        loaded.events += len(ids)
    return teams


Tries = tuple[tuple[dict[str, list[int]], Marking], tuple[dict[str, list[int]], Marking]]
_tries: dict[tuple[str, str], Tries] = {}


def tries_of(course: Course, lesson: Lesson) -> Tries:
    """A wrong first try (a wrong choice wherever a question has one answer) and the right
    answers, each as stored with its marking (worked out once per lesson)."""
    key = (course.id, lesson.id)
    if key not in _tries:
        questions = lesson.text("vi").questions
        right = {i: q.correct_answer for i, q in enumerate(questions)}
        wrong = dict(right)
        for i, question in enumerate(questions):
            if question.kind in ("single", "truefalse"):
                wrong[i] = (next(c for c in range(len(question.choices))
                                 if (c,) != question.correct_answer),)
        _tries[key] = tuple(({str(k): list(v) for k, v in given.items()},
                             mark(lesson, given, course.pass_mark))
                            for given in (wrong, right))  # type: ignore[assignment]
    return _tries[key]


def plan(core: list[Course], others: list[Course], keen: float,
         rng: random.Random) -> list[Course]:
    """The courses a person takes, in order: the core pathway (each next course with a chance
    `keen`), then perhaps one or two others."""
    chosen = core[:1]
    for course in core[1:]:
        if rng.random() > keen:
            break
        chosen.append(course)
    if others and len(chosen) == len(core) and rng.random() < 0.35:
        chosen += rng.sample(others, k=min(len(others), rng.choice((1, 1, 2))))
    return chosen


def sitting(learner: int, team: Team | None, after: datetime, rng: random.Random,
            rows: Rows, attended: set[int]) -> tuple[datetime, str, int | None, int | None]:
    """When the next sitting is (the day of `after`, or the team's next event) and how its
    lessons are earned: method, tutor, event."""
    day = local_day(after)
    roll = rng.random()
    if team is not None and roll < 0.25:
        upcoming = [(event_id, held) for event_id, held in team.events if held >= day]
        if upcoming:
            event_id, held = upcoming[0]
            if event_id not in attended:
                attended.add(event_id)
                rows.attendance.append({
                    "event_id": event_id, "learner_id": learner, "recorded_by_id": team.tutors[0],
                    "recorded_at": day_start_utc(held) + timedelta(hours=11)})
            return max(after, moment_on(held, rng, 8, 11)), Method.EVENT, None, event_id
    if team is not None and roll < 0.55:
        return max(after, moment_on(day, rng, 8, 20)), Method.TUTOR, rng.choice(team.tutors), None
    return max(after, moment_on(day, rng, 6, 22)), Method.SELF, None, None


def learn(learner: int, created: datetime, chosen: list[Course], team: Team | None,
          until: datetime, rng: random.Random, rows: Rows) -> int:
    """The person's lessons, sitting after sitting, until `until`, as the progress service
    records them (attempts, then each lesson's and course's progress); returns the answers."""
    ids, attended = record_ids(), set[int]()
    now, method, tutor, event = sitting(learner, team, created + timedelta(minutes=2), rng, rows,
                                        attended)
    left, answers = rng.randrange(2, 6), 0
    for course in chosen:
        course_id, started, done, last = ids.courses[course.id], None, 0, None
        for lesson in course.lessons:
            if left == 0:  # another day: on their own, with a tutor or at an event
                later = now + timedelta(days=rng.choice((1, 1, 2, 3, 5, 8, 13)))
                now, method, tutor, event = sitting(learner, team, later, rng, rows, attended)
                left = rng.randrange(2, 6)
            if now >= until:
                break
            left, opened = left - 1, now
            wrong, right = tries_of(course, lesson)
            tries = [wrong, right] if rng.random() < 0.08 else [right]
            best, completed = 0, None
            for given, marking in tries:
                now += timedelta(minutes=rng.randrange(2, 8))
                best = max(best, marking.score)
                completed = completed or (now if marking.passed else None)
                rows.attempts.append({
                    "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "learner_id": learner, "lesson_id": ids.lessons[(course.id, lesson.id)],
                    "course_id": course_id, "score": marking.score, "passed": marking.passed,
                    "answers": given, "method": method,
                    "tutor_id": tutor, "event_id": event,
                    "recorded_by_id": tutor or (team.tutors[0] if event else learner),
                    "submitted_at": now, "received_at": now + timedelta(seconds=2),
                    "clock_clamped": None})
            answers += len(tries)
            rows.lessons.append({
                "learner_id": learner, "lesson_id": ids.lessons[(course.id, lesson.id)],
                "course_id": course_id, "started_at": opened, "attempts": len(tries),
                "best_score": best, "completed_at": completed, "method": method,
                "tutor_id": tutor, "event_id": event})
            started, done, last = started or opened, done + 1, completed
            now += timedelta(minutes=rng.randrange(1, 5))
        if started is not None:
            rows.courses.append({
                "learner_id": learner, "course_id": course_id, "started_at": started,
                "lessons_completed": done,
                "completed_at": last if done == len(course.lessons) else None})
        if now >= until or done < len(course.lessons):
            break
    return answers


def joined(pace: Pace, rng: random.Random, latest: datetime) -> datetime:
    """When a learner of the commune signed up: more of them as the campaign grows."""
    first = today() - timedelta(days=pace.began)
    last = today() - timedelta(days=pace.stopped + (1 if pace.stopped else 0))
    span = max((last - first).days, 1)
    day = first + timedelta(days=min(span, int(span * rng.random() ** 0.6)))
    return min(moment_on(day, rng, 6, 21), latest)


def write(rows: Rows) -> None:
    for model, table_rows in ((QuizAttempt, rows.attempts), (LessonProgress, rows.lessons),
                              (CourseProgress, rows.courses),
                              (EventAttendance, rows.attendance)):
        for first in range(0, len(table_rows), 5000):
            db.session.execute(insert(model.__table__), table_rows[first:first + 5000])


def load_activity(province_code: str, learners: int | None = None, seed: int = 2025) -> Loaded:
    """Targets, teams with tutors and events, and ``learners`` learners (by default LEARNERS, or
    fewer in a small province) with their progress in the province's communes; then every
    counter recomputed from these records (``rebuild``, as `flask stats rebuild` does)."""
    rng = random.Random(seed)
    loaded = Loaded()
    _tries.clear()  # (another app may have another catalogue)
    communes = list(db.session.scalars(select(Commune).where(
        Commune.province_code == province_code).order_by(Commune.code)))
    if not communes:
        return loaded
    loaded.communes = len(communes)
    set_targets(communes)
    courses = current_catalogue().courses
    core = [course for slug in core_pathway() for course in courses if course.id == slug]
    others = [course for course in courses if course not in core]
    paces = paces_of(communes, rng)
    teams = {c.code: add_teams(c, paces[c.code], rng, loaded) for c in communes}
    weights = [(c.coverage_target or 20) * paces[c.code].weight for c in communes]
    if learners is None:
        learners = min(LEARNERS, round(SHARE * sum(c.coverage_target or 0 for c in communes)))
    now = utcnow() - timedelta(minutes=5)
    rows = Rows()
    for code, commune_teams in teams.items():  # tutors learn too, on their own
        pace = paces[code]
        until = now - timedelta(days=pace.stopped)
        for team in commune_teams:
            for tutor in team.tutors:
                created = day_start_utc(today() - timedelta(days=pace.began))
                loaded.answers += learn(tutor, created, plan(core, others, 0.95, rng), None, until,
                                        rng, rows)
    people = []
    for code in rng.choices([c.code for c in communes], weights, k=learners):
        team = rng.choice(teams[code]) if teams[code] and rng.random() < 0.65 else None
        assisted = team is not None and rng.random() < 0.4
        people.append((code, user_row(rng, code, joined(paces[code], rng, now - timedelta(
            hours=1)), team_id=team.id if team else None,
            registered_by=rng.choice(team.tutors) if assisted else None), team))
    ids = inserted(User, [row for _code, row, _team in people])
    db.session.execute(insert(Consent), [
        {"user_id": learner, "purpose": Purpose.LEARNING_RECORD, "given_at": row["created_at"],
         "recorded_by_id": row["registered_by_id"] or learner}
        for learner, (_code, row, _team) in zip(ids, people, strict=True)])
    for learner, (code, row, team) in zip(ids, people, strict=True):
        pace = paces[code]
        until = now - timedelta(days=pace.stopped)
        loaded.answers += learn(learner, row["created_at"], plan(core, others, pace.keen, rng),
                                team, until, rng, rows)
    loaded.learners = len(ids)
    write(rows)
    db.session.flush()
    rebuild()
    return loaded
