"""SQLite: requests that write take the write lock when their transaction begins."""

import pytest
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
    begins.clear()
    client.get("/courses/vneid/what-is-vneid")  # records "started": @writes
    assert begins == ["BEGIN IMMEDIATE"]
    db.session.remove()
    begins.clear()
    client.get("/courses/vneid")  # reads only
    assert begins == ["BEGIN"]
