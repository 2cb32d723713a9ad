"""Counting a new quiz attempt, in the same transaction as the progress it counts.

``lock_learner`` then ``count_attempt`` are called by the one progress service for every new quiz
attempt. Completions may arrive twice and out of order: a lesson is counted when it becomes
completed, and moved to an earlier day (or another method) when an earlier passing attempt
arrives later; a person is counted once per period as active or helped.
"""

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Select, bindparam, literal_column, select

from learning.accounts.models import User
from learning.counting import records
from learning.counting.cells import Deltas, Person
from learning.counting.counters import apply_deltas
from learning.counting.definitions import (
    ALL_TIME,
    ASSISTED,
    DAY,
    MONTH,
    PERIOD_KINDS,
    WEEK,
    Period,
    day_start_utc,
    local_day,
    period_start,
)
from learning.counting.facts import LearnerFacts, contribution, core_course_ids
from learning.counting.models import StatisticsProfile
from learning.counting.people import add_profile, locked_profile, person_of, profile_values
from learning.extensions import db


@dataclass(frozen=True)
class Completion:
    """When and how a lesson (or course) was completed."""

    at: datetime
    method: str = "self"


@dataclass(frozen=True)
class ProgressChange:
    """What one new quiz attempt changed, as the progress service saw it."""

    learner_id: int
    course_id: int
    lesson_id: int
    lesson_before: Completion | None
    lesson_after: Completion | None
    course_before: datetime | None
    course_after: datetime | None


@dataclass(frozen=True)
class Counting:
    """Who a learner counts as (None: not counted, no commune), the periods (kind, start) in which
    a new answer is their first, and the learner's progress as the progress service asked for it
    (``state``): read in one statement under the learner's lock, before the answer is stored."""

    person: Person | None
    first_in: tuple[tuple[str, date], ...]
    state: Any
    assisted_days: frozenset[date] = frozenset()
    core_done: int = 0
    core_last: datetime | None = None
    registered_on: date | None = None


@functools.cache  # (threads asking at once may each build them: each gets them all)
def _statements() -> dict[str, Select]:
    """- ``state``: the learner's answers already stored in the day, week and month of a new
      answer (and ever), and the progress an attempt needs (``ProgressRecords.attempt_state``);
    - ``lock``: the profile, locked (PostgreSQL);
    - ``both``: the profile and the state in one round trip (SQLite, where the transaction
      holds the database's write lock from its first statement)."""
    progress = records()
    attempt = progress.attempt_state()
    state = [
        progress.answered_between("d0", "d1").label("in_day"),
        progress.answered_between("w0", "w1").label("in_week"),
        progress.answered_between("m0", "m1").label("in_month"),
        progress.answered_ever().label("ever"),
        *attempt.columns,
    ]

    def joined(source: Any) -> Any:
        for target, on in attempt.joins:
            source = source.outerjoin(target, on)
        return source

    profile = StatisticsProfile.__table__
    this_learner = StatisticsProfile.learner_id == bindparam("learner_id")
    return {
        "state": select(*state).select_from(
            joined(select(literal_column("1").label("one")).subquery("one"))),
        "lock": select(profile).where(this_learner).with_for_update(),
        "both": select(profile, *state).select_from(joined(profile)).where(this_learner),
    }


def _bounds(at: datetime) -> dict[str, Any]:
    day = local_day(at)
    week, month = Period.containing(WEEK, day), Period.containing(MONTH, day)
    return {"d0": day_start_utc(day), "d1": day_start_utc(day + timedelta(days=1)),
            "w0": day_start_utc(week.start), "w1": day_start_utc(week.end),
            "m0": day_start_utc(month.start), "m1": day_start_utc(month.end)}


def lock_learner(learner: User, at: datetime, state: dict[str, Any]) -> Counting:
    """Take the learner's statistics lock (on PostgreSQL, a row lock on their profile, so that two
    transactions about the same person count one after the other) and say who they count as and
    where an answer given at `at` is their first, with the progress state asked for (the bound
    parameters of ``ProgressRecords.attempt_state`` in `state`). A learner who was never counted
    gets a profile now, with everything they did so far.

    On PostgreSQL the state is read by a statement of its own, after the lock is granted: a
    statement sees what was committed when it began, and the lock may have been waited for.
    On SQLite the transaction holds the write lock already: one statement reads everything."""
    connection = db.session.connection()
    statements = _statements()
    params = {"learner_id": learner.id, "core": core_course_ids() or (0,), **_bounds(at),
              **state}
    locking = "lock" if connection.dialect.name == "postgresql" else "both"
    profile = connection.execute(statements[locking], params).first()
    if profile is None:
        values = profile_values(learner)
        if values is not None:
            add_profile(connection, values, _apply)
            profile = connection.execute(statements[locking], params).first()
    row = profile if locking == "both" and profile is not None else \
        connection.execute(statements["state"], params).one()
    if profile is None:  # not counted (no commune): only the progress state
        return Counting(None, (), row)
    day = local_day(at)
    found = {DAY: row.in_day, WEEK: row.in_week, MONTH: row.in_month, ALL_TIME: row.ever}
    assisted = frozenset(local_day(_moment(text)) for text in (row.assisted_days or "").split(",")
                         if text)
    return Counting(person_of(profile), tuple(
        (kind, period_start(kind, day)) for kind in PERIOD_KINDS if not found[kind]),
        row, assisted, row.core_done or 0, row.core_last, profile.registered_on)


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.strip())


def count_attempt(counting: Counting, change: ProgressChange) -> None:
    """Count a new quiz attempt and the completions it changed: no statement but the one that
    writes the counters (everything was read by ``lock_learner``)."""
    person = counting.person
    if person is None:
        return
    deltas = Deltas()
    for kind, start in counting.first_in:
        deltas.add_at("active", person, kind, start, 1)
    if change.lesson_before != change.lesson_after:
        _move_lesson(counting, deltas, person, change)
    if change.course_before != change.course_after:
        _move_course(counting, deltas, person, change)
    _apply(db.session.connection(), deltas)


def _move_lesson(counting: Counting, deltas: Deltas, person: Person,
                 change: ProgressChange) -> None:
    before, after = change.lesson_before, change.lesson_after
    if before is not None:
        deltas.add_dated("lessons", person, local_day(before.at), -1, change.course_id,
                         before.method)
    if after is not None:
        deltas.add_dated("lessons", person, local_day(after.at), 1, change.course_id,
                         after.method)
    if not _assisted_day(before) and not _assisted_day(after):
        return
    others = set(counting.assisted_days)
    deltas.add_distinct("helped", person, others | _assisted_day(before),
                        others | _assisted_day(after))


def _assisted_day(completion: Completion | None) -> set[date]:
    if completion is None or completion.method not in ASSISTED:
        return set()
    return {local_day(completion.at)}


def _move_course(counting: Counting, deltas: Deltas, person: Person,
                 change: ProgressChange) -> None:
    before, after = change.course_before, change.course_after
    if before is not None:
        deltas.add_dated("courses", person, local_day(before), -1, change.course_id)
    if after is not None:
        deltas.add_dated("courses", person, local_day(after), 1, change.course_id)
    core = core_course_ids()
    if change.course_id not in core:
        return
    others_done = counting.core_done == len(core) - 1
    core_before = _core_day(others_done, counting.core_last, before)
    core_after = _core_day(others_done, counting.core_last, after)
    if core_before != core_after:
        if core_before is not None:
            deltas.add_dated("core", person, core_before, -1)
        if core_after is not None:
            deltas.add_dated("core", person, core_after, 1)


def _core_day(others_done: bool, others_last: datetime | None,
              this_course: datetime | None) -> date | None:
    """The day the core pathway was completed: when the last of its courses was."""
    if not others_done or this_course is None:
        return None
    return local_day(max(this_course, others_last) if others_last else this_course)


# --- Recounting one learner from their records (completions held for review) ------------------
# The incremental counting above does not know which completions are held (learning.review): a
# learner with a held completion, or whose completion has just been held, is recounted instead —
# everything they add to the counters, from their records, before and after the change.

def counted_facts(counting: Counting, learner_id: int) -> LearnerFacts | None:
    """What the learner counts for now (None: not counted), read under their lock."""
    if counting.person is None or counting.registered_on is None:
        return None
    return records().facts(db.session.connection(), learner_id, as_day(counting.registered_on))


def recount(counting: Counting, learner_id: int, before: LearnerFacts | None) -> None:
    """Move the learner's counts from what they counted for (``before``) to what they count for
    now (their records, held completions left out)."""
    after = counted_facts(counting, learner_id)
    if before is None or after is None or counting.person is None:
        return
    deltas = contribution(counting.person, after)
    deltas.merge(contribution(counting.person, before, -1))
    _apply(db.session.connection(), deltas)


@contextmanager
def recounted(learner_id: int) -> Iterator[None]:
    """Recount a learner around the changes made inside the block (a completion held, confirmed
    or rejected): their profile is locked, their counts read before and after."""
    connection = db.session.connection()
    profile = locked_profile(connection, learner_id)
    counting = Counting(person_of(profile) if profile is not None else None, (), None,
                        registered_on=profile.registered_on if profile is not None else None)
    before = counted_facts(counting, learner_id)
    yield
    db.session.flush()
    recount(counting, learner_id, before)


def as_day(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


# Counter changes deferred to the end of a transaction (``deferred``): a stack of Deltas in the
# session's info, the innermost last.
DEFERRED = "counting.deferred"


def _apply(connection: Connection, deltas: Deltas) -> None:
    stack = db.session.info.get(DEFERRED)
    if stack:
        stack[-1].merge(deltas)
    else:
        apply_deltas(connection, deltas)


@contextmanager
def deferred() -> Iterator[None]:
    """Counter changes counted inside are merged and written once, in key order, when the block
    ends without an error (inside another ``deferred`` block: when the outer one ends), and
    dropped when it ends with one (the savepoint they were counted in was rolled back). A
    transaction that records many answers (a sync batch) then locks every counter row it touches
    in one global order: two such transactions never deadlock on counters."""
    stack = db.session.info.setdefault(DEFERRED, [])
    stack.append(Deltas())
    try:
        yield
    except BaseException:
        stack.pop()
        raise
    mine = stack.pop()
    if stack:
        stack[-1].merge(mine)
    else:
        apply_deltas(db.session.connection(), mine)
