"""Exports of a report: CSV (UTF-8 with a byte order mark, so that Excel reads Vietnamese names
correctly), XLSX (openpyxl) and JSON (the read-only API). Small counts are always suppressed.
Every text cell of a CSV or XLSX file goes through ``spreadsheet_cell``: no name can become a
formula in the spreadsheet of whoever opens it."""

import csv
import io
from datetime import UTC, datetime

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from learning.counting.definitions import (
    AGE_LABELS,
    GENDER_LABELS,
    INACTIVE_DAYS,
    MEASURE_NAMES,
    MEASURES,
    METHOD_LABELS,
    OFFICIALS,
    PROJECTION_WEEKS,
    TEAM_MEMBERS,
    TIMEZONE,
    core_pathway,
    coverage_goal,
    goal_date,
    small_cell_limit,
)
from learning.reporting.areas import COMMUNE
from learning.reporting.figures import SLOW_PACE_SHARE, Dashboard, Projection
from learning.reporting.presentation import Shown, percent
from learning.reporting.queries import LOOKBACK_DAYS
from learning.reporting.reports import Report, Row
from learning.reporting.staff import StaffFigures, StaffRow

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """A text a spreadsheet would read as a formula (=, +, -, @, tab or carriage return first)
    gets a leading apostrophe (OWASP, CSV injection); numbers and other texts stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cells(line: list) -> list:
    return [spreadsheet_cell(value) for value in line]
PERIOD_NAMES = {"w": "week", "m": "month", "q": "quarter", "y": "year"}


def _counts(shown: Shown, counts) -> dict:
    return {name: shown.value(counts[name]) for name in MEASURE_NAMES}


def _ratio(shown: Shown, part: int, whole: int | None) -> float | None:
    ratio = shown.ratio(part, whole)
    return None if ratio is None else round(ratio, 6)


def _row(shown: Shown, row: Row) -> dict:
    return {
        "code": row.key, "name": row.name, "target": row.target,
        "period": _counts(shown, row.now), "previous": _counts(shown, row.before),
        "core_to_date": shown.value(row.to_date["core"]),
        "coverage": _ratio(shown, row.to_date["core"], row.target),
        "coverage_previous": _ratio(shown, row.core_before, row.target),
    }


def staff_json(shown: Shown, row: StaffRow, period: bool = True) -> dict:
    """Officials and team members trained, with stable keys (period=False: the dashboards' "to
    date" only)."""
    body = {
        "officials": row.officials,
        "officials_accounts": shown.value(row.accounts[OFFICIALS]),
        "officials_trained": shown.value(row.to_date[OFFICIALS]),
        "officials_share": _ratio(shown, row.counted, row.officials),
        "team_members": shown.value(row.accounts[TEAM_MEMBERS]),
        "team_members_trained": shown.value(row.to_date[TEAM_MEMBERS]),
        "team_members_share": _ratio(shown, row.to_date[TEAM_MEMBERS],
                                     row.accounts[TEAM_MEMBERS]),
    }
    if period:
        body.update({
            "officials_trained_in_period": shown.value(row.now(OFFICIALS)),
            "officials_share_previous": _ratio(shown, row.counted_before, row.officials),
            "team_members_trained_in_period": shown.value(row.now(TEAM_MEMBERS)),
        })
    return body


def _staff_of(figures: StaffFigures | None) -> dict[str, StaffRow]:
    return {} if figures is None else {row.key: row for row in figures.communes}


def projection_json(projection: Projection, shown: Shown) -> dict:
    hidden = shown.hidden(projection.core) or shown.hidden(projection.recent)
    return {
        "target_date": projection.target_date.isoformat(),
        "weeks": projection.weeks,
        "core": shown.value(projection.core),
        "core_in_weeks": shown.value(projection.recent),
        "per_week": None if hidden else round(projection.per_week, 3),
        "projected_coverage": None if hidden or projection.projected_share is None
        else round(projection.projected_share, 6),
        "goal_date_at_recent_pace": None if hidden else _day(projection.goal_day),
        "on_track": None if hidden or projection.target is None else projection.on_track,
        "needed_per_week": None if hidden else projection.needed_per_week,
    }


def _period(period) -> dict:
    return {"kind": PERIOD_NAMES[period.kind], "key": period.key,
            "start": period.start.isoformat(), "end": period.last_day.isoformat()}


def _about(shown: Shown) -> dict:
    return {"generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "timezone": str(TIMEZONE), "small_cell_limit": small_cell_limit(),
            "coverage_goal": coverage_goal(), "core_pathway": list(core_pathway()),
            "suppressed_value": shown.hidden_label}


def report_json(report: Report, slugs: dict[int, str]) -> dict:
    shown = Shown(suppress=True)
    area = report.area
    staff = _staff_of(report.staff)
    rows = [_row(shown, r) for r in report.rows]
    if area.kind != COMMUNE:
        for body, row in zip(rows, report.rows, strict=True):
            if row.key in staff:
                body["staff"] = staff_json(shown, staff[row.key])
    total = _row(shown, report.total)
    if report.staff is not None:
        total["staff"] = staff_json(shown, report.staff.total)
    province_staff = report.staff.province_staff if report.staff is not None else None
    return {
        "area": {"kind": area.kind, "code": area.code, "name": area.full_name},
        "period": {**_period(report.period), "complete": not report.in_progress},
        "previous_period": _period(report.previous),
        **_about(shown),
        "total": total,
        **({"province_staff": staff_json(shown, province_staff)} if province_staff else {}),
        ("teams" if area.kind == COMMUNE else "communes"): rows,
        "courses": [{"course": slugs.get(int(r.key), r.key), "period": _counts(shown, r.now),
                     "previous": _counts(shown, r.before),
                     "completers_to_date": shown.value(r.to_date["courses"]),
                     "coverage": _ratio(shown, r.to_date["courses"], r.target)}
                    for r in report.courses],
        "breakdowns": {dimension: {r.key: {"period": _counts(shown, r.now),
                                           "previous": _counts(shown, r.before)} for r in rows}
                       for dimension, rows in report.breakdowns.items()},
    }


def coverage_json(board: Dashboard, slugs: dict[int, str]) -> dict:
    shown = Shown(suppress=True)
    area = board.area
    staff = _staff_of(board.staff)
    return {
        "area": {"kind": area.kind, "code": area.code, "name": area.full_name},
        "as_of": board.today.isoformat(), **_about(shown),
        "target": board.target or None, "core": shown.value(board.core_with_target),
        "coverage": _ratio(shown, board.core_with_target, board.target),
        "projection": projection_json(board.projection, shown),
        **({"staff": staff_json(shown, board.staff.total, False)} if board.staff else {}),
        **({"province_staff": staff_json(shown, board.staff.province_staff, False)}
           if board.staff and board.staff.province_staff else {}),
        "communes": [{
            "code": c.commune.code, "name": c.commune.full_name, "target": c.target,
            "latitude": c.commune.latitude, "longitude": c.commune.longitude,
            "totals": _counts(shown, c.counts),
            "coverage": _ratio(shown, c.counts["core"], c.target),
            "courses": {slugs.get(course_id, str(course_id)): shown.value(n)
                        for course_id, n in c.per_course.items() if n},
            "last_activity": c.last_active.isoformat() if c.last_active else None,
            "lagging": c.lagging, "inactive": c.inactive, "slow": c.slow,
            "core_last_two_months": shown.value(c.recent_core),
            "goal_date_at_pace": _day(c.goal_day) if not shown.hidden(c.recent_core) else None,
            **({"staff": staff_json(shown, staff[c.commune.code], False)}
               if c.commune.code in staff else {}),
        } for c in board.communes],
        "goal_date_at_pace": _day(board.goal_day),
    }


def _day(day) -> str | None:
    return None if day is None else day.isoformat()


def rules() -> dict:
    """Every rule behind the figures, with its settings (the definitions endpoint, the data
    exports): targets, goal, gap, coverage, pace, lagging, inactivity."""
    return {
        "target": "the commune's own target (set by province staff, at least 1), else its "
                  "population; 0 or no population: no target (coverage unknown, null)",
        "coverage": "core pathway completers / target; province: completers of the communes "
                    "that have a target / the sum of their targets",
        "goal": {"share": coverage_goal(), "rule": "goal people = ceil(share * target)"},
        "gap": "max(0, goal people - core pathway completers)",
        "inactive": {"days": INACTIVE_DAYS, "rule": "no quiz answered by a resident in the "
                     "last `days` days (today included)"},
        "last_activity": {"lookback_days": LOOKBACK_DAYS,
                          "rule": "the last day a resident answered a quiz, if in the last "
                                  "`lookback_days` days, else null"},
        "pace": {"window": "the previous calendar month and the current one so far",
                 "rule": "core pathway completers in the window / target / days in the "
                         "window; goal_date_at_pace = today + ceil(gap * days / completers)"},
        "lagging": {"slow_share": SLOW_PACE_SHARE,
                    "rule": "inactive, or below the goal with a pace under slow_share times "
                            "the province's pace"},
        "small_cells": {"limit": small_cell_limit(),
                        "rule": "counts from 1 to limit - 1 are shown as \"<limit\""},
        "clock": "an answer is counted on the device's day, not before the account was "
                 "created, not more than 60 days back, not in the future (clamped answers "
                 "are flagged)",
        "periods": "ISO weeks (Monday-Sunday), calendar months, quarters (YYYY-Qn) and years "
                   "(YYYY) in Asia/Ho_Chi_Minh; a period that has not begun does not exist "
                   "(404); complete = the period has ended",
        "quarters_and_years": "added up from the months; active and helped (people counted "
                              "once per period) are not given for them (null)",
        "projection": {"weeks": PROJECTION_WEEKS, "target_date": goal_date().isoformat(),
                       "rule": "pace = core pathway completers (communes with a target) in "
                               "the last `weeks` complete ISO weeks / (7 * weeks) per day; "
                               "projected_coverage = (core + pace * days from today to "
                               "target_date) / target; goal_date_at_recent_pace = today + "
                               "ceil(gap / pace) days (null: no completer in the window); "
                               "needed_per_week = ceil(gap * 7 / days left)"},
        "officials_trained": "commune officers and province staff who completed every course "
                             "of the audience 'officials', counted once on the day they "
                             "completed the last one, under their current role; share = those "
                             "of the communes that have a number of officials / the sum of "
                             "those numbers (set by province staff, at least 1); province staff "
                             "are counted for the province only, apart",
        "team_members_trained": "tutors and team leads who completed every course of the "
                                "audience 'teams', counted the same way; share = trained / "
                                "tutors and team leads with an account",
    }


def _headers() -> list[str]:
    labels = [str(m.label) for m in MEASURES]
    return [_("Code"), _("Name"), _("Target population"),
            *labels, *(_("%(figure)s (previous period)", figure=label) for label in labels),
            _("Core pathway completers to date"), _("Coverage"),
            _("Coverage at the end of the previous period"), *staff_headers()]


def staff_headers() -> list[str]:
    return [_("Officials"), _("Officials with an account"), _("Officials trained"),
            _("Officials trained in the period"), _("Share of officials trained"),
            _("Team members"), _("Team members trained"), _("Team members trained in the period"),
            _("Share of team members trained")]


def _staff_line(shown: Shown, row: StaffRow | None, share) -> list:
    share = share or (lambda ratio: "" if ratio is None else percent(ratio))
    if row is None:
        return [None] * 9
    return [row.officials, shown.value(row.accounts[OFFICIALS]),
            shown.value(row.to_date[OFFICIALS]), shown.value(row.now(OFFICIALS)),
            share(shown.ratio(row.counted, row.officials)),
            shown.value(row.accounts[TEAM_MEMBERS]), shown.value(row.to_date[TEAM_MEMBERS]),
            shown.value(row.now(TEAM_MEMBERS)),
            share(shown.ratio(row.to_date[TEAM_MEMBERS], row.accounts[TEAM_MEMBERS]))]


def _staff_rows(report: Report) -> dict[str, StaffRow]:
    rows = _staff_of(report.staff) if report.area.kind != COMMUNE else {}
    if report.staff is not None:
        rows[report.area.code] = report.staff.total
    return rows


def _line(shown: Shown, row: Row, share=None, staff: StaffRow | None = None) -> list:
    """A commune or team; share(ratio) writes a coverage (CSV: text in the reader's language)."""
    share = share or (lambda ratio: "" if ratio is None else percent(ratio))
    return [row.key, row.name, row.target,
            *(shown.value(row.now[m]) for m in MEASURE_NAMES),
            *(shown.value(row.before[m]) for m in MEASURE_NAMES),
            shown.value(row.to_date["core"]),
            share(shown.ratio(row.to_date["core"], row.target)),
            share(shown.ratio(row.core_before, row.target)),
            *_staff_line(shown, staff, share)]


def report_csv(report: Report) -> bytes:
    shown = Shown(suppress=True)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_cells(_headers()))
    staff = _staff_rows(report)
    for row in [report.total, *report.rows]:
        writer.writerow(_cells(_line(shown, row, staff=staff.get(row.key))))
    if report.staff is not None and report.staff.province_staff is not None:
        province = report.staff.province_staff
        writer.writerow(_cells([province.key, province.name, *([""] * 18),
                                *_staff_line(shown, province, None)]))
    return (BOM + out.getvalue()).encode("utf-8")


def report_xlsx(report: Report, course_titles: dict[str, str]) -> bytes:
    shown = Shown(suppress=True)
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    sheet = book.create_sheet(_title(_("By team") if report.area.kind == COMMUNE
                                     else _("By commune")))
    def share(ratio: float | None):
        cell = WriteOnlyCell(sheet, value=ratio)
        cell.number_format = "0.0%"
        return cell

    staff = _staff_rows(report)
    _write(sheet, _headers(), [_line(shown, r, share, staff.get(r.key))
                               for r in [report.total, *report.rows]], bold)
    if report.staff is not None and report.staff.province_staff is not None:
        sheet.append(_cells([report.staff.province_staff.key, report.staff.province_staff.name,
                             *([None] * (len(_headers()) - 11)),
                             *_staff_line(shown, report.staff.province_staff, share)]))
    labels = [str(m.label) for m in MEASURES]
    courses = book.create_sheet(_title(_("Courses")))
    _write(courses, [_("Course"), *labels, _("Completed it, to date")],
           [[course_titles.get(r.key, r.name), *(shown.value(r.now[m]) for m in MEASURE_NAMES),
             shown.value(r.to_date["courses"])] for r in report.courses], bold)
    names = {"method": METHOD_LABELS, "age": AGE_LABELS, "gender": GENDER_LABELS}
    breakdown = book.create_sheet(_title(_("Breakdowns")))
    lines = [[str(names[d].get(r.key, r.key)), *(shown.value(r.now[m]) for m in MEASURE_NAMES)]
             for d, rows in report.breakdowns.items() for r in rows]
    _write(breakdown, [_("Group"), *labels], lines, bold)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _title(name: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join("-" if c in "[]:*?/\\" else c for c in name)[:31]


def _write(sheet, headers: list[str], lines: list[list], bold: Font) -> None:
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[_column(index)].width = max(10, min(40, len(header) + 2))
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=spreadsheet_cell(header))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for line in lines:
        sheet.append(_cells(line))


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
