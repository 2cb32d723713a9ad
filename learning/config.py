"""Settings from the environment, with safe defaults (SQLite in the instance folder)."""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def with_driver(url: str) -> str:
    """postgres:// and postgresql:// URLs use psycopg 3."""
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def database_url(instance_path: str) -> str:
    url = with_driver(os.environ.get("DATABASE_URL", ""))
    return url or f"sqlite:///{Path(instance_path) / 'learning.sqlite3'}"


def is_server_database(url: str) -> bool:
    """A database reached over a connection that can drop (PostgreSQL), not an embedded file."""
    return not url.startswith("sqlite")


def replica_url() -> str | None:
    """DATABASE_REPLICA_URL: a PostgreSQL streaming replica of the database, for the statistics,
    reports and API reads (``learning.database.read_connection``); unset: the primary."""
    return with_driver(os.environ.get("DATABASE_REPLICA_URL", "")) or None


class Config:
    # "production" (APP_ENV=production): refuses unsafe defaults (learning/serving/production.py).
    APP_ENV = os.environ.get("APP_ENV", "development")
    SECRET_KEY = os.environ.get("SECRET_KEY")  # else a random key kept in instance/secret_key
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # How many reverse proxies (nginx…) in front of the app set X-Forwarded-For/-Proto/-Host.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    COURSES_DIR = os.environ.get("COURSES_DIR", str(PROJECT_ROOT / "courses"))
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
    LANGUAGES = ("vi", "fr", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 90
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Argon2id with OWASP's parameters (19 MiB, 2 iterations, 1 lane); tests lower the cost.
    ARGON2_MEMORY_KIB = 19 * 1024
    ARGON2_TIME_COST = 2
    ARGON2_PARALLELISM = 1
    # Hashes take turns in one lane for the machine, on a thread of each server process at this
    # priority (low: nice 10; normal), and take at most this share of one processor
    # (learning/accounts/passwords.py).
    PASSWORD_HASH_PRIORITY = os.environ.get("PASSWORD_HASH_PRIORITY", "low")  # low|normal
    PASSWORD_HASH_SHARE = float(os.environ.get("PASSWORD_HASH_SHARE", str(1 / 3)))
    SEND_FILE_MAX_AGE_DEFAULT = 60 * 60 * 24 * 365
    WTF_CSRF_TIME_LIMIT = None
    # Nothing sent to the site may be larger (413, checked before any form or JSON is read); the
    # sync API has its own smaller limit (learning/offline/events.py, MAX_BODY_BYTES).
    MAX_CONTENT_LENGTH = 1024 * 1024
    # Strict-Transport-Security on answers over https (0: never).
    HSTS_MAX_AGE = int(os.environ.get("HSTS_MAX_AGE", str(60 * 60 * 24 * 365)))
    # Core pathway used by coverage statistics (course identifiers, comma-separated; spaces are
    # stripped; create_app refuses to start on an unknown one).
    CORE_PATHWAY = os.environ.get(
        "CORE_PATHWAY", "vneid,public-services,bank-qr-payments,online-scams")
    # The rules that flag implausible completions for review (learning/review/rules.py;
    # comma-separated, empty for none; None: all). Thresholds: FLAG_* settings, same module.
    FLAG_RULES = os.environ.get("FLAG_RULES")
    # Responses compressed by the app (brotli when the phone accepts it, else gzip), so that
    # development, tests and production send the same bytes (learning/serving/compression.py).
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_STREAMS = False  # files are precompressed; streamed exports go as they are
    COMPRESS_BR_LEVEL = 5
    COMPRESS_LEVEL = 6
    COMPRESS_MIN_SIZE = 256
    # The date by which the coverage goal should be reached (YYYY-MM-DD; empty: 31 December of
    # the current year): the dashboards project the pace of the last weeks to it. create_app
    # refuses to start on a date it cannot read.
    GOAL_DATE = os.environ.get("GOAL_DATE", "")
    # The fewest people a group of an age band, gender or team table may hold outside the commune
    # (reporting/disclosure.py; docs/statistics.md, "Privacy of small groups").
    SMALL_CELL_LIMIT = int(os.environ.get("SMALL_CELL_LIMIT", "5"))
