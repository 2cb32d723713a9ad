"""Éducation numérique pour tous (Bình dân học vụ số): the Flask application."""

import logging
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy.exc import OperationalError, ProgrammingError

from learning import (  # noqa: F401 (models: all models)
    assets,
    blueprints,
    commands,
    counting,
    errors,
    models,
    templating,
    text,
)
from learning.access.scope import register_membership
from learning.catalog.loader import load_catalogue
from learning.catalog.records import refresh_record_ids
from learning.config import PROJECT_ROOT, Config, database_url, replica_url
from learning.database import create_collations, init_database
from learning.demo import note_demo_data
from learning.events import counted as counted_sessions
from learning.extensions import csrf, db, login_manager, migrate
from learning.i18n import init_i18n
from learning.logs import configure_logging
from learning.progress.facts import PROGRESS_RECORDS
from learning.progress.services import register_review
from learning.review import rules as review_rules
from learning.serving import compression, health, production, public
from learning.sqlite_writers import sqlite_engine_options
from learning.teams.queries import membership
from learning.web import security
from learning.web.site import Site

log = logging.getLogger(__name__)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Site(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    configure(app, config or {})
    configure_logging(app)
    security.register(app)  # size limits first: before the CSRF check reads a form
    configure_extensions(app)
    register_hooks()
    load_courses(app)
    check_core_pathway(app)
    check_flag_rules(app)
    check_goal_date(app)
    blueprints.register(app)
    errors.register(app)
    assets.register(app)
    templating.register(app)
    register_serving(app)
    commands.register(app)
    if not production.is_production(app):  # production: `flask courses sync` at each deploy
        record_courses(app)
        note_demo_data(app)
    return app


def configure(app: Flask, config: dict[str, Any]) -> None:
    app.config.from_object(Config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.instance_path)
    app.config["APP_ENV"] = os.environ.get("APP_ENV", app.config["APP_ENV"])
    app.config["DATABASE_REPLICA_URL"] = replica_url()
    app.config.update(config)
    production.configure(app)  # refuses a production start without a real SECRET_KEY
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = sqlite_engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["SQLALCHEMY_ENGINE_OPTIONS"])
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


def register_serving(app: Flask) -> None:
    """The health check, compression, then conditional public pages (run before compression)."""
    app.register_blueprint(health.bp)
    compression.register(app)
    public.register(app)


def configure_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "learning" / "migrations"),
                     render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    init_i18n(app)
    with app.app_context():
        init_database(app, db.engine, {f"sort_{locale}": text.compare(locale)
                                       for locale in text.SORT_LOCALES})
    create_collations(db.metadata, {f"sort_{locale}": locale for locale in text.SORT_LOCALES})


def register_hooks() -> None:
    """Hooks of the lower layers: the statistics counters follow progress, accounts and team
    sessions as they are written; the authorization layer finds a tutor's team."""
    counting.register(PROGRESS_RECORDS)
    counted_sessions.listen()
    register_membership(membership)
    register_review(review_rules.REVIEW)  # flagged completions are held (issue 13)


def load_courses(app: Flask) -> None:
    catalogue = load_catalogue(app.config["COURSES_DIR"], app.config["LANGUAGES"])
    app.extensions["catalogue"] = catalogue
    for problem in catalogue.problems:
        if not problem.missing_translation:
            log.warning("course problem: %s", problem)


def check_core_pathway(app: Flask) -> None:
    """CORE_PATHWAY stripped and checked against the course folders (a course whose files are
    broken still counts as known: `flask courses check` says what is wrong with it)."""
    from learning.counting.definitions import check_core_pathway as checked

    root = Path(app.config["COURSES_DIR"])
    known = {p.name for p in root.iterdir() if (p / "course.toml").exists()} \
        if root.is_dir() else set()
    app.config["CORE_PATHWAY"] = checked(app.config["CORE_PATHWAY"], known)


def check_flag_rules(app: Flask) -> None:
    """Refuse to start on an unknown rule in FLAG_RULES (a typo would silently turn it off)."""
    unknown = review_rules.unknown_rules(app.config)
    if unknown:
        raise RuntimeError(f"FLAG_RULES names unknown rules: {', '.join(unknown)}; the rules "
                           f"are: {', '.join(review_rules.RULES)}")


def check_goal_date(app: Flask) -> None:
    """GOAL_DATE, when set, must be a date (YYYY-MM-DD): refuse to start otherwise."""
    from datetime import date

    value = str(app.config.get("GOAL_DATE") or "").strip()
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise RuntimeError(f"GOAL_DATE must be a date written YYYY-MM-DD, not {value!r}") \
                from None
    app.config["GOAL_DATE"] = value


def record_courses(app: Flask) -> None:
    """Record courses and lessons in the database when its schema is there."""
    with app.app_context():
        try:
            refresh_record_ids()
            db.session.commit()
        except (OperationalError, ProgrammingError):
            db.session.rollback()
            log.info("database not migrated yet: courses will be recorded on first use")
