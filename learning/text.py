"""Text helpers for Vietnamese names: searching (accents ignored) and sorting (alphabetical order
of the reader's language, through ICU's collation: "Bạch Hà" before "Bình Minh", "Anh" before
"Ăn" before "Âu", "Dương" before "Đông")."""

import threading
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

import icu
from flask import has_request_context
from flask_babel import get_locale

T = TypeVar("T")
SORT_LOCALES = ("vi", "fr", "en")  # each has a database collation "sort_<locale>"
_local = threading.local()  # one ICU collator per thread and locale


def fold(text: str) -> str:
    """Lower-case, accent-free form for searching: "Xã Vân Tụ" -> "xa van tu"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return squash(stripped.lower())


def squash(text: str) -> str:
    """Spaces at the ends removed and runs of spaces made one: "  Thôn   3 " -> "Thôn 3"."""
    return " ".join(text.split())


def sort_locale() -> str:
    """The language whose alphabetical order lists follow: the page's, Vietnamese outside a
    request (commands, reports sent by e-mail)."""
    locale = str(get_locale() or "vi") if has_request_context() else "vi"
    return locale if locale in SORT_LOCALES else "vi"


def collator(locale: str) -> icu.Collator:
    collators = getattr(_local, "collators", None)
    if collators is None:
        collators = _local.collators = {}
    if locale not in collators:
        collators[locale] = icu.Collator.createInstance(icu.Locale(locale))
    return collators[locale]


def sort_key(text: str | None, locale: str | None = None) -> bytes:
    """The key that puts names in the alphabetical order of ``locale`` (the page's by default)."""
    return collator(locale or sort_locale()).getSortKey(text or "")


def by_name(items: Iterable[T], name: Callable[[T], str | None] = str,
            locale: str | None = None) -> list[T]:
    """The items in the alphabetical order of their names."""
    chosen = collator(locale or sort_locale())
    return sorted(items, key=lambda item: chosen.getSortKey(name(item) or ""))


def compare(locale: str) -> Callable[[str, str], int]:
    """A comparison function in ``locale``'s order (SQLite's collations ``sort_<locale>``)."""
    def compared(a: str, b: str) -> int:
        return collator(locale).compare(a or "", b or "")
    return compared


def collation() -> str:
    """The database collation that sorts names like ``sort_key``: ``column.collate(collation())``
    (created by the migration on PostgreSQL, registered on each connection on SQLite)."""
    return f"sort_{sort_locale()}"
