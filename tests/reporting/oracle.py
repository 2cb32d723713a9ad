"""An independent computation of every statistics figure, straight from raw records, written
without the application's reporting code: the definitions of docs/statistics.md in plain Python.

Deleted accounts count with the attributes they had when they were deleted: the tests pass
those in ``frozen`` (learner id -> (commune, birth_year, gender, team_id)).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from learning.accounts.models import User
from learning.catalog.records import record_ids
from learning.events.models import TeamEvent
from learning.extensions import db
from learning.progress.models import CompletionHold, CourseProgress, LessonProgress, QuizAttempt
from learning.teams.models import DigitalTeam

DISTINCT = ("active", "helped")


def vn_day(moment: datetime) -> date:
    return (moment + timedelta(hours=7)).date()


def start_of(kind: str, day: date) -> date | None:
    if kind == "w":
        return day - timedelta(days=day.weekday())
    if kind == "m":
        return date(day.year, day.month, 1)
    if kind == "q":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if kind == "y":
        return date(day.year, 1, 1)
    if kind == "d":
        return day
    return None


def band(birth_year, registered: date) -> str:
    if birth_year is None:
        return "unknown"
    age = registered.year - birth_year
    for name, low, high in (("0-14", 0, 14), ("15-24", 15, 24), ("25-39", 25, 39),
                            ("40-59", 40, 59), ("60+", 60, 999)):
        if low <= age <= high:
            return name
    return "unknown"


@dataclass
class Fact:
    learner: int | None
    commune: str
    day: date
    course: int = 0
    method: str | None = None
    age: str | None = None
    gender: str | None = None
    team: str | None = None


class Oracle:
    def __init__(self, core_slugs, frozen: dict | None = None) -> None:
        frozen = frozen or {}
        ids = record_ids().courses
        core = [ids[slug] for slug in core_slugs if slug in ids]
        people = {}
        for user in db.session.scalars(select(User)):
            commune, birth, gender, team = frozen.get(user.id, (
                user.commune_code, user.birth_year, user.gender, user.team_id))
            if commune is None:
                continue
            registered = vn_day(user.created_at)
            people[user.id] = dict(commune=commune, age=band(birth, registered),
                                   gender=gender or "unknown",
                                   team=str(team) if team is not None else "",
                                   registered=registered)
        self.facts: dict[str, list[Fact]] = {m: [] for m in (
            "registered", "active", "lessons", "courses", "core", "helped", "sessions")}

        def fact(measure, learner, day, course=0, method=None):
            p = people[learner]
            self.facts[measure].append(Fact(learner, p["commune"], day, course, method,
                                            p["age"], p["gender"], p["team"]))

        for learner, p in people.items():
            fact("registered", learner, p["registered"])
        # Completions held for review (flagged, not confirmed) are not counted, nor the courses
        # (and so the core pathway) they belong to.
        held = {(h.learner_id, h.lesson_id) for h in db.session.scalars(select(CompletionHold))
                if h.status != "confirmed"}
        held_courses = {(h.learner_id, h.course_id) for h in db.session.scalars(
            select(CompletionHold)) if h.status != "confirmed"}
        for a in db.session.scalars(select(QuizAttempt)):
            if a.learner_id in people:
                fact("active", a.learner_id, vn_day(a.submitted_at))
        for lp in db.session.scalars(select(LessonProgress)):
            if lp.learner_id in people and lp.completed_at is not None \
                    and (lp.learner_id, lp.lesson_id) not in held:
                fact("lessons", lp.learner_id, vn_day(lp.completed_at), lp.course_id,
                     lp.method or "self")
                if lp.method in ("tutor", "event"):
                    fact("helped", lp.learner_id, vn_day(lp.completed_at))
        done: dict[int, dict[int, datetime]] = {}
        for cp in db.session.scalars(select(CourseProgress)):
            if cp.learner_id in people and cp.completed_at is not None \
                    and (cp.learner_id, cp.course_id) not in held_courses:
                fact("courses", cp.learner_id, vn_day(cp.completed_at), cp.course_id)
                done.setdefault(cp.learner_id, {})[cp.course_id] = cp.completed_at
        for learner, courses in done.items():
            if core and all(c in courses for c in core):
                fact("core", learner, vn_day(max(courses[c] for c in core)))
        for event, team in db.session.execute(select(TeamEvent, DigitalTeam).join(
                DigitalTeam, DigitalTeam.id == TeamEvent.team_id)):
            self.facts["sessions"].append(Fact(None, team.commune_code, event.held_on,
                                               team=str(team.id)))

    def count(self, measure: str, communes, kind: str = "a", start: date | None = None,
              course: int = 0, dimension: str = "all", value: str = "",
              until: date | None = None) -> int:
        """The figure; until: facts on days before it (a total to date)."""
        chosen = []
        for f in self.facts[measure]:
            if f.commune not in communes or (kind != "a" and start_of(kind, f.day) != start):
                continue
            if until is not None and f.day >= until:
                continue
            if course and f.course != course:
                continue
            if dimension == "method" and f.method != value:
                continue
            if dimension in ("age", "gender", "team") and getattr(f, dimension) != value:
                continue
            chosen.append(f)
        if measure in DISTINCT:
            return len({f.learner for f in chosen})
        return len(chosen)

    def last_activity(self, commune: str, today: date, days: int) -> date | None:
        recent = [f.day for f in self.facts["active"]
                  if f.commune == commune and f.day >= today - timedelta(days=days)]
        return max(recent) if recent else None


# --- Officials and team members trained (docs/statistics.md) -----------------------------

OFFICIAL_ROLES = ("commune_officer", "province_staff")
MEMBER_ROLES = ("tutor", "team_lead")


def raw_staff(catalogue, communes: set[str], province: str | None):
    """Independent count: each staff account, its group, its commune (None: province staff)
    and the Vietnam day it completed the last course of its track (None: not yet)."""
    ids = record_ids().courses
    tracks = {"officials": {ids[c.id] for c in catalogue.courses if c.audience == "officials"},
              "team_members": {ids[c.id] for c in catalogue.courses if c.audience == "teams"}}
    done: dict[int, dict[int, datetime]] = {}
    for cp in db.session.scalars(select(CourseProgress)):
        if cp.completed_at is not None:
            done.setdefault(cp.learner_id, {})[cp.course_id] = cp.completed_at
    people = []
    for user in db.session.scalars(select(User)):
        if user.deleted_at is not None:
            continue
        if user.role in OFFICIAL_ROLES:
            group = "officials"
        elif user.role in MEMBER_ROLES:
            group = "team_members"
        else:
            continue
        if user.role == "province_staff":
            if province is None or user.province_code != province:
                continue
            commune = None
        elif user.commune_code in communes:
            commune = user.commune_code
        else:
            continue
        mine = done.get(user.id, {})
        day = vn_day(max(mine[c] for c in tracks[group])) \
            if tracks[group] and all(c in mine for c in tracks[group]) else None
        people.append((group, commune, day))
    return people


def expected_staff(people, commune, group, until=None, since=None) -> tuple[int, int]:
    """(accounts, trained before `until` and on or after `since`) of a commune (None: province
    staff; "*": everyone)."""
    mine = [p for p in people if p[0] == group and (commune == "*" or p[1] == commune)]
    trained = [p for p in mine if p[2] is not None and (until is None or p[2] < until)
               and (since is None or p[2] >= since)]
    return len(mine), len(trained)
