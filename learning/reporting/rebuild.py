"""`flask stats rebuild` and `flask stats verify`: the counters against raw records.

Profiles come from accounts (an account deleted at its owner's request keeps the profile it had);
counters come from ``raw.RawSource`` — the same GROUP BY queries the benchmark's naive pages run.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select, update

from learning.accounts.models import User
from learning.counting.cells import Deltas, Key
from learning.counting.counters import KEY_COLUMNS, replace_all
from learning.counting.definitions import (
    ALL,
    MEASURE_NAMES,
    METHOD,
    PEOPLE_DIMENSIONS,
    PERIOD_KINDS,
    as_date,
)
from learning.counting.models import StatCounter, StatisticsProfile
from learning.counting.people import profile_values
from learning.extensions import db
from learning.reporting.queries import Window
from learning.reporting.raw import RawSource

DIMENSIONS = (ALL, METHOD, *PEOPLE_DIMENSIONS)
PROFILE_FIELDS = ("commune_code", "age_band", "gender", "team", "registered_on")


@dataclass
class Difference:
    what: str  # "profile" or "counter"
    key: object
    measure: str
    expected: object
    stored: object

    def __str__(self) -> str:
        return f"{self.what} {self.key} {self.measure}: expected {self.expected}, " \
               f"stored {self.stored}"


@dataclass
class Check:
    profiles: int = 0
    cells: int = 0
    differences: list[Difference] = field(default_factory=list)


def expected_profiles() -> Iterator[tuple[int, dict | None, bool]]:
    """Each account: the profile it should have (None: not counted), and whether it is deleted."""
    users = db.session.execute(select(
        User.id, User.commune_code, User.birth_year, User.gender, User.team_id, User.created_at,
        User.deleted_at).execution_options(yield_per=50_000))
    for row in users:
        yield row.id, profile_values(row), row.deleted_at is not None  # type: ignore[arg-type]


def stored_profiles() -> dict[int, tuple]:
    p = StatisticsProfile
    rows = db.session.execute(select(p.learner_id, *(getattr(p, f) for f in PROFILE_FIELDS)))
    return {row[0]: tuple(row[1:]) for row in rows}


def profile_changes() -> tuple[list[dict], list[dict], list[int], int]:
    """Profiles to insert, to update and to delete so that they match the accounts."""
    stored = stored_profiles()
    inserts, updates, deletes = [], [], []
    for learner_id, values, deleted in expected_profiles():
        old = stored.get(learner_id)
        if deleted and old is not None:
            continue  # kept as it was when the account was deleted
        if values is None:
            if old is not None:
                deletes.append(learner_id)
            continue
        new = tuple(values[f] for f in PROFILE_FIELDS)
        if old is None:
            inserts.append(values)
        elif new != old:
            updates.append(values)
    return inserts, updates, deletes, len(stored)


def expected_counters() -> Deltas:
    deltas = Deltas()
    source = RawSource()
    for kind in PERIOD_KINDS:
        source.deltas(None, Window(kind), DIMENSIONS, into=deltas)
    return deltas


def stored_counters() -> dict[Key, tuple[int, ...]]:
    c = StatCounter
    columns = [getattr(c, name) for name in (*KEY_COLUMNS, *MEASURE_NAMES)]
    stored = {}
    for row in db.session.execute(select(*columns).execution_options(yield_per=50_000)):
        key = (row[0], row[1], row[2], row[3], as_date(row[4]), row[5])
        stored[key] = tuple(row[6:])
    return stored


def rebuild() -> Check:
    """Recompute every profile and counter from raw records (in the caller's transaction)."""
    inserts, updates, deletes, _ = profile_changes()
    table = StatisticsProfile.__table__
    if deletes:
        for first in range(0, len(deletes), 10_000):
            db.session.execute(delete(table).where(
                table.c.learner_id.in_(deletes[first:first + 10_000])))
    if updates:
        for values in updates:
            db.session.execute(update(table).where(table.c.learner_id == values["learner_id"])
                               .values(values))
    for first in range(0, len(inserts), 20_000):
        db.session.execute(insert(table), inserts[first:first + 20_000])
    db.session.flush()
    deltas = expected_counters()
    cells = replace_all(db.session.connection(), deltas)
    return Check(profiles=len(inserts) + len(updates) + len(deletes), cells=cells)


def verify() -> Check:
    """Compare profiles and counters with raw records; every difference is listed."""
    check = Check()
    inserts, updates, deletes, check.profiles = profile_changes()
    for values in inserts + updates:
        check.differences.append(Difference("profile", values["learner_id"], "profile",
                                            values, "missing or different"))
    for learner_id in deletes:
        check.differences.append(Difference("profile", learner_id, "profile", None, "present"))
    expected = {key: tuple(counts) for key, counts in expected_counters().nonzero()}
    stored = {key: counts for key, counts in stored_counters().items() if any(counts)}
    check.cells = len(stored)
    zero = (0,) * len(MEASURE_NAMES)
    for key in sorted(expected.keys() | stored.keys()):
        want, have = expected.get(key, zero), stored.get(key, zero)
        for name, a, b in zip(MEASURE_NAMES, want, have, strict=True):
            if a != b:
                check.differences.append(Difference("counter", key, name, a, b))
    return check
