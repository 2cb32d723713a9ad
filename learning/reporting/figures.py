"""What the dashboards show, assembled from a few ``Source.cells`` calls (counters, or raw records
for the benchmark's baseline). Pure arithmetic over cells: no query here."""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from learning.counting.definitions import (
    AGE,
    AGE_BAND_NAMES,
    ALL,
    ALL_TIME,
    ASSISTED,
    GENDER,
    GENDERS,
    INACTIVE_DAYS,
    MEASURE_NAMES,
    METHOD,
    METHODS,
    MONTH,
    PROJECTION_WEEKS,
    TEAM,
    WEEK,
    Period,
    commune_target,
    coverage,
    coverage_goal,
    goal_date,
)
from learning.geography.models import Commune
from learning.reporting.areas import COMMUNE, Area
from learning.reporting.disclosure import (
    Release,
    last_closed_month,
    province_release,
    releases,
)
from learning.reporting.queries import Cell, Source, Window
from learning.reporting.staff import StaffFigures, staff_figures, staff_members
from learning.review.queries import under_review
from learning.text import sort_key

TREND_LENGTH = 12


class Counts(dict):
    """One number per measure (missing ones are 0)."""

    def __missing__(self, key: str) -> int:
        return 0

    def add(self, cell: Cell) -> None:
        for name, n in zip(MEASURE_NAMES, cell.counts, strict=True):
            self[name] += n


def totals(cells: Iterable[Cell], key) -> defaultdict:
    """Cells summed by key(cell) (cells whose key is None are left out)."""
    sums: defaultdict = defaultdict(Counts)
    for cell in cells:
        group = key(cell)
        if group is not None:
            sums[group].add(cell)
    return sums


@dataclass
class CommuneFigures:
    commune: Commune
    counts: Counts  # all time
    week: Counts
    month: Counts
    per_course: dict[int, int]  # course id -> people who completed it
    last_active: date | None
    today: date
    goal_share: float  # definitions.coverage_goal()
    last_month: Counts = field(default_factory=Counts)
    province_pace: float | None = None  # the province's pace (see pace), for lagging

    @cached_property
    def target(self) -> int | None:
        return commune_target(self.commune)

    @cached_property
    def coverage(self) -> float | None:
        return coverage(self.counts["core"], self.target)

    @property
    def goal(self) -> int | None:
        return None if self.target is None else math.ceil(self.goal_share * self.target)

    @property
    def gap(self) -> int | None:
        return None if self.goal is None else max(0, self.goal - self.counts["core"])

    @property
    def inactive(self) -> bool:
        """No quiz answered by a resident in the last INACTIVE_DAYS days."""
        return self.last_active is None or \
            self.last_active <= self.today - timedelta(days=INACTIVE_DAYS)

    @property
    def below_goal(self) -> bool:
        return self.coverage is not None and self.coverage < self.goal_share

    @property
    def recent_core(self) -> int:
        """Core pathway completers of this month and the last (the pace's window)."""
        return self.month["core"] + self.last_month["core"]

    @property
    def pace_days(self) -> int:
        return pace_days(self.today)

    @property
    def pace(self) -> float | None:
        """Share of the target reached per day over this month and the last (None: no target)."""
        return None if self.target is None else self.recent_core / self.target / self.pace_days

    @property
    def slow(self) -> bool:
        """Below the goal and moving at less than half the province's pace
        (SLOW_PACE_SHARE): early on, when every commune is far from the goal, only those that
        fall behind the others lag."""
        return self.below_goal and self.pace is not None and self.province_pace is not None \
            and self.pace < SLOW_PACE_SHARE * self.province_pace

    @property
    def goal_day(self) -> date | None:
        """When the commune reaches the goal at its current pace (None: no target or no pace;
        today when it has)."""
        return goal_day(self.gap, self.recent_core, self.today)

    @property
    def lagging(self) -> bool:
        return self.inactive or self.slow


@dataclass
class TrendPoint:
    period: Period
    counts: Counts
    core_to_date: int  # core pathway completers at the end of the period
    target: int
    partial: bool

    @property
    def coverage(self) -> float | None:
        return coverage(self.core_to_date, self.target)


@dataclass(frozen=True)
class Projection:
    """Progress toward the goal by a target date, at the pace of the last PROJECTION_WEEKS
    complete ISO weeks (the communes that have a target): every day after today, up to and
    including the target date, adds the completers of those weeks divided by their days."""

    today: date
    target_date: date
    target: int | None  # None: no commune has a target
    core: int  # core pathway completers today
    recent: int  # core pathway completers of the last `weeks` complete weeks
    goal_share: float
    weeks: int = PROJECTION_WEEKS

    @property
    def per_day(self) -> float:
        return max(self.recent, 0) / (7 * self.weeks)

    @property
    def per_week(self) -> float:
        return self.per_day * 7

    @property
    def passed(self) -> bool:
        """The target date is behind us: nothing is projected."""
        return self.target_date < self.today

    @property
    def days_left(self) -> int:
        return max(0, (self.target_date - self.today).days)

    @property
    def projected(self) -> float | None:
        """Core pathway completers expected on the target date at this pace."""
        return None if self.target is None else self.core + self.per_day * self.days_left

    @property
    def projected_share(self) -> float | None:
        projected = self.projected
        return None if projected is None or not self.target else projected / self.target

    @property
    def goal(self) -> int | None:
        return None if self.target is None else math.ceil(self.goal_share * self.target)

    @property
    def gap(self) -> int | None:
        return None if self.goal is None else max(0, self.goal - self.core)

    @property
    def goal_day(self) -> date | None:
        """The day the goal is reached at this pace (today if it is; None: no target, or never
        at this pace)."""
        gap = self.gap
        if gap is None:
            return None
        if gap == 0:
            return self.today
        if self.recent <= 0:
            return None
        days = math.ceil(gap * 7 * self.weeks / self.recent)
        return self.today + timedelta(days=days) if days < 365 * 100 else None

    @property
    def on_track(self) -> bool:
        return self.goal_day is not None and self.goal_day <= self.target_date

    @property
    def needed_per_week(self) -> int | None:
        """Completers a week needed from tomorrow to reach the goal on the target date (None: no
        target, reached already or no day left)."""
        if not self.gap or not self.days_left:
            return None
        return math.ceil(self.gap * 7 / self.days_left)


@dataclass
class Breakdown:
    dimension: str
    rows: list[tuple[str, Counts, Counts]]  # value, all time, this month


@dataclass
class Dashboard:
    area: Area
    today: date
    week: Period
    month: Period
    communes: list[CommuneFigures]
    total: Counts
    target: int
    per_course: dict[int, Counts]
    weeks: list[TrendPoint]
    months: list[TrendPoint]
    methods: dict[str, dict[object, Counts]]  # method -> window start (None: all time) -> counts
    breakdowns: list[Breakdown] = field(default_factory=list)  # exact (own commune, admin)
    # What anyone else is told of the people of each group (disclosure.py): the area's table,
    # and each commune's (the analyst filters read them).
    released: dict[str, Release] = field(default_factory=dict)
    released_by_commune: dict[str, dict[str, Release]] = field(default_factory=dict)
    staff: StaffFigures | None = None
    # Lesson completions held for review (not counted above), per commune (learning.review).
    under_review: dict[str, int] = field(default_factory=dict)

    @property
    def under_review_total(self) -> int:
        return sum(self.under_review.values())

    @property
    def coverage(self) -> float | None:
        return coverage(self.core_with_target, self.target)

    @cached_property
    def projection(self) -> Projection:
        """Toward the goal by the target date (GOAL_DATE), at the pace of the last
        PROJECTION_WEEKS complete weeks (from the weekly trend: no query)."""
        weeks = self.weeks
        recent = weeks[-2].core_to_date - weeks[-2 - PROJECTION_WEEKS].core_to_date
        return Projection(self.today, goal_date(self.today), self.target or None,
                          self.core_with_target, recent, coverage_goal())

    @property
    def core_with_target(self) -> int:
        return sum(c.counts["core"] for c in self.communes if c.target is not None)

    def coverage_before(self, period: Period) -> float | None:
        """Coverage at the end of the period before this one (unknown without a target)."""
        points = self.weeks if period.kind == WEEK else self.months
        return points[-2].coverage

    def this(self, kind: str, previous: bool = False) -> Counts:
        points = self.weeks if kind == WEEK else self.months
        return points[-2 if previous else -1].counts

    def assisted_share(self, start: date | None = None) -> tuple[int, int]:
        """Lessons completed with a tutor or at an event, and all lessons completed."""
        assisted = sum(self.methods.get(m, {}).get(start, Counts())["lessons"] for m in ASSISTED)
        every = sum(self.methods.get(m, {}).get(start, Counts())["lessons"] for m in METHODS)
        return assisted, every

    @property
    def recent_core(self) -> int:
        return sum(c.recent_core for c in self.communes if c.target is not None)

    @property
    def pace(self) -> float | None:
        return None if not self.target else self.recent_core / self.target / pace_days(self.today)

    @property
    def goal_day(self) -> date | None:
        if not self.target:
            return None
        gap = max(0, math.ceil(coverage_goal() * self.target) - self.core_with_target)
        return goal_day(gap, self.recent_core, self.today)

    @property
    def lagging(self) -> list[CommuneFigures]:
        """Inactive communes first (the longest inactive first), then the slowest pace toward
        the goal, then the lowest coverage."""
        return sorted((c for c in self.communes if c.lagging), key=lag_order)


def lag_order(c: CommuneFigures) -> tuple:
    return (not c.inactive, c.last_active or date.min, c.pace if c.pace is not None else 0.0,
            c.coverage or 0.0, sort_key(c.commune.name))


SLOW_PACE_SHARE = 0.5


def pace_days(today: date) -> int:
    """Days of the pace's window: the last month and this one so far (today included)."""
    return (today - Period.containing(MONTH, today).previous.start).days + 1


def goal_day(gap: int | None, recent: int, today: date) -> date | None:
    """The day the gap is closed at the pace of the recent completers (None: never at this
    pace, or no goal)."""
    if gap is None:
        return None
    if gap == 0:
        return today
    if recent <= 0:
        return None
    days = math.ceil(gap * pace_days(today) / recent)
    return today + timedelta(days=days) if days < 365 * 100 else None


def dashboard(source: Source, area: Area, today: date, breakdowns: Sequence[str],
              groups: Sequence[str] = ()) -> Dashboard:
    """Five (six when a commune has no target, one more for ``groups``: the dimensions whose
    released tables are wanted) Source calls, whatever the number of learners."""
    week, month = Period.containing(WEEK, today), Period.containing(MONTH, today)
    codes, goal = area.codes, coverage_goal()
    recent = [Window(WEEK, week.previous.start, week.start),
              Window(MONTH, month.previous.start, month.start)]
    trend_windows = [Window(WEEK, week.shift(1 - TREND_LENGTH).start, week.start),
                     Window(MONTH, month.shift(1 - TREND_LENGTH).start, month.start)]
    all_time = source.cells(codes, [Window(ALL_TIME)], (ALL,), by_commune=True, by_course=True)
    this_and_last = source.cells(codes, recent, (ALL,), by_commune=True, by_start=True)
    trend_cells = source.cells(codes, trend_windows, (ALL,), by_start=True)
    cuts = source.cells(codes, [Window(ALL_TIME), recent[1]], (METHOD, *breakdowns),
                        by_start=True)
    untargeted = [c.code for c in area.communes if commune_target(c) is None]
    no_target = source.cells(untargeted, trend_windows, (ALL,), by_start=True) \
        if untargeted else []
    last = source.last_activity(codes, today)

    by_commune = totals(all_time, lambda c: c.commune if c.course_id == 0 else None)
    by_course = totals(all_time, lambda c: c.course_id or None)
    completed: defaultdict[str, dict[int, int]] = defaultdict(dict)
    for cell in all_time:
        if cell.course_id:
            completed[cell.commune][cell.course_id] = cell.courses
    periods = totals(this_and_last, lambda c: (c.commune, c.kind, c.start))
    communes = [CommuneFigures(
        commune, by_commune[commune.code], periods[(commune.code, WEEK, week.start)],
        periods[(commune.code, MONTH, month.start)], completed[commune.code],
        last.get(commune.code), today, goal,
        periods[(commune.code, MONTH, month.previous.start)]) for commune in area.communes]
    total = Counts()
    for figures in communes:
        for name, n in figures.counts.items():
            total[name] += n
    target = sum(c.target or 0 for c in communes)
    core_with_target = sum(c.counts["core"] for c in communes if c.target is not None)
    province = totals(trend_cells, lambda c: (c.kind, c.start))
    outside = totals(no_target, lambda c: (c.kind, c.start))
    if target:
        recent = sum(c.recent_core for c in communes if c.target is not None)
        for figures in communes:
            figures.province_pace = recent / target / pace_days(today)
    by_group, released = released_tables(source, area, last_closed_month(today), groups)
    return Dashboard(
        area, today, week, month, communes, total, target, dict(by_course),
        trend(province, outside, week, core_with_target, target, today),
        trend(province, outside, month, core_with_target, target, today),
        _methods(cuts), [_breakdown(cuts, d, area, month) for d in breakdowns], released,
        by_group, staff=staff_figures(staff_members(area), area, month.start, None),
        under_review=under_review(codes))


def released_tables(source: Source, area: Area, last: Period, groups: Sequence[str]
                    ) -> tuple[dict[str, dict[str, Release]], dict[str, Release]]:
    """Each commune's released table of each dimension up to the closed month ``last``, and the
    area's (a commune's own; a province's sum of its communes'): one Source call."""
    if not groups:
        return {}, {}
    cells = source.cells(area.codes, [Window(MONTH, None, last.start)], tuple(groups),
                         by_commune=True, by_start=True)
    by_group = {d: releases(cells, d, area.codes, last) for d in groups}
    if area.kind == COMMUNE:
        return by_group, {d: by_group[d][area.code] for d in groups}
    return by_group, {d: province_release(d, by_group[d]) for d in groups}


def trend(province: dict, outside: dict, current: Period, core_total: int, target: int,
          today: date) -> list[TrendPoint]:
    """The last TREND_LENGTH periods, with core pathway completers to date at each one's end
    (in the communes that have a target: outside holds the figures of those that have none)."""
    points = []
    core_to_date = core_total
    period = current
    for _ in range(TREND_LENGTH):
        key = (current.kind, period.start)
        counts = province.get(key, Counts())
        points.append(TrendPoint(period, counts, core_to_date, target,
                                 not period.is_complete(today)))
        core_to_date -= counts["core"] - outside.get(key, Counts())["core"]
        period = period.previous
    return points[::-1]


def _methods(cuts: list[Cell]) -> dict[str, dict[object, Counts]]:
    methods: dict[str, dict[object, Counts]] = defaultdict(lambda: defaultdict(Counts))
    for cell in cuts:
        if cell.dimension == METHOD:
            methods[cell.value][None if cell.kind == ALL_TIME else cell.start].add(cell)
    return methods


def _breakdown(cuts: list[Cell], dimension: str, area: Area, month: Period) -> Breakdown:
    values: list[str] = {AGE: list(AGE_BAND_NAMES), GENDER: list(GENDERS),
                         TEAM: list(area.teams)}.get(dimension, [])
    ever = totals(cuts, lambda c: c.value if c.dimension == dimension
                  and c.kind == ALL_TIME else None)
    this_month = totals(cuts, lambda c: c.value if c.dimension == dimension
                        and c.kind == MONTH and c.start == month.start else None)
    extra = sorted(set(ever) - set(values))
    return Breakdown(dimension, [(value, ever[value], this_month[value])
                                 for value in values + extra
                                 if value in ever or dimension == TEAM])
