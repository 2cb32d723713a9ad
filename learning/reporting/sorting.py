"""Server-side sorting of the coverage table (?sort=…&dir=…): works without JavaScript."""

from datetime import date

from learning.reporting.figures import CommuneFigures
from learning.text import sort_key

SORT_KEYS = {
    "name": lambda c: sort_key(c.commune.name),
    "target": lambda c: c.target or 0,
    "core": lambda c: c.counts["core"],
    "coverage": lambda c: c.coverage if c.coverage is not None else -1.0,
    "gap": lambda c: c.gap if c.gap is not None else -1,
    "active": lambda c: c.week["active"],
    "lessons": lambda c: c.month["lessons"],
    "last": lambda c: c.last_active or date.min,
}


def sort_communes(rows: list[CommuneFigures], key: str,
                  descending: bool) -> tuple[list[CommuneFigures], str, bool]:
    """The rows in the asked order (by name for an unknown key), ties broken by name."""
    if key not in SORT_KEYS:
        key, descending = "name", False
    by_name = sorted(rows, key=SORT_KEYS["name"])
    return sorted(by_name, key=SORT_KEYS[key], reverse=descending), key, descending
