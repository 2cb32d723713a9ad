"""How figures are shown: numbers, percentages and changes formatted by Babel for the locale.
Counts are exact for everyone who may see them; what is protected is the split of people by
age band, gender and team (``disclosure.py``)."""

import math
from datetime import date
from functools import lru_cache

from babel.dates import format_skeleton
from flask_babel import format_date, format_decimal, format_percent, get_locale
from flask_babel import gettext as _

from learning.counting.definitions import QUARTER, WEEK, YEAR, Period

DASH = "—"


class Shown:
    def __init__(self) -> None:
        self._days: dict[date, str] = {}
        self._signs = _symbols(str(get_locale()))[0]

    def day(self, value: date) -> str:
        """A date in the reader's language (many rows share the same dates)."""
        if value not in self._days:
            self._days[value] = format_date(value, format="medium")
        return self._days[value]

    def count(self, n: int | None) -> str:
        return DASH if n is None else f"{round(n):,}".translate(self._signs)

    def number(self, n: int | None) -> str:
        """A number that is not a count of people (a population, a target)."""
        return DASH if n is None else f"{round(n):,}".translate(self._signs)

    def percent(self, ratio: float | None) -> str:
        """A share that is not hidden (a projection): as precise as coverage."""
        return percent(ratio)

    def decimal(self, x: float) -> str:
        """A number that need not be whole (a pace): one decimal at most."""
        return format_decimal(x, format="#,##0.#")

    def added(self, n: int) -> str:
        """What a period added to a total: +12 or 0."""
        return self.count(n) if n <= 0 else "+" + self.count(n)

    @staticmethod
    def ratio(part: int, whole: int | None) -> float | None:
        """A share: None when the whole is unknown (or 0)."""
        return part / whole if whole else None

    def share(self, part: int, whole: int | None, digits: int | None = None) -> str:
        """A percentage; by default with enough decimals for a small share to move (one
        decimal from 1 %, two significant digits below: 0.00078 %)."""
        ratio = self.ratio(part, whole)
        return DASH if ratio is None else percent(ratio, digits)

    @staticmethod
    def change(current: int | None, previous: int | None) -> str:
        """+12, −3 or ±0; a dash when either side is not given (quarters, years: people
        counted once per period)."""
        if current is None or previous is None:
            return DASH
        return signed(current - previous)

    @staticmethod
    def growth(current: int, previous: int) -> str:
        """The change as a percentage of the previous figure."""
        if current is None or previous is None or not previous:
            return DASH
        return signed_percent((current - previous) / previous)

    @staticmethod
    def gap(gap: int | None, core: int, goal: int | None) -> str:
        """People still to reach."""
        return DASH if gap is None or goal is None else whole(gap)


@lru_cache(maxsize=8)
def _symbols(locale: str) -> tuple[dict[int, str], str, str]:
    """The locale's grouping and decimal signs and percent sign placement, read once from what
    Babel formats (vi: 1.234,5 and 12,3%; fr: 1 234,5 and 12,3 %; en: 1,234.5 and 12.3%). Tables
    format thousands of numbers: Babel's own formatting of each one would dominate the page."""
    sample = format_decimal(1234.5, format="#,##0.0")
    signs = {ord(","): sample[1], ord("."): sample[-2]}
    shown = format_percent(0.5, format="#,##0.0%")
    number = "50" + sample[-2] + "0"
    prefix, _found, suffix = shown.partition(number)
    return signs, prefix, suffix


def whole(n: int | float) -> str:
    """A number in the reader's language (as Babel's #,##0 pattern would write it)."""
    signs, _, _ = _symbols(str(get_locale()))
    return f"{round(n):,}".translate(signs)


MAX_DIGITS = 5


def precise_digits(ratio: float) -> int:
    """Decimals of a percentage: one from 1 % up (and for 0), else two significant digits (at
    most five decimals), so that a province's coverage moves with its first completers."""
    value = abs(ratio) * 100
    if value == 0 or value >= 1:
        return 1
    return min(MAX_DIGITS, max(2, math.ceil(-math.log10(value)) + 1))


def percent(ratio: float | None, digits: int | None = None) -> str:
    """A percentage in the reader's language (Babel's signs); unknown is a dash, never 0."""
    if ratio is None:
        return DASH
    ratio = ratio if ratio != 0 else 0.0  # never "-0.0 %"
    digits = precise_digits(ratio) if digits is None else digits
    signs, prefix, suffix = _symbols(str(get_locale()))
    return prefix + f"{ratio * 100:,.{digits}f}".translate(signs) + suffix


def signed(n: int) -> str:
    if n == 0:
        return "±0"
    return ("+" if n > 0 else "−") + whole(abs(n))


def signed_percent(ratio: float) -> str:
    if abs(ratio) < 0.0005:
        return "±0%"
    return ("+" if ratio > 0 else "−") + percent(abs(ratio), 0)


def points(now: float | None, before: float | None) -> str:
    """A change of a percentage, in percentage points."""
    if now is None or before is None:
        return DASH
    difference = (now - before) * 100
    digits = precise_digits(difference / 100)
    if abs(difference) < 0.5 * 10 ** -digits:
        return _("±0 pts")
    sign = "+" if difference > 0 else "−"
    signs, _prefix, _suffix = _symbols(str(get_locale()))
    return _("%(sign)s%(points)s pts", sign=sign,
             points=f"{abs(difference):,.{digits}f}".translate(signs))


def period_label(period: Period, style: str = "long") -> str:
    """short: chart axes (W47; 11, 12, 1/26); row: table rows (W47 · 16/11 – 22/11, November 2025);
    long: titles (Week 47 of 2025 (Nov 16 – Nov 22, 2025), November 2025). Each in the locale's
    own pattern (Babel's skeletons): "tháng 11 năm 2025", not "tháng 11 2025"."""
    return _period_label(period, style, str(get_locale()))


@lru_cache(maxsize=4096)
def _period_label(period: Period, style: str, locale: str) -> str:
    """Labels are the same for everyone reading in a language: made once (Babel is slow)."""
    if period.kind == WEEK:
        if style == "short":
            return _("W%(week)s", week=period.week_number)
        if style == "row":
            first = format_skeleton("dM", period.start, locale=locale)
            last = format_skeleton("dM", period.last_day, locale=locale)
            return f"{_('W%(week)s', week=period.week_number)} · {first} – {last}"
        return _("Week %(week)s of %(year)s (%(first)s – %(last)s)", week=period.week_number,
                 year=period.week_year, first=format_skeleton("MMMd", period.start, locale=locale),
                 last=format_skeleton("yMMMd", period.last_day, locale=locale))
    if period.kind == QUARTER:
        if style == "short":
            return _("Q%(quarter)s", quarter=period.quarter)
        if style == "row":
            return _("Q%(quarter)s %(year)s", quarter=period.quarter, year=period.start.year)
        return _("Quarter %(quarter)s of %(year)s (%(first)s – %(last)s)",
                 quarter=period.quarter, year=period.start.year,
                 first=format_skeleton("MMMd", period.start, locale=locale),
                 last=format_skeleton("yMMMd", period.last_day, locale=locale))
    if period.kind == YEAR:
        return str(period.start.year) if style != "long" else _(
            "Year %(year)s", year=period.start.year)
    if style == "short":  # the month's number; with the year in January
        return format_date(period.start, "M/yy" if period.start.month == 1 else "M")
    # the locale's own pattern for a month and year ("tháng 10 năm 2026", "octobre 2026")
    return format_skeleton("yMMMM", period.start, locale=locale)
