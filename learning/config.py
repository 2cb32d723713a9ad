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


def replica_url() -> str | None:
    """DATABASE_REPLICA_URL: a PostgreSQL streaming replica of the database, for the statistics,
    reports and API reads (``learning.database.read_connection``); unset: the primary."""
    return with_driver(os.environ.get("DATABASE_REPLICA_URL", "")) or None


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")  # else a random key kept in instance/secret_key
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    COURSES_DIR = os.environ.get("COURSES_DIR", str(PROJECT_ROOT / "courses"))
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    BABEL_TRANSLATION_DIRECTORIES = ";".join(
        str(p) for p in sorted((PROJECT_ROOT / "translations").glob("*")) if p.is_dir()
    )
    LANGUAGES = ("vi", "fr", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 90
    SEND_FILE_MAX_AGE_DEFAULT = 60 * 60 * 24 * 365
    WTF_CSRF_TIME_LIMIT = None
    # Core pathway used by coverage statistics (course identifiers).
    CORE_PATHWAY = tuple(os.environ.get(
        "CORE_PATHWAY", "vneid,public-services,bank-qr-payments,online-scams").split(","))
    # Counts from 1 to SMALL_CELL_LIMIT - 1 are shown as "<5" above commune level.
    SMALL_CELL_LIMIT = int(os.environ.get("SMALL_CELL_LIMIT", "5"))
