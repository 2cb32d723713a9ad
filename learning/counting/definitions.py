"""What the statistics count, in one place: every page, report, export, the API, the counters
maintained on write, `flask stats rebuild` and `flask stats verify` use these definitions.

They are explained to staff on /statistics/definitions and to developers in docs/statistics.md.

Time: stored moments are naive UTC; every day, week and month boundary is taken in
Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving since 1975). Weeks are ISO weeks (Monday to
Sunday, "2025-W40"); months are calendar months ("2025-10").
"""

import math
import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l

from learning.vocabulary import Gender, Method

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
UTC_OFFSET = timedelta(hours=7)  # the same offset in SQL (rebuild, verify, raw queries)
assert TIMEZONE.utcoffset(datetime(2025, 1, 1)) == UTC_OFFSET

DAY, WEEK, MONTH, ALL_TIME = "d", "w", "m", "a"
PERIOD_KINDS = (DAY, WEEK, MONTH, ALL_TIME)
ALL_TIME_START = date(2000, 1, 1)  # the "start" under which all-time counters are kept
INACTIVE_DAYS = 14  # no quiz answered in a commune for this many days: the commune lags

# Breakdowns ("dimensions") and their values.
ALL, METHOD, AGE, GENDER, TEAM = "all", "method", "age", "gender", "team"
PEOPLE_DIMENSIONS = (AGE, GENDER, TEAM)
UNKNOWN = "unknown"
NO_TEAM = ""
AGE_BANDS = (("0-14", 0, 14), ("15-24", 15, 24), ("25-39", 25, 39), ("40-59", 40, 59),
             ("60+", 60, 200))
AGE_BAND_NAMES = tuple(name for name, _, _ in AGE_BANDS) + (UNKNOWN,)
GENDERS = (*Gender.values(), UNKNOWN)
METHODS = Method.values()
ASSISTED = (Method.TUTOR.value, Method.EVENT.value)


@dataclass(frozen=True)
class Measure:
    name: str  # the counter column and the key in exports and the API
    label: object
    definition: object


MEASURES = (
    Measure("registered", _l("People registered"), _l(
        "Accounts of people who live in the commune (whatever their role), counted on the day "
        "they registered. Accounts deleted at their owner's request keep being counted, "
        "anonymously.")),
    Measure("active", _l("Active learners"), _l(
        "People who answered at least one lesson quiz in the period, passed or not, on their own, "
        "with a tutor or at an event. Over all time: people who have started learning.")),
    Measure("lessons", _l("Lessons completed"), _l(
        "Lessons whose quiz was passed, counted once per person and lesson, on the day of the "
        "first passing answer (even when it reaches the server later, from a phone that was "
        "offline).")),
    Measure("courses", _l("Courses completed"), _l(
        "Courses of which every lesson was completed, counted once per person and course, on the "
        "day the last lesson was completed. Per course, the number of people who completed it.")),
    Measure("core", _l("Core pathway completers"), _l(
        "People who completed every course of the core pathway, counted on the day they completed "
        "the last one.")),
    Measure("helped", _l("People helped"), _l(
        "People who completed at least one lesson with a tutor in person or at an event in the "
        "period.")),
    Measure("sessions", _l("Sessions held"), _l(
        "Sessions and events recorded by the community digital teams, on the day they were "
        "held.")),
)
MEASURE_NAMES = tuple(m.name for m in MEASURES)
MEASURE_INDEX = {name: i for i, name in enumerate(MEASURE_NAMES)}

METHOD_LABELS = Method.labels()
GENDER_LABELS = {**Gender.labels(), UNKNOWN: _l("Not given")}
AGE_LABELS = {"0-14": _l("Under 15"), "15-24": _l("15–24"), "25-39": _l("25–39"),
              "40-59": _l("40–59"), "60+": _l("60 and over"), UNKNOWN: _l("Not given")}
DIMENSION_LABELS = {METHOD: _l("How lessons were completed"), AGE: _l("Age band"),
                    GENDER: _l("Gender"), TEAM: _l("Community digital team")}


def local_day(moment: datetime) -> date:
    """The day in Vietnam of a stored (naive UTC) moment."""
    return moment.replace(tzinfo=UTC).astimezone(TIMEZONE).date()


def day_start_utc(day: date) -> datetime:
    """The stored (naive UTC) moment at which a day begins in Vietnam."""
    local = datetime(day.year, day.month, day.day, tzinfo=TIMEZONE)
    return local.astimezone(UTC).replace(tzinfo=None)


def as_date(value: date | str) -> date:
    """A date from the database (SQLite's date() gives text)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def today() -> date:
    return datetime.now(TIMEZONE).date()


def period_start(kind: str, day: date) -> date:
    if kind == WEEK:
        return day - timedelta(days=day.weekday())
    if kind == MONTH:
        return day.replace(day=1)
    if kind == ALL_TIME:
        return ALL_TIME_START
    return day


def age_band(birth_year: int | None, registered_on: date) -> str:
    """The age band of a person by their age in the year they registered (fixed thereafter)."""
    if birth_year is None:
        return UNKNOWN
    age = registered_on.year - birth_year
    return next((name for name, low, high in AGE_BANDS if low <= age <= high), UNKNOWN)


def gender_value(gender: str | None) -> str:
    return gender if gender in GENDERS else UNKNOWN


def team_value(team_id: int | None) -> str:
    return str(team_id) if team_id is not None else NO_TEAM


@dataclass(frozen=True, order=True)
class Period:
    """An ISO week or a calendar month."""

    kind: str
    start: date

    @property
    def end(self) -> date:
        """The first day after the period."""
        if self.kind == WEEK:
            return self.start + timedelta(days=7)
        year, month = divmod(self.start.month, 12)
        return date(self.start.year + year, month + 1, 1)

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def previous(self) -> "Period":
        return Period(self.kind, period_start(self.kind, self.start - timedelta(days=1)))

    @property
    def next(self) -> "Period":
        return Period(self.kind, self.end)

    @property
    def key(self) -> str:
        """2025-W40 or 2025-10."""
        if self.kind == WEEK:
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.start.year}-{self.start.month:02d}"

    @property
    def week_number(self) -> int:
        return self.start.isocalendar()[1]

    @property
    def week_year(self) -> int:
        return self.start.isocalendar()[0]

    def shift(self, count: int) -> "Period":
        period = self
        for _ in range(abs(count)):
            period = period.next if count > 0 else period.previous
        return period

    def is_complete(self, day: date) -> bool:
        return day >= self.end

    @classmethod
    def containing(cls, kind: str, day: date) -> "Period":
        return cls(kind, period_start(kind, day))


WEEK_KEY = re.compile(r"^(\d{4})-W(\d{2})$")
MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")


def parse_period(kind: str, key: str) -> Period | None:
    """A week ("2025-W40") or a month ("2025-10") from its key; None when it is not one."""
    match = (WEEK_KEY if kind == WEEK else MONTH_KEY).match(key or "")
    if not match:
        return None
    year, number = int(match.group(1)), int(match.group(2))
    try:
        start = date.fromisocalendar(year, number, 1) if kind == WEEK else date(year, number, 1)
    except ValueError:
        return None
    if start < ALL_TIME_START or start > today() + timedelta(days=366):
        return None
    return Period(kind, start)


def core_pathway() -> tuple[str, ...]:
    """Identifiers of the core pathway's courses (setting CORE_PATHWAY)."""
    return tuple(current_app.config["CORE_PATHWAY"])


def small_cell_limit() -> int:
    """Counts from 1 to this minus one are shown as "<limit" above commune level and in exports."""
    return int(current_app.config.get("SMALL_CELL_LIMIT", 5))


def coverage_goal() -> float:
    """The share of its target population a commune should reach (COVERAGE_GOAL, default 70%:
    "over 70% of working-age people trained in basic digital skills", QĐ 411/QĐ-TTg)."""
    configured = current_app.config.get("COVERAGE_GOAL") or os.environ.get("COVERAGE_GOAL")
    return float(configured) if configured else 0.7


def goal_people(target: int | None) -> int | None:
    return None if target is None else math.ceil(coverage_goal() * target)


def coverage(completers: int, target: int | None) -> float | None:
    """Distinct residents who completed (the core pathway, or a course) ÷ target population."""
    return completers / target if target else None
