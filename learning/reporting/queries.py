"""Read-only queries over the counters: every statistics page, report, export and API answer is
built from ``CounterSource.cells`` (a few GROUP BY queries over a few thousand counter rows,
whatever the number of learners). ``raw.RawSource`` answers the same questions from raw records.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from sqlalchemy import and_, func, literal, or_, select

from learning.extensions import db
from learning.reporting.definitions import (
    ALL,
    ALL_TIME,
    ALL_TIME_START,
    DAY,
    MEASURE_NAMES,
    as_date,
)
from learning.reporting.models import StatCounter

RECENT_DAYS = 42  # how far back "last activity" is looked for, day by day


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
        c = StatCounter
        keys = [c.period, c.dimension, c.value]
        keys += [c.commune_code] if by_commune else []
        keys += [c.start] if by_start else []
        keys += [c.course_id] if by_course else []
        statement = select(*keys, *(func.sum(getattr(c, m)) for m in MEASURE_NAMES)).where(
            _among(communes), c.dimension.in_(list(dimensions)),
            or_(*(_window_clause(w) for w in windows)))
        if not by_course:
            statement = statement.where(c.course_id == 0)
        rows = db.session.execute(statement.group_by(*keys)).all()
        cells = []
        for row in rows:
            kind, dimension, value, *rest = row
            commune = rest.pop(0) if by_commune else None
            start = rest.pop(0) if by_start else None
            course_id = rest.pop(0) if by_course else 0
            cells.append(Cell(commune, kind, start, course_id, dimension, value,
                              tuple(int(n or 0) for n in rest)))
        return cells

    def last_activity(self, communes: Sequence[str], today: date) -> dict[str, date]:
        """The last day (within RECENT_DAYS) on which a resident of each commune answered a quiz."""
        c = StatCounter
        rows = db.session.execute(
            select(c.commune_code, func.max(c.start)).where(
                _among(communes), c.period == DAY, c.dimension == ALL,
                c.course_id == 0, c.start >= today - timedelta(days=RECENT_DAYS), c.active > 0)
            .group_by(c.commune_code)).all()
        return {code: as_date(day) for code, day in rows}


def _among(communes: Sequence[str]):
    """commune_code IN (…), written so that the planner does not pick it to search the primary
    key (SQLite otherwise skip-scans the key once per commune): the rows wanted are one range of
    the key (period, breakdown, course, start), and the communes filter that range."""
    return StatCounter.commune_code.concat("").in_(list(communes))


def _window_clause(window: Window):
    c = StatCounter
    clauses = [c.period == window.kind]
    if window.kind == ALL_TIME:
        clauses.append(c.start == literal(ALL_TIME_START))
    if window.first is not None:
        clauses.append(c.start >= window.first)
    if window.last is not None:
        clauses.append(c.start <= window.last)
    return and_(*clauses)
