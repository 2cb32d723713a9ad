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

from learning.geography.models import target_of  # the one definition, with the commune
from learning.vocabulary import Audience, Gender, Method, Role

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
UTC_OFFSET = timedelta(hours=7)  # the same offset in SQL (rebuild, verify, raw queries)
assert TIMEZONE.utcoffset(datetime(2025, 1, 1)) == UTC_OFFSET

DAY, WEEK, MONTH, ALL_TIME = "d", "w", "m", "a"
PERIOD_KINDS = (DAY, WEEK, MONTH, ALL_TIME)  # the periods the counters are kept for
# Quarters and years are reported from the month counters (a quarter or a year is a whole
# number of months); people counted once per period (active, helped) cannot be added over
# months, so those two figures are not given for them (``DISTINCT_MEASURES``).
QUARTER, YEAR = "q", "y"
REPORT_KINDS = (WEEK, MONTH, QUARTER, YEAR)
DISTINCT_MEASURES = ("active", "helped")
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
    if kind == QUARTER:
        return date(day.year, day.month - (day.month - 1) % 3, 1)
    if kind == YEAR:
        return date(day.year, 1, 1)
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
    """An ISO week, a calendar month, a calendar quarter or a calendar year."""

    kind: str
    start: date

    @property
    def end(self) -> date:
        """The first day after the period."""
        if self.kind == WEEK:
            return self.start + timedelta(days=7)
        months = {QUARTER: 3, YEAR: 12}.get(self.kind, 1)
        year, month = divmod(self.start.month - 1 + months, 12)
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
        """2025-W40, 2025-10, 2025-Q4 or 2025."""
        if self.kind == WEEK:
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == QUARTER:
            return f"{self.start.year}-Q{self.quarter}"
        if self.kind == YEAR:
            return str(self.start.year)
        return f"{self.start.year}-{self.start.month:02d}"

    @property
    def quarter(self) -> int:
        return (self.start.month - 1) // 3 + 1

    @property
    def months(self) -> tuple["Period", ...]:
        """The calendar months of the period (a week: none)."""
        if self.kind == WEEK:
            return ()
        months, month = [], Period(MONTH, self.start)
        while month.start < self.end:
            months.append(month)
            month = month.next
        return tuple(months)

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
QUARTER_KEY = re.compile(r"^(\d{4})-Q([1-4])$")
YEAR_KEY = re.compile(r"^(\d{4})()$")
PERIOD_KEYS = {WEEK: WEEK_KEY, MONTH: MONTH_KEY, QUARTER: QUARTER_KEY, YEAR: YEAR_KEY}


def parse_period(kind: str, key: str) -> Period | None:
    """A week ("2025-W40"), a month ("2025-10"), a quarter ("2025-Q4") or a year ("2025") from
    its key; None when it is not one, or when it has not begun (Vietnam time)."""
    match = PERIOD_KEYS[kind].match(key or "")
    if not match:
        return None
    year = int(match.group(1))
    try:
        if kind == WEEK:
            start = date.fromisocalendar(year, int(match.group(2)), 1)
        elif kind == MONTH:
            start = date(year, int(match.group(2)), 1)
        elif kind == QUARTER:
            start = date(year, 3 * int(match.group(2)) - 2, 1)
        else:
            start = date(year, 1, 1)
    except ValueError:
        return None
    if start < ALL_TIME_START or start > today():  # a period that has not begun: none
        return None
    return Period(kind, start)


DEFAULT_CORE_PATHWAY = "vneid,public-services,bank-qr-payments,online-scams"


class CorePathwayError(RuntimeError):
    """CORE_PATHWAY names a course that does not exist: the site refuses to start."""


def parse_core_pathway(value: str | list | tuple) -> tuple[str, ...]:
    """Course identifiers from the setting: comma-separated text (or a list), spaces around each
    identifier stripped, empty ones dropped, duplicates once."""
    items = value.split(",") if isinstance(value, str) else value
    return tuple(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))


def check_core_pathway(value: str | list | tuple, known: set[str]) -> tuple[str, ...]:
    """The core pathway, or CorePathwayError when it is empty or names an unknown course (a typo
    would otherwise silently shrink the pathway and inflate coverage)."""
    pathway = parse_core_pathway(value)
    unknown = [course for course in pathway if course not in known]
    if not pathway or unknown:
        raise CorePathwayError(
            "CORE_PATHWAY must list course identifiers separated by commas; "
            + (f"unknown: {', '.join(unknown)}; " if unknown else "it is empty; ")
            + f"the courses are: {', '.join(sorted(known))}")
    return pathway


def core_pathway() -> tuple[str, ...]:
    """Identifiers of the core pathway's courses (setting CORE_PATHWAY, checked at start-up)."""
    return parse_core_pathway(current_app.config["CORE_PATHWAY"])


def small_cell_limit() -> int:
    """Counts from 1 to this minus one are shown as "<limit" above commune level and in exports."""
    return int(current_app.config.get("SMALL_CELL_LIMIT", 5))


def coverage_goal() -> float:
    """The share of its target population a commune should reach (COVERAGE_GOAL, default 70%:
    "over 70% of working-age people trained in basic digital skills", QĐ 411/QĐ-TTg)."""
    configured = current_app.config.get("COVERAGE_GOAL") or os.environ.get("COVERAGE_GOAL")
    return float(configured) if configured else 0.7


def goal_date(day: date | None = None) -> date:
    """The date by which the goal should be reached (GOAL_DATE, "YYYY-MM-DD"; default: the last
    day of the current year, Vietnam time). The projection at the current pace is made to it."""
    configured = current_app.config.get("GOAL_DATE")
    if configured:
        return configured if isinstance(configured, date) else date.fromisoformat(
            str(configured).strip())
    return date((day or today()).year, 12, 31)


# The pace of a projection: core pathway completers of the last PROJECTION_WEEKS complete ISO
# weeks, per day.
PROJECTION_WEEKS = 4

# Officials and team members trained: staff who completed every course of their track (the
# courses of its audience in the catalogue), counted once, on the day they completed the last
# one. Officials are counted against the number of officials each commune has (set by province
# staff); team members against the team members who have an account.
OFFICIALS, TEAM_MEMBERS = "officials", "team_members"
STAFF_GROUPS = (OFFICIALS, TEAM_MEMBERS)
TRACK_ROLES = {OFFICIALS: (Role.COMMUNE_OFFICER.value, Role.PROVINCE_STAFF.value),
               TEAM_MEMBERS: (Role.TUTOR.value, Role.TEAM_LEAD.value)}
TRACK_AUDIENCES = {OFFICIALS: Audience.OFFICIALS.value, TEAM_MEMBERS: Audience.TEAMS.value}
STAFF_GROUP_LABELS = {OFFICIALS: _l("Officials"), TEAM_MEMBERS: _l("Team members")}
MAX_OFFICIALS = 100_000  # officials of one commune, at most


def official_count(commune) -> int | None:
    """A commune's number of officials (None: not set; 0 is refused, like a target of 0)."""
    number = commune.officials
    return number if number is not None and number > 0 else None


def goal_people(target: int | None) -> int | None:
    return None if target is None else math.ceil(coverage_goal() * target)


def commune_target(commune) -> int | None:
    """A commune's target population (None: it has none), see ``target_of``."""
    return target_of(commune.target_population, commune.population)


def coverage(completers: int, target: int | None) -> float | None:
    """Distinct residents who completed (the core pathway, or a course) ÷ target population;
    None (unknown) when there is no target."""
    if target is None or target <= 0:
        return None
    return max(completers, 0) / target
