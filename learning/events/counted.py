"""The teams' sessions (``TeamEvent``) in the statistics counters: ORM listeners that call
``learning.counting.sessions.count_session`` when an event is recorded, moved to another day or
team, or deleted — one by one or by a statement. Installed by ``create_app`` (``listen``)."""

from typing import Any

from sqlalchemy import Connection, event, inspect, select
from sqlalchemy.orm import ORMExecuteState

from learning.counting import bulk
from learning.counting.sessions import count_session
from learning.events.models import TeamEvent


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
    state = inspect(team_event)
    if not any(state.attrs[name].history.has_changes() for name in ("team_id", "held_on")):
        return
    stored = _stored_session(connection, team_event)
    if stored is not None and (stored.team_id, stored.held_on) != (
            team_event.team_id, team_event.held_on):
        count_session(connection, stored.team_id, stored.held_on, -1)
        count_session(connection, team_event.team_id, team_event.held_on, 1)


def _sessions_changed_by_statement(state: ORMExecuteState) -> Any:
    e = TeamEvent
    before = bulk.matching(state, e.id, e.team_id, e.held_on)
    result = state.invoke_statement()
    after = [] if state.is_delete or not before else list(state.session.execute(
        select(e.id, e.team_id, e.held_on).where(e.id.in_([row.id for row in before]))))
    connection = state.session.connection()
    for _id, team_id, held_on in before:
        count_session(connection, team_id, held_on, -1)
    for _id, team_id, held_on in after:
        count_session(connection, team_id, held_on, 1)
    return result


LISTENERS = ((TeamEvent, "after_insert", _session_recorded),
             (TeamEvent, "before_delete", _session_deleted),
             (TeamEvent, "before_update", _session_changed))


def listen() -> None:
    for target, name, function in LISTENERS:
        if not event.contains(target, name, function):
            event.listen(target, name, function)
    bulk.watch(TeamEvent, _sessions_changed_by_statement)
