"""SQLite's writers wait in line (issue 9).

SQLite's own wait for a busy database sleeps and tries again (1, 2, 5, 10… 25 ms and more), so
with several threads and workers writing at once a write often slept far longer than the
transaction it waited for (a quiz answer's p99 was 646 ms, the throughput limited by sleeping
rather than by the CPU). Before ``BEGIN IMMEDIATE`` a request's connection takes this process's
writer lock, then an exclusive ``flock`` on ``<database>-writer``, shared by every process of the
server (the kernel wakes the next waiter as soon as it is released), and gives both back when the
transaction ends, however it ends (``WriterConnection``). Commands and scripts (no request) do
not wait in this line; SQLite's busy timeout still covers them (learning/database.py).
"""

import fcntl
import logging
import os
import sqlite3
import threading
from typing import Any

log = logging.getLogger(__name__)
SQLITE_BUSY_TIMEOUT_MS = 10_000


class WriterLock:
    """One writing transaction at a time on this database file, among the threads of this
    process (a lock) and the processes of the server (``flock`` on a file beside the database:
    a waiter sleeps in the kernel until the holder lets go, not for a guessed time)."""

    def __init__(self, path: str) -> None:
        self.path = f"{path}-writer"
        self.after_fork()

    def after_fork(self) -> None:
        """A forked process takes its own lock and its own open file (a ``flock`` belongs to an
        open file, which a fork shares with the parent)."""
        self.thread_lock = threading.Lock()
        self.owner: int | None = None
        self.file: int | None = None

    def acquire(self, timeout: float) -> bool:
        """True once this thread holds the lock; False when it could not (this thread holds it
        already on another connection, or the wait ran out): SQLite's busy timeout decides."""
        me = threading.get_ident()
        if self.owner == me or not self.thread_lock.acquire(timeout=timeout):
            return False
        try:
            if self.file is None:
                self.file = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            fcntl.flock(self.file, fcntl.LOCK_EX)
        except OSError:
            log.warning("no writer lock on %s", self.path, exc_info=True)
            self.thread_lock.release()
            return False
        self.owner = me
        return True

    def release(self) -> None:
        self.owner = None
        try:
            if self.file is not None:
                fcntl.flock(self.file, fcntl.LOCK_UN)
        finally:
            self.thread_lock.release()


_writer_locks: dict[str, WriterLock] = {}
_writer_locks_lock = threading.Lock()


def writer_lock(path: str) -> WriterLock:
    path = os.path.abspath(path)
    with _writer_locks_lock:
        lock = _writer_locks.get(path)
        if lock is None:
            lock = _writer_locks[path] = WriterLock(path)
        return lock


class WriterConnection(sqlite3.Connection):
    """A SQLite connection that begins a request's writing transaction in the writers' line
    (``enter_line``) and leaves the line when the transaction ends, however it ends."""

    writer: WriterLock | None = None
    holding = False

    def enter_line(self, database: str) -> None:
        """Wait for this connection's turn to write (then ``BEGIN IMMEDIATE``)."""
        if self.writer is None and database not in ("", ":memory:"):
            self.writer = writer_lock(database)
        if self.writer is not None and not self.holding:
            self.holding = self.writer.acquire(SQLITE_BUSY_TIMEOUT_MS / 1000)

    def leave_line(self) -> None:
        if self.holding and self.writer is not None:
            self.holding = False
            self.writer.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.leave_line()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.leave_line()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.leave_line()

    def __del__(self) -> None:
        """A connection dropped without being closed (SQLite's own lock goes with it): its
        place in the line goes too, or every writer would wait for it."""
        self.leave_line()


def sqlite_engine_options(url: str, options: dict[str, Any]) -> dict[str, Any]:
    """The engine options for a SQLite database: its connections are ``WriterConnection``s."""
    if not url.startswith("sqlite"):
        return options
    connect_args = dict(options.get("connect_args") or {})
    connect_args.setdefault("factory", WriterConnection)
    return {**options, "connect_args": connect_args}


def writers_after_fork() -> None:
    """In a forked process (gunicorn's workers): locks and open files of its own."""
    for lock in _writer_locks.values():
        lock.after_fork()
