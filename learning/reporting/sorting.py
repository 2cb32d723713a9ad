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


def sort_communes(rows: list[CommuneFigures], key: str, descending: bool,
                  filtered: dict[str, int | None] | None = None
                  ) -> tuple[list[CommuneFigures], str, bool]:
    """The rows in the asked order (by name for an unknown key), ties broken by name.
    ``filtered``: the filtered figure shown per commune (None: withheld); sorting by it uses
    only what is shown — withheld figures sort together, by name, below every figure shown —
    so that the order tells nothing of a withheld figure."""
    keys = dict(SORT_KEYS)
    if filtered is not None:
        keys["filtered"] = lambda c: (filtered.get(c.commune.code) is not None,
                                      filtered.get(c.commune.code) or 0)
    if key not in keys:
        key, descending = "name", False
    by_name = sorted(rows, key=SORT_KEYS["name"])
    ordered = sorted(by_name, key=keys[key], reverse=descending)
    if key == "filtered" and descending is False:  # withheld ones below, whatever the order
        ordered = [c for c in ordered if filtered.get(c.commune.code) is not None] + \
            [c for c in ordered if filtered.get(c.commune.code) is None]
    return ordered, key, descending
