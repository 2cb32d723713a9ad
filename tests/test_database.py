"""SQLite: requests that write take the write lock when their transaction begins."""

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
