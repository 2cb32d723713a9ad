"""How tests get a clean database, and how tests that share one set of records undo each
other's changes.

``empty_database()`` empties every table (each test starts so, see tests/conftest.py).

``one_transaction(engine)`` and ``rolled_back(connection)`` let a module build its records once
and run each check inside a SAVEPOINT that is rolled back: every session of the app (the
requests' too) is bound to one connection whose outer transaction is never committed, with
``join_transaction_mode="create_savepoint"``, so that the app's ``commit()`` releases a
SAVEPOINT of its own instead of committing. This works on SQLite as on PostgreSQL: the app emits
BEGIN itself on SQLite (learning/database.py), which is what SQLite's SAVEPOINTs need.
Nothing may use another connection meanwhile (on SQLite it would wait for the write lock):
``refresh_record_ids()`` opens its own, so the catalogue is recorded before (``empty_database``).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask_sqlalchemy.session import Session
from sqlalchemy.engine import Connection, Engine

from learning.extensions import db


def empty_database() -> None:
    """Every table emptied, then the catalogue's courses and lessons recorded again."""
    from learning.catalog.records import refresh_record_ids

    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
    refresh_record_ids()
    db.session.commit()


class ConnectionSession(Session):
    """Flask-SQLAlchemy's session, on the connection it was given (Flask-SQLAlchemy's own
    get_bind always answers the engine)."""

    def get_bind(self, mapper: Any = None, clause: Any = None, bind: Any = None,
                 **kwargs: Any) -> Any:
        return bind if bind is not None else self.bind


@contextmanager
def one_transaction(engine: Engine) -> Iterator[Connection]:
    """Within the block, every session (``db.session`` in any app context) works inside one
    transaction of one connection, rolled back at the end. Enter and leave it in an app context.
    """
    original = db.session
    connection = engine.connect()
    outer = connection.begin()
    db.session = db._make_scoped_session({
        "class_": ConnectionSession, "bind": connection,
        "join_transaction_mode": "create_savepoint"})
    try:
        yield connection
    finally:
        db.session.remove()
        db.session = original
        outer.rollback()
        connection.close()


@contextmanager
def rolled_back(connection: Connection) -> Iterator[None]:
    """What happens within the block, commits included, is undone at its end (a SAVEPOINT).
    The current app context's session is closed before and after, so that every savepoint of a
    session nests inside this one."""
    db.session.remove()
    savepoint = connection.begin_nested()
    try:
        yield
    finally:
        db.session.remove()
        savepoint.rollback()
