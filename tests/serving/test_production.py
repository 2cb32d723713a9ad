"""The production configuration refuses unsafe defaults and says what to do; behind a proxy the
app sees the phone's address and scheme; /health tells whether the database answers; demo data
is refused in production; database connections are checked before use."""

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from learning import create_app
from learning.catalog.records import refresh_record_ids
from learning.extensions import db
from learning.serving.production import NotReady, check_ready

SECRET = "s" * 48


def production_app(tmp_path, **config):
    return create_app({"APP_ENV": "production", "SECRET_KEY": SECRET,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
                       **config})


@pytest.mark.parametrize("secret", [None, "", "short"])
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, secret):
    with pytest.raises(NotReady, match="SECRET_KEY"):
        production_app(tmp_path, SECRET_KEY=secret)
    assert not (tmp_path / "secret_key").exists()


def test_production_cookies_are_secure_httponly_and_lax(tmp_path):
    app = production_app(tmp_path)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["REMEMBER_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_the_server_refuses_an_unreachable_database_with_a_clear_message(tmp_path):
    app = production_app(tmp_path, SQLALCHEMY_DATABASE_URI=(
        "postgresql+psycopg://learning:hidden-password@127.0.0.1:1/learning"
        "?connect_timeout=2"))
    with pytest.raises(NotReady, match="cannot reach the database") as refused:
        check_ready(app)
    assert "hidden-password" not in str(refused.value) and "DATABASE_URL" in str(refused.value)


def test_the_server_says_to_migrate_then_to_sync_the_courses(tmp_path):
    app = production_app(tmp_path)
    with pytest.raises(NotReady, match="db upgrade"):
        check_ready(app)
    with app.app_context():
        db.create_all()
    with pytest.raises(NotReady, match="courses sync"):
        check_ready(app)
    with app.app_context():
        refresh_record_ids()
        db.engine.dispose()
    app.extensions.pop("catalogue_ids")
    check_ready(app)
    assert app.extensions["catalogue_ids"].lessons


def test_production_does_not_record_courses_at_start(tmp_path):
    with production_app(tmp_path).app_context():
        db.create_all()
        assert db.session.execute(text("SELECT count(*) FROM course")).scalar() == 0
        db.session.remove()
        db.engine.dispose()


def test_demo_data_is_refused_in_production(tmp_path):
    app = production_app(tmp_path)
    with app.app_context():  # (pytest-flask keeps the tests' own app current otherwise)
        result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0 and "refused in production" in result.output


def test_behind_one_proxy_the_app_sees_the_phones_address_and_scheme(tmp_path):
    app = production_app(tmp_path, TRUSTED_PROXIES=1)
    seen = {}

    @app.get("/_who")
    def who():
        from flask import request
        seen.update(address=request.remote_addr, scheme=request.scheme, host=request.host)
        return ""

    app.test_client().get("/_who", environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={
        "X-Forwarded-For": "198.51.100.7, 203.0.113.5", "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "hoc.example.vn"})
    assert seen == {"address": "203.0.113.5", "scheme": "https", "host": "hoc.example.vn"}


def test_without_trusted_proxies_forwarded_headers_are_ignored(app):
    seen = {}
    client = app.test_client()
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "127.0.0.1"},
                                  headers={"X-Forwarded-For": "198.51.100.7"}):
        from flask import request
        seen["address"] = request.remote_addr
    assert seen == {"address": "127.0.0.1"} and client is not None


def test_health_answers_200_with_the_database_and_sets_no_cookie(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_health_answers_503_when_the_database_does_not(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/x.sqlite3"})
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unreachable"}


def test_server_databases_check_connections_before_use(tmp_path):
    """psycopg's connections are checked at checkout without a round trip (the dropped
    connection test below shows it works)."""
    from sqlalchemy import event

    from learning.database import still_connected

    app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@127.0.0.1:1/x"})
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is False
    with app.app_context():
        assert event.contains(db.engine, "checkout", still_connected)


def test_a_dropped_connection_is_replaced_not_answered_with_a_500(app, client):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no connection to drop (PostgreSQL: TEST_DATABASE_URL)")
    assert client.get("/health").status_code == 200
    with app.app_context():
        with db.engine.connect(), db.engine.connect():
            pass  # (two connections left idle in the pool)
        # An administrator (or a failover) ends every session, from outside the pool; waiting
        # until they are gone (a connection dropped while a request is already on its way to it
        # fails that request, as it would just after a ping).
        outside = create_engine(db.engine.url, poolclass=NullPool)
        with outside.connect() as other:
            ended = other.execute(text(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) "
                "FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")).scalar()
        outside.dispose()
    assert ended >= 2
    assert client.get("/health").status_code == 200
    assert client.get("/courses/vneid").status_code == 200


def test_a_workers_threads_keep_their_database_connections(app):
    """Eight threads (a gunicorn worker's) using the database at once, twice: the second time
    opens no connection (beyond the pool's size, each request would open and close its own)."""
    import threading

    from sqlalchemy import event

    engine = db.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's connections are files opened per thread")
    opened = []

    def count(*_args):
        opened.append(1)

    def use(barrier):
        with engine.connect() as connection:
            barrier.wait(timeout=10)
            connection.execute(text("SELECT 1"))
            barrier.wait(timeout=10)

    event.listen(engine, "connect", count)
    try:
        for _ in range(2):
            opened.clear()
            barrier = threading.Barrier(8)
            threads = [threading.Thread(target=use, args=(barrier,)) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        assert opened == []
    finally:
        event.remove(engine, "connect", count)
