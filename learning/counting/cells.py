"""Which counter cells a fact adds to: the one key matrix, used when counting on write, when
moving a person's counts, and when computing counters from raw records (rebuild, verify).

A cell is commune × period × course (0 = all courses) × breakdown. A fact adds to:
- every period (day, week, month, all time) under the breakdown "all", for course 0 and, for
  lessons and courses, for its own course too;
- lessons: also by method (self, tutor, event), for course 0 and its course;
- weeks, months and all time only: by age band, gender and roster team (course 0).
Sessions are broken down by team only.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from learning.counting.definitions import (
    AGE,
    ALL,
    DAY,
    GENDER,
    MEASURE_INDEX,
    MEASURE_NAMES,
    METHOD,
    PERIOD_KINDS,
    TEAM,
    period_start,
)

# commune, period, dimension, course_id, start, value (the primary key of stat_counter)
Key = tuple[str, str, str, int, date, str]
COURSE_MEASURES = ("lessons", "courses")


@dataclass(frozen=True)
class Person:
    """Who a fact is counted under. A None attribute is not broken down (raw queries that do not
    group by it)."""

    commune_code: str
    age_band: str | None = None
    gender: str | None = None
    team: str | None = None

    def cuts(self) -> Iterator[tuple[str, str]]:
        for dimension, value in ((AGE, self.age_band), (GENDER, self.gender),
                                 (TEAM, self.team)):
            if value is not None:
                yield dimension, value


class Deltas:
    """Changes to counters: key -> one number per measure."""

    def __init__(self) -> None:
        self.cells: defaultdict[Key, list[int]] = defaultdict(lambda: [0] * len(MEASURE_NAMES))

    def add(self, key: Key, measure: str, n: int) -> None:
        self.cells[key][MEASURE_INDEX[measure]] += n

    def add_at(self, measure: str, person: Person, kind: str, start: date, n: int,
               course_id: int = 0, method: str | None = None, totals: bool = True) -> None:
        """A fact in the period (kind, start); totals=False: to the breakdowns by person only."""
        commune = person.commune_code
        courses = (0, course_id) if course_id and measure in COURSE_MEASURES else (0,)
        for course in courses if totals else ():
            self.add((commune, kind, ALL, course, start, ""), measure, n)
            if method is not None and measure == "lessons":
                self.add((commune, kind, METHOD, course, start, method), measure, n)
        if kind != DAY:
            for dimension, value in person.cuts():
                if measure != "sessions" or dimension == TEAM:
                    self.add((commune, kind, dimension, 0, start, value), measure, n)

    def add_dated(self, measure: str, person: Person, day: date, n: int, course_id: int = 0,
                  method: str | None = None, kinds: Iterable[str] = PERIOD_KINDS) -> None:
        """A fact on a day: it adds to the day, its week, its month and all time."""
        for kind in kinds:
            self.add_at(measure, person, kind, period_start(kind, day), n, course_id, method)

    def add_distinct(self, measure: str, person: Person, before: Iterable[date],
                     after: Iterable[date]) -> None:
        """A person counted once per period (active, helped): compare the periods their days fell
        in before and after a change."""
        old, new = periods_of(before), periods_of(after)
        for kind, start in new - old:
            self.add_at(measure, person, kind, start, 1)
        for kind, start in old - new:
            self.add_at(measure, person, kind, start, -1)

    def merge(self, other: "Deltas") -> None:
        for key, counts in other.cells.items():
            mine = self.cells[key]
            for i, n in enumerate(counts):
                mine[i] += n

    def nonzero(self) -> list[tuple[Key, list[int]]]:
        """Changed cells in key order (the same order in every transaction: no deadlock)."""
        return sorted((key, counts) for key, counts in self.cells.items() if any(counts))

    def __bool__(self) -> bool:
        return any(any(counts) for counts in self.cells.values())


def periods_of(days: Iterable[date]) -> set[tuple[str, date]]:
    return {(kind, period_start(kind, day)) for day in days for kind in PERIOD_KINDS}
