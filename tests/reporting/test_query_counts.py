"""Every statistics page, report, export and API answer runs the same small number of SQL
statements (at most 10) whatever the number of learners and communes: nothing grows with data."""

from contextlib import contextmanager
from datetime import timedelta

from flask import g
from sqlalchemy import event

from learning.accounts.models import Role, utcnow
from learning.counting.definitions import MONTH, WEEK, Period, today
from learning.extensions import db
from tests.factories import make_commune, make_user, sign_in
from tests.reporting.helpers import complete_course


@contextmanager
def counting():
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def add_people(catalogue, communes: int, learners: int, offset: int = 0) -> None:
    codes = [f"{17000 + offset + i:05d}" for i in range(communes)]
    places = [make_commune(code, f"Xã {code}", latitude=19.0 + i / 100, longitude=105.0)
              for i, code in enumerate(codes)]
    for i in range(learners):
        learner = make_user(commune=places[i % len(places)], gender="female")
        complete_course(learner, catalogue.course("vneid"), utcnow() - timedelta(days=i % 20),
                        method="tutor" if i % 2 else "self")
    db.session.commit()


def paths(commune: str) -> list[str]:
    week = Period.containing(WEEK, today()).key
    month = Period.containing(MONTH, today()).key
    province = "/statistics/provinces/40"
    return [
        province, f"/statistics/communes/{commune}",
        f"{province}/weekly/{week}", f"{province}/monthly/{month}",
        f"/statistics/communes/{commune}/weekly/{week}",
        f"{province}/weekly/{week}/report.csv", f"{province}/monthly/{month}/report.xlsx",
        f"/api/v1/provinces/40/weekly/{week}", "/api/v1/provinces/40/coverage",
        f"/api/v1/communes/{commune}/monthly/{month}", "/statistics/definitions",
    ]


def statements_per_page(client, commune: str) -> dict[str, int]:
    counts = {}
    for path in paths(commune):
        db.session.commit()
        db.session.remove()  # each request starts from nothing, as in production
        g.pop("_login_user", None)
        with counting() as statements:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(statements)
    return counts


def test_the_number_of_queries_does_not_grow_with_learners_and_communes(client, catalogue):
    staff = make_user(Role.PROVINCE_STAFF, commune=make_commune())
    staff.province_code = "40"
    staff.commune_code = None
    add_people(catalogue, communes=2, learners=3)
    sign_in(client, staff)
    small = statements_per_page(client, "17000")
    add_people(catalogue, communes=6, learners=18, offset=100)
    large = statements_per_page(client, "17000")
    assert large == small
    # (a commune's page: its counters, trends, teams, the released group tables and the number
    # of completions under review, the officials and team members trained: each read once)
    assert max(large.values()) <= 12, large
