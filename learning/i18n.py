"""Locale choice and locale-aware formatting (through Babel)."""

from datetime import date, datetime
from urllib.parse import urlsplit

from flask import Flask, current_app, request, session
from flask_babel import format_date, format_decimal, format_percent, refresh
from flask_login import current_user

from learning.extensions import babel

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "fr": "Français", "en": "English"}


def select_locale() -> str:
    """The signed-in user's setting, then the visitor's choice, then Accept-Language, then vi."""
    languages = current_app.config["LANGUAGES"]
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in languages:
        return user_locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or languages[0]


def safe_next(target: str | None, fallback: str = "/") -> str:
    """Only redirect back inside this site."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


def percent(value: float) -> str:
    return format_percent(value)


def number(value: float) -> str:
    return format_decimal(value)


def day(value: date | datetime) -> str:
    return format_date(value, format="medium")


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(refresh)  # choose the locale afresh for every request
