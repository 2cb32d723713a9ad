"""Counts kept exact when records are changed or deleted by a statement
(``session.execute(update(User)…)``, ``delete(TeamEvent)…``) rather than object by object: such
statements skip the ORM events. The rows they touch are read before (and after) the statement
runs, in the same transaction, and their counts moved.

Accounts are handled here; packages above counting add their own records with ``watch`` (the
events package does, for the teams' sessions).
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, Session

from learning.accounts.models import User
from learning.counting.people import move_person, remove_person

Handler = Callable[[ORMExecuteState], Any]
_handlers: dict[type, Handler] = {}


def watch(mapped_class: type, handler: Handler) -> None:
    """Let ``handler`` run UPDATE and DELETE statements on ``mapped_class`` (and count them)."""
    _handlers[mapped_class] = handler


def _statement_on_counted_records(state: ORMExecuteState) -> Any:
    if not (state.is_update or state.is_delete) or state.bind_mapper is None:
        return None
    handler = _handlers.get(state.bind_mapper.class_)
    return handler(state) if handler is not None else None


def matching(state: ORMExecuteState, *columns) -> list:
    """The rows the statement is about to touch (the given columns)."""
    query = select(*columns)
    if state.statement.whereclause is not None:
        query = query.where(state.statement.whereclause)
    return list(state.session.execute(query))


def _accounts_changed(state: ORMExecuteState) -> Any:
    ids = [row.id for row in matching(state, User.id)]
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
    watch(User, _accounts_changed)
    if not event.contains(Session, "do_orm_execute", _statement_on_counted_records):
        event.listen(Session, "do_orm_execute", _statement_on_counted_records)
