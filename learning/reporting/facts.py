"""One learner's countable facts, read from raw records, and what they add to the counters.

Used when a learner's attributes change (their counts move from one cell to another) and when a
profile has to be created for a learner who was never counted.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Connection, select

from learning.catalog.records import record_ids
from learning.progress.models import CourseProgress, LessonProgress, QuizAttempt
from learning.reporting.cells import Deltas, Person
from learning.reporting.definitions import ASSISTED, core_pathway, local_day


@dataclass
class LearnerFacts:
    registered_on: date
    attempt_days: set[date] = field(default_factory=set)
    lessons: list[tuple[int, date, str]] = field(default_factory=list)  # course, day, method
    courses: dict[int, datetime] = field(default_factory=dict)  # course -> completed_at

    @property
    def assisted_days(self) -> set[date]:
        return {day for _, day, method in self.lessons if method in ASSISTED}

    @property
    def core_day(self) -> date | None:
        return core_completion_day(self.courses)


def core_course_ids() -> tuple[int, ...]:
    ids = record_ids().courses
    return tuple(ids[slug] for slug in core_pathway() if slug in ids)


def core_completion_day(completed: dict[int, datetime | None]) -> date | None:
    """The day the core pathway was completed: when the last of its courses was."""
    core = core_course_ids()
    moments = [completed.get(course_id) for course_id in core]
    if not core or any(moment is None for moment in moments):
        return None
    return local_day(max(moments))  # type: ignore[type-var]


def load_facts(connection: Connection, learner_id: int, registered_on: date) -> LearnerFacts:
    facts = LearnerFacts(registered_on)
    facts.attempt_days = {local_day(at) for at in connection.scalars(
        select(QuizAttempt.submitted_at).where(QuizAttempt.learner_id == learner_id))}
    facts.lessons = [(course_id, local_day(at), method or "self") for course_id, at, method in
                     connection.execute(select(
                         LessonProgress.course_id, LessonProgress.completed_at,
                         LessonProgress.method).where(
                         LessonProgress.learner_id == learner_id,
                         LessonProgress.completed_at.is_not(None)))]
    facts.courses = dict(connection.execute(select(
        CourseProgress.course_id, CourseProgress.completed_at).where(
        CourseProgress.learner_id == learner_id, CourseProgress.completed_at.is_not(None))).all())
    return facts


def contribution(person: Person, facts: LearnerFacts, sign: int = 1) -> Deltas:
    """Everything a learner adds to the counters (sign -1: everything to take away)."""
    deltas = Deltas()
    deltas.add_dated("registered", person, facts.registered_on, sign)
    for course_id, day, method in facts.lessons:
        deltas.add_dated("lessons", person, day, sign, course_id, method)
    for course_id, moment in facts.courses.items():
        deltas.add_dated("courses", person, local_day(moment), sign, course_id)
    if facts.core_day is not None:
        deltas.add_dated("core", person, facts.core_day, sign)
    none: set[date] = set()
    if sign > 0:
        deltas.add_distinct("active", person, none, facts.attempt_days)
        deltas.add_distinct("helped", person, none, facts.assisted_days)
    else:
        deltas.add_distinct("active", person, facts.attempt_days, none)
        deltas.add_distinct("helped", person, facts.assisted_days, none)
    return deltas
