"""Locale choice and locale-aware formatting (through Babel)."""

from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, g, has_app_context, request, session
from flask_babel import (
    format_date,
    format_decimal,
    format_percent,
    get_translations,
    refresh,
)
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

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
    # The templates' words: the translations looked up once per locale chosen, not at each of
    # the ~20 words of a page (a fifth of a signed-in page's time went to these look-ups).
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True)
    app.jinja_env.globals["gettext"] = _template_gettext


_WORDS: dict[int, tuple[Any, dict[str, Markup]]] = {}  # id(translations) -> (them, words)


@pass_context
def _template_gettext(context: Context, string: str, **variables: Any) -> str:
    """A template's ``_("…")``: as Jinja's own (newstyle) gettext, whose result is a format
    string filled with the variables, escaped; a word without variables is made once per
    language (it was ~5 % of a signed-in page's time, at ~17 words a page)."""
    found = translations()
    if variables or not context.eval_ctx.autoescape:
        word = found.ugettext(string)
        return (Markup(word) if context.eval_ctx.autoescape else word) % variables
    kept = _WORDS.get(id(found))
    if kept is None or kept[0] is not found:
        if len(_WORDS) > 32:  # Flask-Babel keeps one per language: never, unless it stops
            _WORDS.clear()
        kept = _WORDS[id(found)] = (found, {})
    words = kept[1]
    word = words.get(string)
    if word is None:
        word = words[string] = Markup(found.ugettext(string)) % {}
    return word


def translations() -> Any:
    """Flask-Babel's translations for the locale chosen now, kept beside that locale in
    Flask-Babel's own state: ``refresh()`` and ``force_locale()`` drop the locale, so the next
    word looks them up again."""
    state = g.get("_flask_babel") if has_app_context() else None
    if state is not None:
        kept = getattr(state, "learning_translations", None)
        if kept is not None and kept[0] is getattr(state, "babel_locale", None):
            return kept[1]
    found = get_translations()
    state = g.get("_flask_babel") if has_app_context() else None
    if state is not None and getattr(state, "babel_locale", None) is not None:
        state.learning_translations = (state.babel_locale, found)
    return found
