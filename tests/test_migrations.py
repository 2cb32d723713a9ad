"""Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from learning import create_app
from learning.extensions import db
from tests.conftest import TEST_DATABASE_URL


@pytest.fixture
def empty_database_url(tmp_path):
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    name = f"migrations_{uuid.uuid4().hex[:8]}"
    server = create_engine(make_url(TEST_DATABASE_URL).set(database="postgres"),
                           isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    server.dispose()


def test_migrations_create_the_schema_of_the_models(empty_database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        downgrade(revision="base")
        db.engine.dispose()
