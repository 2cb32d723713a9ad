"""Database set-up that Flask-SQLAlchemy does not do for us.

SQLite (the embedded default): WAL so readers never block the writer, a busy timeout, deleted
content overwritten (secure_delete), and
``BEGIN IMMEDIATE`` for transactions that write. A deferred transaction that reads and then writes
fails at once with SQLITE_BUSY when another connection wrote meanwhile, whatever the timeout, so a
request that will write takes the write lock when its transaction begins. Requests with an unsafe
method (POST…) write; a GET view that writes says so with ``@writes``.

A request may also read first and write afterwards, so that slow work (hashing a password) or a
check that usually finds nothing to write is done without the write lock: the view is marked
``@reads_first`` (for POST), or is a GET view, and writes inside ``with write_transaction():``.
That ends the read transaction, begins the next one with the write lock and commits it at the end
of the block; the request then reads on without the lock. What the write depends on is read again
in the write transaction (objects already loaded are not refreshed by a query unless it says
``populate_existing``); objects are not expired by these commits (nothing in them is stale but
what the block itself wrote).

Writers wait in line for ``BEGIN IMMEDIATE`` (learning/sqlite_writers.py).
"""

import logging
import os
import select
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import DDL, Connection, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session

from learning.sqlite_writers import (
    SQLITE_BUSY_TIMEOUT_MS,
    WriterConnection,
    writers_after_fork,
)

log = logging.getLogger(__name__)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
F = TypeVar("F", bound=Callable[..., Any])


def writes(view: F) -> F:
    """Mark a GET view as one that writes, so its transaction begins with the write lock.

    The mark is an attribute, read from the endpoint's view function when a transaction begins,
    so it holds whatever the order of decorators (functools.wraps copies it outward)."""
    view.db_writes = True  # type: ignore[attr-defined]
    return view


def reads_first(view: F) -> F:
    """Mark a view with an unsafe method (POST…) whose transaction begins as a read: it calls
    ``start_writing()`` before it writes (sign-in: the password is checked without the lock)."""
    view.db_reads_first = True  # type: ignore[attr-defined]
    return view


WRITING = "learning.db_writes"  # in the request's WSGI environment: this request writes now


def _commit_keeping_objects() -> None:
    from learning.extensions import db

    session = db.session()
    if session.in_transaction():
        expire, session.expire_on_commit = session.expire_on_commit, False
        try:
            session.commit()
        finally:
            session.expire_on_commit = expire


def _writing(on: bool) -> None:
    if has_request_context():
        request.environ[WRITING] = on


def start_writing() -> None:
    """From here on the request writes: its read transaction ends (nothing was written in it) and
    the next transaction begins with the write lock (SQLite), until it is committed. Objects
    loaded so far stay as they were read (no reload). PostgreSQL has no database-wide write
    lock: the connection the request read with (in autocommit) begins a transaction."""
    from learning.extensions import db

    session = db.session()
    if session.get_bind().dialect.name != "postgresql":
        _commit_keeping_objects()
        _writing(True)
        return
    _writing(True)
    if session.in_transaction():
        raw = session.connection().connection.dbapi_connection
        if raw is not None and raw.autocommit:
            raw.autocommit = False  # BEGIN goes with the next statement


def _written(_session: Any) -> None:
    """After a commit the request reads again without the lock, unless it is one that writes
    throughout (unsafe method, ``@writes``)."""
    if has_request_context() and request.environ.get(WRITING):
        request.environ[WRITING] = False


def stop_writing() -> None:
    """Leave the write transaction without writing (it is rolled back): the request reads on
    without the lock (e.g. to check a password after all)."""
    from learning.extensions import db

    db.session.rollback()
    _writing(False)


@contextmanager
def write_transaction() -> Iterator[None]:
    """A short write transaction in a request that reads first: the read transaction ends, the
    block runs in a transaction that begins with the write lock and is committed when the block
    ends (rolled back on an error); the request then reads on without the lock."""
    from learning.extensions import db

    start_writing()
    try:
        yield
        _commit_keeping_objects()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _writing(False)


def _transaction_writes() -> bool:
    if not has_request_context():
        return True  # CLI commands and scripts: assume they write
    if request.environ.get(WRITING):
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    if request.method not in SAFE_METHODS:
        return not getattr(view, "db_reads_first", False)
    return getattr(view, "db_writes", False)


CHECKPOINT_SECONDS = 0.5
# Held while this process's checkpoint thread is inside SQLite, and by a fork (gunicorn's master
# forking a worker, at the start or at max_requests): a process forked while another thread was
# inside SQLite inherits SQLite's own locks held for ever. Measured: 15 of 60 processes forked
# while checkpoints ran hung at their first connection or read a "malformed" database; a worker
# of bench/load.py hung that way answered nothing for 60 s (nginx's 504), in 3 runs of 12.
_IN_SQLITE = threading.Lock()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_IN_SQLITE.acquire, after_in_parent=_IN_SQLITE.release,
                        after_in_child=_IN_SQLITE.release)


def checkpoint(path: str) -> None:
    """Copy the write-ahead log into the database once (PASSIVE: never waits for readers or
    writers), on a connection of its own; no fork happens meanwhile."""
    with _IN_SQLITE:
        with sqlite3.connect(path, timeout=0) as connection:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        connection.close()


def _checkpoints(path: str) -> None:
    """Copy the write-ahead log into the database in the background, rather than in the commit of
    the request that happens to cross the log's size limit: that commit would wait for the copy
    and its fsync (tens of ms). Never on one of the pool's connections."""
    while True:
        time.sleep(CHECKPOINT_SECONDS)
        try:
            checkpoint(path)
        except Exception:  # a busy or vanished database: try again later
            log.debug("sqlite checkpoint failed", exc_info=True)


def _start_checkpoints(path: str) -> None:
    threading.Thread(target=_checkpoints, args=(path,), daemon=True,
                     name="sqlite-checkpoints").start()


def _after_fork(engine: Engine, path: str | None) -> None:
    """In a process forked from this one (gunicorn's workers, also those that replace a worker
    at max_requests): the parent's pooled connections are not used (SQLite's file locks belong
    to a process; PostgreSQL's sockets would be shared), and threads do not survive a fork, so
    the checkpoints start again here."""
    engine.dispose(close=False)
    writers_after_fork()
    if path:
        _start_checkpoints(path)


Collations = dict[str, Callable[[str, str], int]]


def configure_sqlite(engine: Engine, collations: Collations | None = None) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        for name, compare in (collations or {}).items():
            dbapi_connection.create_collation(name, compare)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted content is overwritten with zeros, so that a deleted account's name and
        # number do not stay in the file's free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA wal_autocheckpoint=0")  # checkpoints: _checkpoints()
        cursor.close()

    if engine.url.database not in (None, "", ":memory:"):
        _start_checkpoints(engine.url.database)

    database = engine.url.database or ""

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if not _transaction_writes():
            conn.exec_driver_sql("BEGIN")
            return
        raw = conn.connection.dbapi_connection
        if not (has_request_context() and isinstance(raw, WriterConnection)):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        raw.enter_line(database)
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            raw.leave_line()
            raise


WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "MERGE")


class WriteWhileReading(RuntimeError):
    """A request wrote in a transaction it began as a read (a bug: mark the view)."""


READS_IN_AUTOCOMMIT = "learning.reads_in_autocommit"  # in the WSGI environment of a request


def _serving_request() -> None:
    request.environ[READS_IN_AUTOCOMMIT] = True


def _served(response: Any) -> Any:
    """The request is answered (a test client may keep its context: what the test does next is
    not the request's)."""
    request.environ.pop(READS_IN_AUTOCOMMIT, None)
    return response


def still_connected(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """The pool's check of a PostgreSQL connection before use, without a round trip: an idle
    connection's socket has nothing to read, unless the server ended it (restart, failover,
    ``pg_terminate_backend``: it sends an error, then closes) or the connection broke. Then the
    pool drops it and opens another (DisconnectionError), instead of a request answering 500.
    A network that silently drops packets is left to TCP keepalives, as a ping would be."""
    if dbapi_connection.closed or getattr(dbapi_connection, "broken", False):
        raise DisconnectionError("the connection is closed")
    poller = select.poll()  # (not select.select: a worker may hold sockets past number 1024)
    try:
        poller.register(dbapi_connection.pgconn.socket, select.POLLIN)
        events = poller.poll(0)
    except (OSError, ValueError) as error:
        raise DisconnectionError(f"the connection's socket: {error}") from error
    if events:
        raise DisconnectionError("the server sent something to an idle connection (it ended it)")


def _reading_request() -> bool:
    """A request being served, with a safe method (GET…), whose view has not begun to write."""
    return has_request_context() and bool(request.environ.get(READS_IN_AUTOCOMMIT)) \
        and request.method in SAFE_METHODS and not _transaction_writes()


def configure_postgresql(engine: Engine) -> None:
    """A request's reads run in autocommit (no BEGIN and ROLLBACK sent: two round trips fewer for
    a page that only reads; each statement sees what was committed when it began, as in a READ
    COMMITTED transaction); writes run in a transaction, as on SQLite: unsafe methods, ``@writes``
    views and ``write_transaction()``. A write sent while reading is refused: it would not be
    atomic."""

    event.listen(engine, "checkout", still_connected)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        raw = conn.connection.dbapi_connection
        # Only in a request being served (not a command, nor a test's own set-up).
        reading = _reading_request()
        if raw is not None and raw.autocommit != reading:
            raw.autocommit = reading

    @event.listens_for(engine, "before_cursor_execute")
    def _no_write_while_reading(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        raw = conn.connection.dbapi_connection
        if raw is None or not raw.autocommit or not conn.in_transaction() or \
                not statement.lstrip()[:6].upper().startswith(WRITE_STATEMENTS):
            return
        if _reading_request():
            raise WriteWhileReading(
                "a write in a request's read transaction: mark the view @writes or write "
                "inside write_transaction()")
        raw.autocommit = False  # a transaction begun in a request, used after it (tests)


REPLICA = "replica_engine"  # app.extensions: the engine of DATABASE_REPLICA_URL, if any


def read_connection() -> Connection:
    """The connection the statistics, reports and API read the counters with: a PostgreSQL
    streaming replica's (DATABASE_REPLICA_URL), opened once per request in autocommit (each
    query sees the latest replayed state; nothing is written), else the session's own (the
    primary, in the request's transaction). Figures read on a replica may be behind the primary
    by the replication lag (typically milliseconds)."""
    from learning.extensions import db

    replica = current_app.extensions.get(REPLICA)
    if replica is None:
        return db.session.connection()
    connection = g.get("_replica_connection")
    if connection is None or connection.closed:
        connection = replica.connect().execution_options(isolation_level="AUTOCOMMIT")
        g._replica_connection = connection
    return connection


def _close_replica_connection(_error: BaseException | None = None) -> None:
    connection = g.pop("_replica_connection", None)
    if connection is not None:
        connection.close()


def create_collations(metadata: Any, locales: dict[str, str]) -> None:
    """PostgreSQL collations ``name`` (ICU, the locale's alphabetical order) made with the tables
    (``create_all``: tests, demo); the migration makes them on a migrated database."""
    made = metadata.info.setdefault("collations", set())
    for name, locale in locales.items():
        if name not in made:
            made.add(name)
            statement = DDL(f"CREATE COLLATION IF NOT EXISTS {name} "
                            f"(provider = icu, locale = '{locale}')")
            event.listen(metadata, "before_create", statement.execute_if(dialect="postgresql"))


def init_database(app: Flask, engine: Engine, collations: Collations | None = None) -> None:
    """``collations``: name -> comparison, registered on every SQLite connection (PostgreSQL has
    them from the migration or ``create_collations``)."""
    path = None
    if engine.dialect.name == "sqlite":
        configure_sqlite(engine, collations)
        if engine.url.database not in (None, "", ":memory:"):
            path = engine.url.database
    elif engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg":
        configure_postgresql(engine)
        app.before_request_funcs.setdefault(None, []).insert(0, _serving_request)
        app.after_request(_served)  # the first registered: it runs after the others
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=lambda: _after_fork(engine, path))
    if app.config.get("DATABASE_REPLICA_URL"):  # an engine of its own, not a Flask-SQLAlchemy bind
        app.extensions[REPLICA] = create_engine(app.config["DATABASE_REPLICA_URL"],
                                                pool_pre_ping=True)
    app.teardown_appcontext(_close_replica_connection)
    if not event.contains(Session, "after_commit", _written):
        event.listen(Session, "after_commit", _written)


def insert_ignore(model: Any, values: dict[str, Any], conflict: list[str]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL. True when a row was inserted."""
    from learning.extensions import db

    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = model.__table__
    statement = (
        insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=conflict)
        .returning(*table.primary_key.columns)
    )
    # A Core statement on the session's connection (same transaction); RETURNING tells whether
    # the row was inserted (rowcount is not reported for it by every driver).
    db.session.flush()
    return db.session.connection().execute(statement).first() is not None
