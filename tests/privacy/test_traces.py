"""Issue 10, finding 12: deleting an account leaves no trace of the person: no table keeps their
number (failed sign-ins are counted under a keyed hash, and forgotten), and SQLite overwrites
deleted content, so the database file holds neither their name nor their number."""

from pathlib import Path

import pytest
from sqlalchemy import select

from learning.extensions import db
from tests.accounts.csrf import forget_request_globals
from tests.factories import make_user, sign_in

NAME, PHONE = "Đinh Thị Xuyến", "0977 123 456"
TRACES = ("+84977123456", "0977123456", "977123456", NAME)


def delete_after_failed_sign_ins(client):
    person = make_user(full_name=NAME, phone=PHONE)
    for _ in range(3):
        assert sign_in(client, person, "wrong guess").status_code == 422
    assert sign_in(client, person).status_code == 302
    for _ in range(2):  # someone else tries the number meanwhile
        forget_request_globals()
        assert sign_in(client.application.test_client(), person, "guess").status_code == 422
    forget_request_globals()
    assert client.post("/my-data/delete", data={"password": "secret123",
                                                "confirm": "y"}).status_code == 302
    db.session.remove()


def test_no_table_keeps_the_deleted_persons_number_or_name(client):
    delete_after_failed_sign_ins(client)
    found = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            text = " ".join(str(value) for value in row)
            found += [f"{table.name}: {trace}" for trace in TRACES if trace in text]
    assert not found


def test_the_sqlite_file_keeps_no_trace_of_a_deleted_account(client):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the file's bytes: SQLite only (PostgreSQL's VACUUM is the operator's)")
    delete_after_failed_sign_ins(client)
    raw = db.engine.raw_connection()  # outside any transaction
    try:
        busy, _, _ = raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        raw.close()
    assert busy == 0
    path = Path(db.engine.url.database)
    stored = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
    left = [trace for trace in TRACES if trace.encode() in stored]
    assert not left, f"still in the database file: {left}"
