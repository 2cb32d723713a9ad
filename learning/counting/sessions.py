"""Sessions of the community digital teams (``TeamEvent``) are counted per team and day. The ORM
events on ``TeamEvent`` are installed by ``learning.counting.register`` (from ``create_app``)."""

from datetime import date
from typing import Any

from sqlalchemy import Connection, event, select

from learning.counting.cells import Deltas, Person
from learning.counting.counters import apply_deltas
from learning.counting.definitions import team_value
from learning.counting.people import changed
from learning.events.models import TeamEvent
from learning.teams.models import DigitalTeam


def count_session(connection: Connection, team_id: int, held_on: date, n: int) -> None:
    commune = connection.scalar(select(DigitalTeam.commune_code).where(DigitalTeam.id == team_id))
    if commune is None:
        return
    deltas = Deltas()
    deltas.add_dated("sessions", Person(commune, team=team_value(team_id)), held_on, n)
    apply_deltas(connection, deltas)


def _stored_session(connection: Connection, team_event: TeamEvent):
    """The team and day of the event as the database holds them (before the change)."""
    return connection.execute(select(TeamEvent.team_id, TeamEvent.held_on).where(
        TeamEvent.id == team_event.id)).first()


def _session_recorded(_mapper: Any, connection: Connection, team_event: TeamEvent) -> None:
    count_session(connection, team_event.team_id, team_event.held_on, 1)


def _session_deleted(_mapper: Any, connection: Connection, team_event: TeamEvent) -> None:
    stored = _stored_session(connection, team_event)
    if stored is not None:
        count_session(connection, stored.team_id, stored.held_on, -1)


def _session_changed(_mapper: Any, connection: Connection, team_event: TeamEvent) -> None:
    if not changed(team_event, ("team_id", "held_on")):
        return
    stored = _stored_session(connection, team_event)
    if stored is not None and (stored.team_id, stored.held_on) != (
            team_event.team_id, team_event.held_on):
        count_session(connection, stored.team_id, stored.held_on, -1)
        count_session(connection, team_event.team_id, team_event.held_on, 1)


LISTENERS = ((TeamEvent, "after_insert", _session_recorded),
             (TeamEvent, "before_delete", _session_deleted),
             (TeamEvent, "before_update", _session_changed))


def listen() -> None:
    for target, name, function in LISTENERS:
        if not event.contains(target, name, function):
            event.listen(target, name, function)
