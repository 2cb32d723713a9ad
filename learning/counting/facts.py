"""One learner's countable facts, and what they add to the counters.

Used when a learner's attributes change (their counts move from one cell to another) and when a
profile has to be created for a learner who was never counted. The facts are read from the raw
progress records by the progress package, which lies above counting: it hands counting a
``ProgressRecords`` when the app is created (``learning.counting.register``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection

from learning.catalog.records import record_ids
from learning.counting.cells import Deltas, Person
from learning.counting.definitions import ASSISTED, core_pathway, local_day


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


@dataclass(frozen=True)
class AttemptState:
    """Columns (labelled) and the rows they read: (target, on clause) pairs to outer-join, each
    matching at most one row, so that the statement still gives one row."""

    columns: list[ColumnElement[Any]]
    joins: list[tuple[Any, ColumnElement[bool]]]


@dataclass(frozen=True)
class ProgressRecords:
    """How counting reads a learner's raw progress, given by the progress package.

    - ``facts(connection, learner_id, registered_on)``: everything the learner did;
    - ``answered_between(start, end)``: whether the learner answered between two bound
      parameters (the learner is the bound parameter ``learner_id``);
    - ``answered_ever()``: whether the learner (``learner_id``) ever answered;
    - ``attempt_state()``: labelled columns read with the learner's lock before a new attempt is
      stored, in the same statement (one round trip), with the rows they come from
      (``AttemptState.joins``, outer-joined, at most one row each): the progress service's own
      columns, and ``assisted_days`` (the moments of the learner's other lessons, other than
      ``lesson_id``, completed with a tutor or at an event, as text joined by commas),
      ``core_done`` and ``core_last`` (how many of the core courses ``core``, other than
      ``course_id``, the learner completed, and when the last of them was).
    """

    facts: Callable[[Connection, int, date], LearnerFacts]
    answered_between: Callable[[str, str], ColumnElement[bool]]
    answered_ever: Callable[[], ColumnElement[bool]]
    attempt_state: Callable[[], AttemptState]


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
