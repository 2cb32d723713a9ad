"""One app per test session; every test starts from empty tables with the courses recorded.

SQLite (a temporary file) by default; set TEST_DATABASE_URL to run the same suite on PostgreSQL.
"""

import os

import pytest
from sqlalchemy import text

from learning import create_app
from learning.extensions import db
from tests.isolation import empty_database

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = TEST_DATABASE_URL or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "ARGON2_MEMORY_KIB": 64, "ARGON2_TIME_COST": 1,  # cheap hashes for tests
        # (timings asserted in tests while the machine is busy; the lane's rest in its own test)
        "PASSWORD_HASH_PRIORITY": "normal", "PASSWORD_HASH_SHARE": 1,
        "SERVER_NAME": "localhost",
        # The review rules (learning/review) are off for the suite's own answers, recorded in
        # a blink; tests/review turns them on.
        "FLAG_RULES": "",
    })
    with app.app_context():
        db.drop_all()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def clean_database(app):
    with app.app_context():
        empty_database()
    yield
    with app.app_context():
        db.session.remove()


@pytest.fixture
def catalogue(app):
    return app.extensions["catalogue"]
