"""The weekly (ISO week), monthly, quarterly and yearly reports: a period against the one before,
per commune (or per team for a commune), per course, by method, age band and gender, and the
officials and team members trained. Three ``Source.cells`` calls and one for the staff.

Quarters and years are added up from the month counters; the people counted once per period
(active, helped) cannot be added over months and are not given for them (None)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from learning.counting.definitions import (
    AGE,
    AGE_BAND_NAMES,
    ALL,
    ALL_TIME,
    DISTINCT_MEASURES,
    GENDER,
    GENDERS,
    METHOD,
    METHODS,
    MONTH,
    QUARTER,
    TEAM,
    YEAR,
    Period,
    commune_target,
    coverage,
    period_start,
)
from learning.reporting.areas import COMMUNE, Area
from learning.reporting.disclosure import Release, last_closed_month
from learning.reporting.figures import Counts, released_tables, totals
from learning.reporting.queries import Source, Window
from learning.reporting.staff import StaffFigures, staff_figures, staff_members
from learning.review.queries import under_review


@dataclass
class Row:
    """A commune, a team, a course or a breakdown value: this period, the one before, to date."""

    key: str
    name: str
    now: Counts
    before: Counts
    to_date: Counts
    target: int | None = None
    # Core pathway completers of the period in the communes that have a target (the province's
    # total: communes without a target are left out of its coverage); None: now["core"].
    targeted_now_core: int | None = None
    # Lesson completions of the period held for review, not counted (None: not known per row,
    # the teams of a commune's report).
    under_review: int | None = None

    @property
    def coverage(self) -> float | None:
        return coverage(self.to_date["core"], self.target)

    @property
    def core_before(self) -> int:
        """Core pathway completers at the end of the previous period (those counted in the
        coverage)."""
        now = self.now["core"] if self.targeted_now_core is None else self.targeted_now_core
        return self.to_date["core"] - now

    @property
    def coverage_before(self) -> float | None:
        return coverage(self.core_before, self.target)

    def course_coverage(self) -> float | None:
        return coverage(self.to_date["courses"], self.target)


@dataclass
class Report:
    area: Area
    period: Period
    today: date
    total: Row
    rows: list[Row]  # communes (province report) or teams (commune report)
    courses: list[Row]
    breakdowns: dict[str, list[Row]]  # method, age, gender: exact (own commune, admin)
    # What anyone else is told of the people of each group: the released tables standing at the
    # end of the last month closed by the end of the period (disclosure.py).
    released: dict[str, Release]
    staff: StaffFigures | None = None

    @property
    def distinct_known(self) -> bool:
        """Whether people counted once per period (active, helped) are given (not for quarters
        and years, which are added up from months)."""
        return self.period.kind not in (QUARTER, YEAR)

    @property
    def in_progress(self) -> bool:
        return not self.period.is_complete(self.today)

    @property
    def previous(self) -> Period:
        return self.period.previous


def report(source: Source, area: Area, period: Period, today: date,
           course_names: dict[int, str]) -> Report:
    """Three Source calls over the period, the one before, all time and the periods since (to
    know the totals at the end of the period: all time less what came after)."""
    codes, previous = area.codes, period.previous
    kind = counted_kind(period.kind)  # the counters the period is made of
    windows = [Window(kind, previous.start, period.start if kind == period.kind
                      else period.last_day), Window(ALL_TIME), Window(kind, period.end, None)]
    by_team = area.kind == COMMUNE
    by_commune = source.cells(codes, windows, (ALL,), by_commune=True, by_start=True)
    by_course = source.cells(codes, windows, (ALL,), by_start=True, by_course=True)
    cuts = source.cells(codes, windows if by_team else windows[:1],
                        (METHOD, AGE, GENDER, *((TEAM,) if by_team else ())), by_start=True)

    def at(cells, start: date, group) -> dict:
        return totals(cells, lambda c: group(c) if _start_in(c, period) == start else None)

    commune = attrgetter("commune")
    now, before = at(by_commune, period.start, commune), at(by_commune, previous.start, commune)
    commune_to_date = _to_date(by_commune, period, commune)
    communes = [Row(c.code, c.full_name, now[c.code], before[c.code], commune_to_date[c.code],
                    commune_target(c)) for c in area.communes]
    total = Row(area.code, area.full_name, _sum(r.now for r in communes),
                _sum(r.before for r in communes), _sum(r.to_date for r in communes),
                sum(r.target or 0 for r in communes) or None)
    total.to_date["core"] = sum(r.to_date["core"] for r in communes if r.target is not None)
    total.targeted_now_core = sum(r.now["core"] for r in communes if r.target is not None)
    held = under_review(codes, period.start, period.end)
    for row in communes:
        row.under_review = held.get(row.key, 0)
    total.under_review = sum(held.values())
    course = _course_of
    course_now, course_before = at(by_course, period.start, course), at(
        by_course, previous.start, course)
    course_to_date = _to_date(by_course, period, course)
    courses = [Row(str(course_id), name, course_now[course_id], course_before[course_id],
                   course_to_date[course_id], total.target)
               for course_id, name in course_names.items()
               if course_id in course_to_date or course_id in course_now]
    breakdowns = {dimension: _breakdown(cuts, dimension, values, period)
                  for dimension, values in ((METHOD, METHODS), (AGE, AGE_BAND_NAMES),
                                            (GENDER, GENDERS))}
    rows = communes
    if by_team:
        team_to_date = _to_date(cuts, period, lambda c: c.value if c.dimension == TEAM else None)
        rows = [Row(row.key, area.teams.get(row.key, ""), row.now, row.before,
                    team_to_date[row.key])
                for row in _breakdown(cuts, TEAM, list(area.teams), period)]
    last = last_closed_month(min(period.end, today))
    _by_commune, released = released_tables(
        source, area, last, (AGE, GENDER, *((TEAM,) if by_team else ())))
    staff = staff_figures(staff_members(area), area, period.start, period.end)
    the_report = Report(area, period, today, total, rows, courses, breakdowns, released, staff)
    if not the_report.distinct_known:
        for row in [total, *rows, *courses, *(r for rs in breakdowns.values() for r in rs)]:
            for measure in DISTINCT_MEASURES:
                row.now[measure] = row.before[measure] = None
    return the_report


def counted_kind(kind: str) -> str:
    """The counters a period is added up from: its own (weeks, months) or months."""
    return MONTH if kind in (QUARTER, YEAR) else kind


def _start_in(cell, period: Period) -> date | None:
    """The start of the period of the report's kind that a counter cell falls in (None: a cell
    of another kind)."""
    if cell.kind != counted_kind(period.kind):
        return None
    return cell.start if cell.kind == period.kind else period_start(period.kind, cell.start)


def _course_of(cell) -> int | None:
    return cell.course_id or None


def _breakdown(cuts, dimension: str, values: Sequence[str], period: Period) -> list[Row]:
    def at(start: date) -> dict:
        return totals(cuts, lambda c: c.value if c.dimension == dimension
                      and _start_in(c, period) == start else None)

    now, before = at(period.start), at(period.previous.start)
    extra = sorted((set(now) | set(before)) - set(values))
    return [Row(value, value, now[value], before[value], Counts())
            for value in [*values, *extra]
            if dimension == TEAM or value in now or value in before]


def _to_date(cells, period: Period, key) -> dict:
    """Totals at the end of the period: all-time cells less the cells of the periods since."""
    ever = totals(cells, lambda c: key(c) if c.kind == ALL_TIME else None)
    since = totals(cells, lambda c: key(c) if c.kind == counted_kind(period.kind)
                   and c.start >= period.end else None)
    for group, counts in since.items():
        for name, n in counts.items():
            ever[group][name] -= n
    return ever


def _sum(counts) -> Counts:
    total = Counts()
    for one in counts:
        for name, n in one.items():
            total[name] += n
    return total
