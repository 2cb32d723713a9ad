"""Keeping the counters exact, in the same transaction as what they count.

- ``lock_learner`` + ``count_attempt``: called by the one progress service for every new quiz
  attempt. Completions may arrive twice and out of order: a lesson is counted when it becomes
  completed, and moved to an earlier day (or another method) when an earlier passing attempt
  arrives later; a person is counted once per period as active or helped.
- Account changes (a new account, a move to another commune, a corrected birth year or gender, a
  roster team) move the person's counts, through ORM events on ``User``; an account deleted at
  its owner's request keeps its profile, so its anonymous counts stay.
- Sessions of the community digital teams are counted through ORM events on ``TeamEvent``.

Statements run through the session (``update(User)…``, ``delete(TeamEvent)…``) are handled in
``bulk``; writes that bypass the session altogether are not seen: ``flask stats verify`` finds
the difference and ``flask stats rebuild`` repairs it.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, delete, event, exists, func, insert, inspect, select

from learning.accounts.models import User
from learning.events.models import TeamEvent
from learning.extensions import db
from learning.progress.models import CourseProgress, LessonProgress, QuizAttempt
from learning.reporting.cells import Deltas, Person
from learning.reporting.counters import apply_deltas
from learning.reporting.definitions import (
    ALL_TIME,
    ASSISTED,
    DAY,
    MONTH,
    PERIOD_KINDS,
    WEEK,
    Period,
    age_band,
    day_start_utc,
    gender_value,
    local_day,
    period_start,
    team_value,
)
from learning.reporting.facts import (
    contribution,
    core_completion_day,
    core_course_ids,
    load_facts,
)
from learning.reporting.models import StatisticsProfile
from learning.teams.models import DigitalTeam

PROFILE_ATTRIBUTES = ("commune_code", "birth_year", "gender", "team_id", "created_at")


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


# --- Profiles: who a person counts as ------------------------------------------------------

def profile_values(user: User) -> dict[str, Any] | None:
    """The profile an account should have; None for an account without a commune."""
    if user.commune_code is None:
        return None
    registered_on = local_day(user.created_at)
    return {"learner_id": user.id, "commune_code": user.commune_code,
            "age_band": age_band(user.birth_year, registered_on),
            "gender": gender_value(user.gender), "team": team_value(user.team_id),
            "registered_on": registered_on}


def person_of(values: Any) -> Person:
    return Person(values.commune_code, values.age_band, values.gender, values.team)


_LOCK_PROFILE = select(StatisticsProfile.__table__).where(
    StatisticsProfile.learner_id == bindparam("learner_id")).with_for_update()


def _answers_between(start: str, end: str):
    qa = QuizAttempt
    return select(func.count()).where(
        qa.learner_id == bindparam("learner_id"), qa.submitted_at >= bindparam(start),
        qa.submitted_at < bindparam(end)).scalar_subquery()


# The profile, locked, and the learner's answers already stored in the day, week and month of a
# new answer (and ever): one round trip.
_LOCK_AND_ACTIVITY = select(
    StatisticsProfile.__table__, _answers_between("d0", "d1").label("in_day"),
    _answers_between("w0", "w1").label("in_week"), _answers_between("m0", "m1").label("in_month"),
    exists().where(QuizAttempt.learner_id == bindparam("learner_id")).label("ever"),
).where(StatisticsProfile.learner_id == bindparam("learner_id")).with_for_update(
    of=StatisticsProfile.__table__)


@dataclass(frozen=True)
class Counting:
    """Who a learner counts as, and the periods (kind, start) in which a new answer is their
    first: read under the learner's lock, before the answer is stored."""

    person: Person
    first_in: tuple[tuple[str, date], ...]


def _locked_profile(connection: Connection, learner_id: int):
    return connection.execute(_LOCK_PROFILE, {"learner_id": learner_id}).first()


def _bounds(at: datetime) -> dict[str, Any]:
    day = local_day(at)
    week, month = Period.containing(WEEK, day), Period.containing(MONTH, day)
    return {"d0": day_start_utc(day), "d1": day_start_utc(day + timedelta(days=1)),
            "w0": day_start_utc(week.start), "w1": day_start_utc(week.end),
            "m0": day_start_utc(month.start), "m1": day_start_utc(month.end)}


def lock_learner(learner: User, at: datetime) -> Counting | None:
    """Take the learner's statistics lock (on PostgreSQL, a row lock on their profile, so that two
    transactions about the same person count one after the other) and say who they count as and
    where an answer given at `at` is their first. A learner who was never counted gets a profile
    now, with everything they did so far."""
    connection = db.session.connection()
    params = {"learner_id": learner.id, **_bounds(at)}
    row = connection.execute(_LOCK_AND_ACTIVITY, params).first()
    if row is None:
        values = profile_values(learner)
        if values is None:
            return None
        connection.execute(insert(StatisticsProfile.__table__).values(values))
        facts = load_facts(connection, learner.id, values["registered_on"])
        apply_deltas(connection, contribution(person_of_values(values), facts))
        row = connection.execute(_LOCK_AND_ACTIVITY, params).first()
    day = local_day(at)
    found = {DAY: row.in_day, WEEK: row.in_week, MONTH: row.in_month, ALL_TIME: row.ever}
    return Counting(person_of(row), tuple(
        (kind, period_start(kind, day)) for kind in PERIOD_KINDS if not found[kind]))


# --- Progress -----------------------------------------------------------------------------

def count_attempt(counting: Counting | None, change: ProgressChange) -> None:
    """Count a new quiz attempt and the completions it changed."""
    db.session.flush()  # the rows as counted, so that a later move of the person sees them
    if counting is None:
        return
    connection, person = db.session.connection(), counting.person
    deltas = Deltas()
    for kind, start in counting.first_in:
        deltas.add_at("active", person, kind, start, 1)
    if change.lesson_before != change.lesson_after:
        _move_lesson(connection, deltas, person, change)
    if change.course_before != change.course_after:
        _move_course(connection, deltas, person, change)
    apply_deltas(connection, deltas)


def _move_lesson(connection: Connection, deltas: Deltas, person: Person,
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
    lp = LessonProgress
    others = {local_day(at) for at in connection.scalars(select(lp.completed_at).where(
        lp.learner_id == change.learner_id, lp.lesson_id != change.lesson_id,
        lp.completed_at.is_not(None), lp.method.in_(ASSISTED)))}
    deltas.add_distinct("helped", person, others | _assisted_day(before),
                        others | _assisted_day(after))


def _assisted_day(completion: Completion | None) -> set[date]:
    if completion is None or completion.method not in ASSISTED:
        return set()
    return {local_day(completion.at)}


def _move_course(connection: Connection, deltas: Deltas, person: Person,
                 change: ProgressChange) -> None:
    before, after = change.course_before, change.course_after
    if before is not None:
        deltas.add_dated("courses", person, local_day(before), -1, change.course_id)
    if after is not None:
        deltas.add_dated("courses", person, local_day(after), 1, change.course_id)
    core = core_course_ids()
    if change.course_id not in core:
        return
    completed = dict(connection.execute(select(
        CourseProgress.course_id, CourseProgress.completed_at).where(
        CourseProgress.learner_id == change.learner_id, CourseProgress.course_id.in_(core),
        CourseProgress.course_id != change.course_id,
        CourseProgress.completed_at.is_not(None))).all())
    core_before = core_completion_day({**completed, change.course_id: before})
    core_after = core_completion_day({**completed, change.course_id: after})
    if core_before != core_after:
        if core_before is not None:
            deltas.add_dated("core", person, core_before, -1)
        if core_after is not None:
            deltas.add_dated("core", person, core_after, 1)


# --- Accounts: a person's counts move with them --------------------------------------------

def _changed(record: Any, attributes: tuple[str, ...]) -> bool:
    state = inspect(record)
    return any(state.attrs[name].history.has_changes() for name in attributes)


def _being_deleted(user: User) -> bool:
    return user.deleted_at is not None


@event.listens_for(User, "after_insert")
def _account_created(_mapper: Any, connection: Connection, user: User) -> None:
    values = profile_values(user)
    if values is None:
        return
    connection.execute(insert(StatisticsProfile.__table__).values(values))
    deltas = Deltas()
    deltas.add_dated("registered", person_of_values(values), values["registered_on"], 1)
    apply_deltas(connection, deltas)


@event.listens_for(User, "after_update")
def _account_changed(_mapper: Any, connection: Connection, user: User) -> None:
    if _being_deleted(user) or not _changed(user, PROFILE_ATTRIBUTES):
        return  # a deleted account keeps the profile it had: its counts stay where they were
    move_person(connection, user)


@event.listens_for(User, "before_delete")
def _account_removed(_mapper: Any, connection: Connection, user: User) -> None:
    remove_person(connection, user.id)


def remove_person(connection: Connection, user_id: int) -> None:
    """An account removed from the database (not the deletion of personal data at the owner's
    request, which keeps it): its progress goes with it, and so do its counts."""
    old = _locked_profile(connection, user_id)
    if old is not None:
        facts = load_facts(connection, user_id, old.registered_on)
        apply_deltas(connection, contribution(person_of(old), facts, -1))


def person_of_values(values: dict[str, Any]) -> Person:
    return Person(values["commune_code"], values["age_band"], values["gender"], values["team"])


def move_person(connection: Connection, user: User) -> None:
    """Bring the person's profile and counts in line with their account."""
    old = _locked_profile(connection, user.id)
    new = profile_values(user)
    if old is not None and new is not None and person_of(old) == person_of_values(new) \
            and old.registered_on == new["registered_on"]:
        return
    deltas = Deltas()
    if old is not None:
        facts = load_facts(connection, user.id, old.registered_on)
        deltas.merge(contribution(person_of(old), facts, -1))
        connection.execute(delete(StatisticsProfile.__table__).where(
            StatisticsProfile.learner_id == user.id))
    if new is not None:
        facts = load_facts(connection, user.id, new["registered_on"])
        deltas.merge(contribution(person_of_values(new), facts))
        connection.execute(insert(StatisticsProfile.__table__).values(new))
    apply_deltas(connection, deltas)


# --- Sessions of the community digital teams -----------------------------------------------

def count_session(connection: Connection, team_id: int, held_on: date, n: int) -> None:
    commune = connection.scalar(select(DigitalTeam.commune_code).where(DigitalTeam.id == team_id))
    if commune is None:
        return
    deltas = Deltas()
    deltas.add_dated("sessions", Person(commune, team=team_value(team_id)), held_on, n)
    apply_deltas(connection, deltas)


@event.listens_for(TeamEvent, "after_insert")
def _session_recorded(_mapper: Any, connection: Connection, team_event: TeamEvent) -> None:
    count_session(connection, team_event.team_id, team_event.held_on, 1)


def _stored_session(connection: Connection, team_event: TeamEvent):
    """The team and day of the event as the database holds them (before the change)."""
    return connection.execute(select(TeamEvent.team_id, TeamEvent.held_on).where(
        TeamEvent.id == team_event.id)).first()


@event.listens_for(TeamEvent, "before_delete")
def _session_deleted(_mapper: Any, connection: Connection, team_event: TeamEvent) -> None:
    stored = _stored_session(connection, team_event)
    if stored is not None:
        count_session(connection, stored.team_id, stored.held_on, -1)


@event.listens_for(TeamEvent, "before_update")
def _session_changed(_mapper: Any, connection: Connection, team_event: TeamEvent) -> None:
    if not _changed(team_event, ("team_id", "held_on")):
        return
    stored = _stored_session(connection, team_event)
    if stored is not None and (stored.team_id, stored.held_on) != (
            team_event.team_id, team_event.held_on):
        count_session(connection, stored.team_id, stored.held_on, -1)
        count_session(connection, team_event.team_id, team_event.held_on, 1)


# Statements that change or delete accounts and team events (not object by object).
from learning.reporting import bulk  # noqa: E402, F401
