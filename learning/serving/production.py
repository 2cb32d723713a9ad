"""Production (``APP_ENV=production``): settings that refuse unsafe defaults, the reverse proxy
in front, and the checks the WSGI entry point runs before serving (learning/wsgi.py).

In production the secret key must come from the environment (never the per-install random file),
cookies are Secure, HttpOnly and SameSite=Lax, and the course catalogue is recorded in the database
by a deploy step (``flask courses sync``), not at every start. The server refuses to start with an
unreachable database, a schema that is not migrated, or a catalogue that is not synced, saying
which and what to run.
"""

import logging
import os

from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix

from learning.config import is_server_database

log = logging.getLogger(__name__)

PRODUCTION = "production"
MIN_SECRET_LENGTH = 32


class NotReady(RuntimeError):
    """The site cannot serve: the message says why and what to do."""


def is_production(app: Flask) -> bool:
    return app.config.get("APP_ENV") == PRODUCTION


def configure(app: Flask) -> None:
    """Settings that follow from the environment: production's, the pool's, the proxy's."""
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if is_server_database(url):
        # A dropped connection is replaced, not a 500: psycopg's connections are checked
        # without a round trip (learning.database.still_connected), others by a ping.
        options.setdefault("pool_pre_ping", make_url(url).drivername != "postgresql+psycopg")
        # Every thread of a worker (gunicorn.conf.py: 8) keeps a connection of the pool's:
        # beyond pool_size, a connection is opened for one request and closed after it.
        options.setdefault("pool_size", int(os.environ.get("DATABASE_POOL_SIZE", "10")))
        options.setdefault("max_overflow", 5)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if is_production(app):
        require_secret_key(app.config.get("SECRET_KEY"))
        app.config.update(
            SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True,
            SESSION_COOKIE_SAMESITE="Lax", REMEMBER_COOKIE_SECURE=True,
            REMEMBER_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_SAMESITE="Lax",
            PREFERRED_URL_SCHEME="https",
        )
    trust_proxies(app, int(app.config.get("TRUSTED_PROXIES") or 0))
    if app.config["PASSWORD_HASH_PRIORITY"] not in ("low", "normal"):
        raise NotReady("PASSWORD_HASH_PRIORITY must be low or normal.")
    if not 0 < float(app.config["PASSWORD_HASH_SHARE"]) <= 1:
        raise NotReady("PASSWORD_HASH_SHARE must be more than 0 and at most 1.")


def require_secret_key(secret: str | None) -> None:
    if not secret or len(secret) < MIN_SECRET_LENGTH:
        raise NotReady(
            "APP_ENV=production needs SECRET_KEY in the environment: a random value of at least "
            f"{MIN_SECRET_LENGTH} characters, the same for every worker and server (make one "
            "with: python -c 'import secrets; print(secrets.token_urlsafe(48))').")


def trust_proxies(app: Flask, count: int) -> None:
    """Client address, scheme and host from the X-Forwarded-* headers of ``count`` proxies."""
    if count < 0:
        raise NotReady("TRUSTED_PROXIES must be 0 or more.")
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app,  # type: ignore[method-assign]
                                x_for=count, x_proto=count, x_host=count, x_port=count)


def check_ready(app: Flask) -> None:
    """The database answers, its schema is migrated and the catalogue is recorded in it."""
    from learning.catalog.records import current_catalogue
    from learning.catalog.services import recorded_ids
    from learning.extensions import db

    with app.app_context():
        where = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).render_as_string(
            hide_password=True)
        try:
            with db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError as error:
            raise NotReady(f"cannot reach the database {where}: {error.__class__.__name__}: "
                           f"{str(error.orig or error).strip()}  (check DATABASE_URL)") from None
        try:
            ids = recorded_ids(current_catalogue(), db.session)
        except SQLAlchemyError:
            raise NotReady(f"the database {where} has no schema yet: run "
                           "`flask --app learning db upgrade`") from None
        finally:
            db.session.rollback()
        if ids is None:
            raise NotReady("the course catalogue is not recorded in the database (new or changed "
                           "courses): run `flask --app learning courses sync`")
        app.extensions["catalogue_ids"] = ids
        db.session.remove()
        db.engine.dispose()  # no connection is shared with forked workers
    log.info("ready: database %s, %d courses", where, len(ids.courses))
