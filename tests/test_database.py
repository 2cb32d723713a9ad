"""SQLite: requests that write take the write lock when their transaction begins."""

import os

import pytest
from flask import g
from sqlalchemy import event

from learning.extensions import db
from tests.factories import make_user, sign_in


@pytest.fixture
def begins(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("BEGIN IMMEDIATE is how SQLite serialises writers")
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        if statement.startswith("BEGIN"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)


def test_a_get_view_that_writes_begins_immediate_whatever_its_decorators(client, begins):
    user = make_user()
    sign_in(client, user)
    # In production every request has its own session; the tests share one, so start afresh.
    db.session.remove()
    g.pop("_login_user", None)
    begins.clear()
    client.get("/language/fr")  # saves the signed-in user's language: @writes
    assert begins == ["BEGIN IMMEDIATE"]
    db.session.remove()
    g.pop("_login_user", None)
    begins.clear()
    client.get("/courses/vneid")  # reads only
    assert begins == ["BEGIN"]


def test_a_view_that_reads_first_takes_the_write_lock_only_to_write(client, begins):
    user = make_user()
    sign_in(client, user)
    db.session.remove()
    g.pop("_login_user", None)
    begins.clear()
    client.get("/courses/vneid/what-is-vneid")  # the first time: the start is recorded
    assert begins == ["BEGIN", "BEGIN IMMEDIATE"]
    db.session.remove()
    g.pop("_login_user", None)
    begins.clear()
    client.get("/courses/vneid/what-is-vneid")  # again: nothing new to write
    assert begins == ["BEGIN"]


# --- Writers wait in line (SQLite) -------------------------------------------------------------

def test_writers_wait_in_line_across_processes_and_a_thread_never_waits_for_itself(tmp_path):
    """The writer lock of a database file is one for the threads of a process and for the
    processes of the server: a process holding it keeps another one's writer waiting until it
    lets go; a thread that holds it on one connection is not made to wait for itself."""
    import os
    import time

    from learning.sqlite_writers import writer_lock

    path = str(tmp_path / "line.sqlite3")
    lock = writer_lock(path)
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # another worker: takes the lock, says so, holds it 0.3 s
        try:
            lock.after_fork()
            lock.acquire(5)
            os.write(write_end, b"1")
            time.sleep(0.3)
            lock.release()
        finally:
            os._exit(0)
    os.read(read_end, 1)
    began = time.monotonic()
    assert lock.acquire(5)
    waited = time.monotonic() - began
    try:
        assert waited >= 0.2, "the other process held the line"
        assert lock.acquire(0.1) is False  # this thread already holds it: no self-deadlock
    finally:
        lock.release()
        os.waitpid(child, 0)
        os.close(read_end)
        os.close(write_end)


# --- PostgreSQL: reads in autocommit, writes in a transaction -----------------------------------

@pytest.fixture
def postgresql(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's reads run in autocommit (TEST_DATABASE_URL)")


def autocommit_of_statements(client, path, method="GET", data=None) -> list[tuple[str, bool]]:
    seen: list[tuple[str, bool]] = []

    def record(conn, _cursor, statement, *_args):
        seen.append((" ".join(statement.split())[:30], conn.connection.dbapi_connection.autocommit))

    db.session.remove()
    g.pop("_login_user", None)
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.open(path, method=method, data=data)
        assert response.status_code in (200, 302), response.status_code
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return seen


def test_postgresql_pages_that_only_read_send_no_transaction(client, postgresql):
    user = make_user()
    sign_in(client, user)
    first = autocommit_of_statements(client, "/courses/vneid/what-is-vneid")
    writes = [autocommit for sql, autocommit in first if sql.startswith("INSERT")]
    assert writes and not any(writes), first  # the start recorded in a transaction
    again = autocommit_of_statements(client, "/courses/vneid/what-is-vneid")
    assert again and all(autocommit for _sql, autocommit in again), again


def test_postgresql_refuses_a_write_in_a_read_transaction(app, postgresql):
    from sqlalchemy import text

    from learning.database import WriteWhileReading

    with app.test_request_context("/", method="GET"):  # the home page's view reads
        app.preprocess_request()
        with pytest.raises(WriteWhileReading):
            db.session.execute(text("DELETE FROM attempt_counter WHERE 1 = 0"))
        db.session.rollback()


def test_a_connection_dropped_while_writing_leaves_the_line(tmp_path):
    """A connection lost without commit, rollback or close (garbage-collected) gives its place in
    the line back, as SQLite gives back its lock: the next writer does not wait for it."""
    import gc
    import sqlite3
    import threading

    from learning.sqlite_writers import WriterConnection, writer_lock

    path = str(tmp_path / "dropped.sqlite3")
    connection = sqlite3.connect(path, factory=WriterConnection, isolation_level=None)
    connection.enter_line(path)
    connection.execute("BEGIN IMMEDIATE")
    got: list[bool] = []
    del connection
    gc.collect()
    waiter = threading.Thread(target=lambda: got.append(writer_lock(path).acquire(2)))
    waiter.start()
    waiter.join(5)
    assert got == [True]
    writer_lock(path).release()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a fork, as gunicorn's master makes workers")
def test_a_worker_forked_while_the_log_is_checkpointed_can_use_the_database(tmp_path):
    """gunicorn forks its workers from a master that loaded the app (preload_app), whose own
    thread copies SQLite's write-ahead log into the database. A worker forked while that thread
    was inside SQLite inherited SQLite's locks held for ever: it hung at its first connection
    (in bench/load.py, nginx answered 504 after 60 s), or read a "malformed" database."""
    import signal
    import sqlite3
    import threading

    from learning import database

    path = str(tmp_path / "site.sqlite3")
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA wal_autocheckpoint=0")
        connection.execute("CREATE TABLE answer (body TEXT)")
        for _ in range(50):
            connection.executemany("INSERT INTO answer VALUES (?)", [("x" * 500,)] * 200)
            connection.commit()
    connection.close()
    stop = threading.Event()

    def checkpoints() -> None:  # the master's checkpoint thread, without its pause
        while not stop.is_set():
            try:
                database.checkpoint(path)
            except sqlite3.OperationalError:  # busy: the thread tries again (as _checkpoints)
                pass

    thread = threading.Thread(target=checkpoints, daemon=True)
    thread.start()
    failed = []
    try:
        for _ in range(40):
            pid = os.fork()
            if pid == 0:  # the worker: its first connection, as at its first request
                signal.alarm(5)
                try:
                    with sqlite3.connect(path, timeout=2) as mine:
                        mine.execute("SELECT count(*) FROM answer").fetchone()
                    os._exit(0)
                except BaseException as error:
                    os.write(2, f"worker: {error!r}\n".encode())
                    os._exit(1)
            _pid, status = os.waitpid(pid, 0)
            if status:  # killed by the alarm: hung; 1: an error
                failed.append(os.waitstatus_to_exitcode(status))
    finally:
        stop.set()
        thread.join(10)
    assert not failed
