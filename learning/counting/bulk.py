"""Counts kept exact when accounts or team events are changed or deleted by a statement
(``session.execute(update(User)…)``, ``delete(TeamEvent)…``) rather than object by object: such
statements skip the ORM events of ``people`` and ``sessions``. The rows they touch are read
before (and after) the statement runs, in the same transaction, and their counts moved."""

from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, Session

from learning.accounts.models import User
from learning.counting.people import move_person, remove_person
from learning.counting.sessions import count_session
from learning.events.models import TeamEvent


def _statement_on_counted_records(state: ORMExecuteState) -> Any:
    if not (state.is_update or state.is_delete) or state.bind_mapper is None:
        return None
    if state.bind_mapper.class_ is TeamEvent:
        return _sessions_changed(state)
    if state.bind_mapper.class_ is User:
        return _accounts_changed(state)
    return None


def _matching(state: ORMExecuteState, *columns) -> list:
    query = select(*columns)
    if state.statement.whereclause is not None:
        query = query.where(state.statement.whereclause)
    return list(state.session.execute(query))


def _sessions_changed(state: ORMExecuteState) -> Any:
    e = TeamEvent
    before = _matching(state, e.id, e.team_id, e.held_on)
    result = state.invoke_statement()
    after = [] if state.is_delete or not before else list(state.session.execute(
        select(e.id, e.team_id, e.held_on).where(e.id.in_([row.id for row in before]))))
    connection = state.session.connection()
    for _id, team_id, held_on in before:
        count_session(connection, team_id, held_on, -1)
    for _id, team_id, held_on in after:
        count_session(connection, team_id, held_on, 1)
    return result


def _accounts_changed(state: ORMExecuteState) -> Any:
    ids = [row.id for row in _matching(state, User.id)]
    connection = state.session.connection()
    if state.is_delete:
        for user_id in ids:
            remove_person(connection, user_id)
        return state.invoke_statement()
    result = state.invoke_statement()
    if ids:
        users = state.session.scalars(select(User).where(User.id.in_(ids))
                                      .execution_options(populate_existing=True))
        for user in users:
            if user.deleted_at is None:
                move_person(connection, user)
    return result


def listen() -> None:
    if not event.contains(Session, "do_orm_execute", _statement_on_counted_records):
        event.listen(Session, "do_orm_execute", _statement_on_counted_records)
