"""Éducation numérique pour tous (Bình dân học vụ số): the Flask application."""

import logging
import os
import secrets
from typing import Any

from flask import Flask
from sqlalchemy.exc import OperationalError, ProgrammingError

from learning import assets, blueprints, commands, counting, errors, models  # noqa: F401 (all models)
from learning.catalog.loader import load_catalogue
from learning.catalog.records import refresh_record_ids
from learning.config import PROJECT_ROOT, Config, database_url, replica_url
from learning.database import init_database
from learning.extensions import csrf, db, login_manager, migrate
from learning.i18n import init_i18n
from learning.logs import configure_logging
from learning.progress.facts import PROGRESS_RECORDS

log = logging.getLogger(__name__)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    configure(app, config or {})
    configure_logging(app)
    configure_extensions(app)
    register_counting()
    load_courses(app)
    blueprints.register(app)
    errors.register(app)
    assets.register(app)
    commands.register(app)
    record_courses(app)
    return app


def configure(app: Flask, config: dict[str, Any]) -> None:
    app.config.from_object(Config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.instance_path)
    app.config["DATABASE_REPLICA_URL"] = replica_url()
    app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)


def instance_secret_key(instance_path: str) -> str:
    """A random secret made once per installation, so sessions can't be forged."""
    path = os.path.join(instance_path, "secret_key")
    try:
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    except FileExistsError:  # made before, or by another worker starting at the same time
        pass
    with open(path) as handle:
        return handle.read().strip()


def configure_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "learning" / "migrations"),
                     render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    init_i18n(app)
    with app.app_context():
        init_database(app, db.engine)


def register_counting() -> None:
    """The statistics counters follow progress, accounts and team sessions as they are written."""
    counting.register(PROGRESS_RECORDS)


def load_courses(app: Flask) -> None:
    catalogue = load_catalogue(app.config["COURSES_DIR"], app.config["LANGUAGES"])
    app.extensions["catalogue"] = catalogue
    for problem in catalogue.problems:
        if not problem.missing_translation:
            log.warning("course problem: %s", problem)


def record_courses(app: Flask) -> None:
    """Record courses and lessons in the database when its schema is there."""
    with app.app_context():
        try:
            refresh_record_ids()
            db.session.commit()
        except (OperationalError, ProgrammingError):
            db.session.rollback()
            log.info("database not migrated yet: courses will be recorded on first use")
