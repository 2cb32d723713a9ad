"""DATABASE_REPLICA_URL: the statistics pages and the API read the counters from a second engine
(a streaming replica in production; here the same test database stands in for it), and from the
primary when it is unset."""

import pytest
from sqlalchemy import event

from learning import create_app
from learning.accounts.models import Role
from learning.accounts.services import begin_session
from learning.database import REPLICA
from learning.extensions import db
from tests.factories import make_commune, make_user
from tests.reporting.helpers import complete_course


@pytest.fixture
def replica_app(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a streaming replica is PostgreSQL's")
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                        "DATABASE_REPLICA_URL": url, "WTF_CSRF_ENABLED": False})
    yield other
    with other.app_context():
        db.engine.dispose()
    other.extensions[REPLICA].dispose()


def test_statistics_read_the_counters_on_the_replica(app, catalogue, replica_app):
    staff = make_user(Role.PROVINCE_STAFF, commune=make_commune())
    staff.province_code, staff.commune_code = "40", None
    learner = make_user()
    complete_course(learner, catalogue.course("vneid"))
    begin_session(staff)  # a signed-in browser of the staff member
    db.session.commit()
    session_id = staff.get_id()
    seen: dict[str, list[str]] = {"primary": [], "replica": []}
    with replica_app.app_context():
        engines = {"primary": db.engine, "replica": replica_app.extensions[REPLICA]}
    listeners = {name: (lambda _c, _cu, sql, *_a, name=name: seen[name].append(sql))
                 for name in engines}
    for name, engine in engines.items():
        event.listen(engine, "before_cursor_execute", listeners[name])
    try:
        client = replica_app.test_client()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = session_id, True
        for path in ("/statistics/provinces/40", "/statistics/communes/17611",
                     "/api/v1/provinces/40/coverage"):
            response = client.get(path)
            assert response.status_code == 200, path
    finally:
        for name, engine in engines.items():
            event.remove(engine, "before_cursor_execute", listeners[name])
    assert any("stat_counter" in sql for sql in seen["replica"])
    assert not any("stat_counter" in sql for sql in seen["primary"])


def test_without_a_replica_the_primary_is_read(app):
    assert REPLICA not in app.extensions
