"""Read-only queries over the counters: every statistics page, report, export and API answer is
built from ``CounterSource.cells`` (a few GROUP BY queries over a few thousand counter rows,
whatever the number of learners). ``raw.RawSource`` answers the same questions from raw records.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from sqlalchemy import ARRAY, String, and_, any_, bindparam, func, literal, or_, select

from learning.catalog.records import record_ids
from learning.counting.definitions import (
    ALL,
    ALL_TIME,
    ALL_TIME_START,
    DAY,
    MEASURE_NAMES,
    as_date,
)
from learning.counting.models import StatCounter
from learning.database import read_connection
from learning.extensions import db

# "Last activity" is looked for day by day over the last LOOKBACK_DAYS days (today included), so
# that a commune inactive for INACTIVE_DAYS can be said to be so "since <day>"; one with none
# there has had no activity for longer (or never).
LOOKBACK_DAYS = 62
RECENT_DAYS = LOOKBACK_DAYS - 1
COUNTERS = StatCounter.__table__.c


@dataclass(frozen=True)
class Window:
    """Periods of one kind whose start is between first and last (inclusive; None: open)."""

    kind: str
    first: date | None = None
    last: date | None = None

    def holds(self, start: date) -> bool:
        return (self.first is None or start >= self.first) and (
            self.last is None or start <= self.last)


@dataclass(frozen=True)
class Cell:
    commune: str | None  # None when summed over communes
    kind: str
    start: date | None  # None when summed over the window's periods
    course_id: int  # 0: all courses
    dimension: str
    value: str
    counts: tuple[int, ...]  # one per measure, in MEASURE_NAMES order

    def __getattr__(self, name: str) -> int:
        try:
            return self.counts[MEASURE_NAMES.index(name)]
        except ValueError:
            raise AttributeError(name) from None


class Source(Protocol):
    def cells(self, communes: Sequence[str], windows: Sequence[Window],
              dimensions: Sequence[str] = (ALL,), by_commune: bool = False,
              by_start: bool = False, by_course: bool = False) -> list[Cell]: ...

    def last_activity(self, communes: Sequence[str], today: date) -> dict[str, date]: ...


class CounterSource:
    """Figures from the counters maintained on write."""

    def cells(self, communes: Sequence[str], windows: Sequence[Window],
              dimensions: Sequence[str] = (ALL,), by_commune: bool = False,
              by_start: bool = False, by_course: bool = False) -> list[Cell]:
        c = COUNTERS  # table columns: plain rows back, no ORM work per row
        keys = [c.period, c.dimension, c.value]
        keys += [c.commune_code] if by_commune else []
        keys += [c.start] if by_start else []
        keys += [c.course_id] if by_course else []
        statement = select(*keys, *(func.sum(c[m]) for m in MEASURE_NAMES)).where(
            _among(communes), c.dimension.in_(list(dimensions)),
            or_(*(_window_clause(w) for w in windows)))
        # Naming the courses lets the planner search the key by course instead of scanning.
        courses = [0, *record_ids().courses.values()] if by_course else [0]
        statement = statement.where(c.course_id.in_(courses))
        rows = _run(statement.group_by(*keys))
        at = 3 + by_commune + by_start + by_course  # where the sums begin
        return [Cell(row[3] if by_commune else None, row[0],
                     as_date(row[3 + by_commune]) if by_start else None,
                     row[at - 1] if by_course else 0, row[1], row[2], tuple(row[at:]))
                for row in rows]

    def last_activity(self, communes: Sequence[str], today: date) -> dict[str, date]:
        """The last day, in the last LOOKBACK_DAYS days, on which a resident of each commune
        answered a quiz (communes with none are inactive)."""
        c = COUNTERS
        rows = _run(
            select(c.commune_code, func.max(c.start)).where(
                _among(communes), c.period == DAY, c.dimension == ALL,
                c.course_id == 0, c.start >= today - timedelta(days=RECENT_DAYS), c.active > 0)
            .group_by(c.commune_code))
        return {code: as_date(day) for code, day in rows}


def _run(statement) -> list:
    """Rows of a query over the counters, never as a server-side prepared statement: PostgreSQL
    would switch it to a generic plan after a few runs, which does not know the periods and
    communes asked for and reads several times more rows (psycopg prepares a statement run five
    times; this turns that off for these queries only). On the replica when there is one."""
    connection = read_connection()
    raw = connection.connection.dbapi_connection
    if not hasattr(raw, "prepare_threshold"):
        return connection.execute(statement).all()
    threshold, raw.prepare_threshold = raw.prepare_threshold, None
    try:
        return connection.execute(statement).all()
    finally:
        raw.prepare_threshold = threshold


def _among(communes: Sequence[str]):
    """commune_code IN (…), written so that the planner does not pick it to search the primary
    key (SQLite otherwise skip-scans the key once per commune): the rows wanted are one range of
    the key (period, breakdown, course, start), and the communes filter that range."""
    code = COUNTERS.commune_code.concat("")
    if db.session.get_bind().dialect.name == "postgresql":  # one array, not 130 parameters
        return code == any_(bindparam("communes", list(communes), type_=ARRAY(String)))
    return code.in_(list(communes))


def _window_clause(window: Window):
    c = COUNTERS
    clauses = [c.period == window.kind]
    if window.kind == ALL_TIME:
        clauses.append(c.start == literal(ALL_TIME_START))
    if window.first is not None:
        clauses.append(c.start >= window.first)
    if window.last is not None:
        clauses.append(c.start <= window.last)
    return and_(*clauses)
