"""A person's counts move with them: who a person counts as (their statistics profile) follows
their account — a new account, a move to another commune, a corrected birth year or gender, a
roster team. An account deleted at its owner's request keeps its profile, so its anonymous counts
stay; an account removed from the database takes its counts with it.

The ORM events on ``User`` are installed by ``learning.counting.register`` (from ``create_app``).
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, bindparam, delete, event, insert, inspect, select

from learning.accounts.models import User
from learning.counting import records
from learning.counting.cells import Deltas, Person
from learning.counting.counters import apply_deltas
from learning.counting.definitions import age_band, gender_value, local_day, team_value
from learning.counting.facts import contribution
from learning.counting.models import StatisticsProfile

PROFILE_ATTRIBUTES = ("commune_code", "birth_year", "gender", "team_id", "created_at")

_LOCK_PROFILE = select(StatisticsProfile.__table__).where(
    StatisticsProfile.learner_id == bindparam("learner_id")).with_for_update()


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
    """The person a profile row counts as."""
    return Person(values.commune_code, values.age_band, values.gender, values.team)


def person_of_values(values: dict[str, Any]) -> Person:
    return Person(values["commune_code"], values["age_band"], values["gender"], values["team"])


def locked_profile(connection: Connection, learner_id: int):
    return connection.execute(_LOCK_PROFILE, {"learner_id": learner_id}).first()


def add_profile(connection: Connection, values: dict[str, Any],
                apply: Callable[[Connection, Deltas], Any] = apply_deltas) -> None:
    """A profile for a learner who was never counted, with everything they did so far (its
    counter changes written by `apply`)."""
    connection.execute(insert(StatisticsProfile.__table__).values(values))
    facts = records().facts(connection, values["learner_id"], values["registered_on"])
    apply(connection, contribution(person_of_values(values), facts))


def remove_person(connection: Connection, user_id: int) -> None:
    """An account removed from the database (not the deletion of personal data at the owner's
    request, which keeps it): its progress goes with it, and so do its counts."""
    old = locked_profile(connection, user_id)
    if old is not None:
        facts = records().facts(connection, user_id, old.registered_on)
        apply_deltas(connection, contribution(person_of(old), facts, -1))


def move_person(connection: Connection, user: User) -> None:
    """Bring the person's profile and counts in line with their account."""
    old = locked_profile(connection, user.id)
    new = profile_values(user)
    if old is not None and new is not None and person_of(old) == person_of_values(new) \
            and old.registered_on == new["registered_on"]:
        return
    deltas = Deltas()
    if old is not None:
        facts = records().facts(connection, user.id, old.registered_on)
        deltas.merge(contribution(person_of(old), facts, -1))
        connection.execute(delete(StatisticsProfile.__table__).where(
            StatisticsProfile.learner_id == user.id))
    if new is not None:
        facts = records().facts(connection, user.id, new["registered_on"])
        deltas.merge(contribution(person_of_values(new), facts))
        connection.execute(insert(StatisticsProfile.__table__).values(new))
    apply_deltas(connection, deltas)


def changed(record: Any, attributes: tuple[str, ...]) -> bool:
    state = inspect(record)
    return any(state.attrs[name].history.has_changes() for name in attributes)


def _account_created(_mapper: Any, connection: Connection, user: User) -> None:
    values = profile_values(user)
    if values is None:
        return
    connection.execute(insert(StatisticsProfile.__table__).values(values))
    deltas = Deltas()
    deltas.add_dated("registered", person_of_values(values), values["registered_on"], 1)
    apply_deltas(connection, deltas)


def _account_changed(_mapper: Any, connection: Connection, user: User) -> None:
    if user.deleted_at is not None or not changed(user, PROFILE_ATTRIBUTES):
        return  # a deleted account keeps the profile it had: its counts stay where they were
    move_person(connection, user)


def _account_removed(_mapper: Any, connection: Connection, user: User) -> None:
    remove_person(connection, user.id)


LISTENERS = ((User, "after_insert", _account_created), (User, "after_update", _account_changed),
             (User, "before_delete", _account_removed))


def listen() -> None:
    for target, name, function in LISTENERS:
        if not event.contains(target, name, function):
            event.listen(target, name, function)
