"""Exports of a report: CSV (UTF-8 with a byte order mark, so that Excel reads Vietnamese names
correctly), XLSX (openpyxl) and JSON (the read-only API). Counts are exact; the split of
people by age band, gender and team is only ever the released table (``disclosure.py``), and a
commune report's team rows carry no count of people. Every text cell of a CSV or XLSX file
goes through ``spreadsheet_cell``: no name can become a formula in the spreadsheet of whoever
opens it."""

import csv
import io
from datetime import UTC, datetime

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from learning.counting.definitions import (
    AGE_LABELS,
    DIMENSION_LABELS,
    GENDER_LABELS,
    INACTIVE_DAYS,
    MEASURE_NAMES,
    MEASURES,
    METHOD,
    METHOD_LABELS,
    OFFICIALS,
    PROJECTION_WEEKS,
    TEAM_MEMBERS,
    TIMEZONE,
    WEEK,
    core_pathway,
    coverage_goal,
    goal_date,
    small_cell_limit,
)
from learning.i18n import day
from learning.reporting.areas import COMMUNE
from learning.reporting.disclosure import MEASURE, Release
from learning.reporting.figures import SLOW_PACE_SHARE, Dashboard, Projection
from learning.reporting.presentation import percent, period_label
from learning.reporting.queries import LOOKBACK_DAYS
from learning.reporting.reports import Report, Row
from learning.reporting.staff import StaffFigures, StaffRow
from learning.review.rules import Thresholds

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


# A commune report's team rows: only what the team did, never how many of its people did what
# (that would split the commune's people by team; disclosure.py tells it as released).
TEAM_MEASURES = ("sessions",)


def _counts(counts, names=MEASURE_NAMES) -> dict:
    return {name: counts[name] for name in names}


def _ratio(part: int, whole: int | None) -> float | None:
    return round(part / whole, 6) if whole else None


def _row(row: Row) -> dict:
    return {
        "code": row.key, "name": row.name, "target": row.target,
        "period": _counts(row.now), "previous": _counts(row.before),
        "core_to_date": row.to_date["core"],
        "coverage": _ratio(row.to_date["core"], row.target),
        "coverage_previous": _ratio(row.core_before, row.target),
        **({} if row.under_review is None else {"under_review": row.under_review}),
    }


def _team_row(row: Row) -> dict:
    return {"code": row.key, "name": row.name,
            "period": _counts(row.now, TEAM_MEASURES),
            "previous": _counts(row.before, TEAM_MEASURES)}


def released_json(release: Release) -> dict:
    """A released table: its groups (each with the values it merges) and the month at whose
    end it stands, or withheld (no group, no figure)."""
    return {
        "measure": MEASURE, "withheld": release.withheld,
        "as_of": release.as_of.key if release.as_of else None,
        "communes": release.communes, "of_communes": release.of_communes,
        "groups": [{"key": group.key, "values": list(group.values), MEASURE: n}
                   for group, n in release.rows()],
    }


def staff_json(row: StaffRow, period: bool = True) -> dict:
    """Officials and team members trained, with stable keys (period=False: the dashboards' "to
    date" only)."""
    body = {
        "officials": row.officials,
        "officials_accounts": row.accounts[OFFICIALS],
        "officials_trained": row.to_date[OFFICIALS],
        "officials_share": _ratio(row.counted, row.officials),
        "team_members": row.accounts[TEAM_MEMBERS],
        "team_members_trained": row.to_date[TEAM_MEMBERS],
        "team_members_share": _ratio(row.to_date[TEAM_MEMBERS], row.accounts[TEAM_MEMBERS]),
    }
    if period:
        body.update({
            "officials_trained_in_period": row.now(OFFICIALS),
            "officials_share_previous": _ratio(row.counted_before, row.officials),
            "team_members_trained_in_period": row.now(TEAM_MEMBERS),
        })
    return body


def _staff_of(figures: StaffFigures | None) -> dict[str, StaffRow]:
    return {} if figures is None else {row.key: row for row in figures.communes}


def projection_json(projection: Projection) -> dict:
    return {
        "target_date": projection.target_date.isoformat(),
        "weeks": projection.weeks,
        "core": projection.core,
        "core_in_weeks": projection.recent,
        "per_week": round(projection.per_week, 3),
        "projected_coverage": None if projection.projected_share is None
        else round(projection.projected_share, 6),
        "goal_date_at_recent_pace": _day(projection.goal_day),
        "on_track": None if projection.target is None else projection.on_track,
        "needed_per_week": projection.needed_per_week,
    }


def _period(period) -> dict:
    return {"kind": PERIOD_NAMES[period.kind], "key": period.key,
            "start": period.start.isoformat(), "end": period.last_day.isoformat()}


def _about() -> dict:
    return {"generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "timezone": str(TIMEZONE), "small_cell_limit": small_cell_limit(),
            "coverage_goal": coverage_goal(), "core_pathway": list(core_pathway())}


def report_json(report: Report, slugs: dict[int, str]) -> dict:
    area = report.area
    by_team = area.kind == COMMUNE
    staff = _staff_of(report.staff)
    rows = [(_team_row if by_team else _row)(r) for r in report.rows]
    if not by_team:
        for body, row in zip(rows, report.rows, strict=True):
            if row.key in staff:
                body["staff"] = staff_json(staff[row.key])
    total = _row(report.total)
    if report.staff is not None:
        total["staff"] = staff_json(report.staff.total)
    province_staff = report.staff.province_staff if report.staff is not None else None
    return {
        "area": {"kind": area.kind, "code": area.code, "name": area.full_name},
        "period": {**_period(report.period), "complete": not report.in_progress},
        "previous_period": _period(report.previous),
        **_about(),
        "total": total,
        **({"province_staff": staff_json(province_staff)} if province_staff else {}),
        ("teams" if by_team else "communes"): rows,
        "courses": [{"course": slugs.get(int(r.key), r.key), "period": _counts(r.now),
                     "previous": _counts(r.before),
                     "completers_to_date": r.to_date["courses"],
                     "coverage": _ratio(r.to_date["courses"], r.target)}
                    for r in report.courses],
        "breakdowns": {
            METHOD: {r.key: {"period": _counts(r.now), "previous": _counts(r.before)}
                     for r in report.breakdowns[METHOD]},
            **{dimension: released_json(release)
               for dimension, release in report.released.items()}},
    }


def coverage_json(board: Dashboard, slugs: dict[int, str]) -> dict:
    area = board.area
    staff = _staff_of(board.staff)
    return {
        "area": {"kind": area.kind, "code": area.code, "name": area.full_name},
        "as_of": board.today.isoformat(), **_about(),
        "target": board.target or None, "core": board.core_with_target,
        "coverage": _ratio(board.core_with_target, board.target),
        "under_review": board.under_review_total,
        "projection": projection_json(board.projection),
        **({"staff": staff_json(board.staff.total, False)} if board.staff else {}),
        **({"province_staff": staff_json(board.staff.province_staff, False)}
           if board.staff and board.staff.province_staff else {}),
        "communes": [{
            "code": c.commune.code, "name": c.commune.full_name, "target": c.target,
            "latitude": c.commune.latitude, "longitude": c.commune.longitude,
            "totals": _counts(c.counts),
            "under_review": board.under_review.get(c.commune.code, 0),
            "coverage": _ratio(c.counts["core"], c.target),
            "courses": {slugs.get(course_id, str(course_id)): n
                        for course_id, n in c.per_course.items() if n},
            "last_activity": c.last_active.isoformat() if c.last_active else None,
            "lagging": c.lagging, "inactive": c.inactive, "slow": c.slow,
            "core_last_two_months": c.recent_core,
            "goal_date_at_pace": _day(c.goal_day),
            **({"staff": staff_json(staff[c.commune.code], False)}
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
        "small_groups": {"limit": small_cell_limit(),
                         "rule": "counts of people per commune, course and period are exact; "
                                 "the split of people by age band, gender or team is given "
                                 "only as released tables: registered people, cumulative at "
                                 "the end of a month where every group (zero ones included) "
                                 "and its complement hold at least `limit` people, and so "
                                 "does every group of what was added since the last release "
                                 "(tried only once `limit` people or more registered since the "
                                 "last try); "
                                 "groups are merged otherwise, and the table withheld when "
                                 "no merge is safe (docs/statistics.md)"},
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
        "flagged": flag_rules(),
    }


def flag_rules() -> dict:
    """The rules that hold a lesson completion for review, with the thresholds in force."""
    t = Thresholds.from_settings()
    return {
        "in_force": sorted(t.rules),
        "rule": "a flagged lesson completion (and the course and core pathway it completes) is "
                "not counted until a reviewer confirms it (then on the day it was completed); "
                "a rejected one is never counted; under_review: flagged completions not yet "
                "reviewed, of lessons completed in the period (all time: on the coverage)",
        "instant": {"min_share": t.min_share, "min_seconds": t.min_seconds,
                    "rule": "quiz passed less than max(min_seconds, min_share * the lesson's "
                            "estimated minutes * 60) seconds after the lesson was opened, or "
                            "without the lesson being opened"},
        "tutor_burst": {"count": t.tutor_burst,
                        "window_seconds": int(t.tutor_window.total_seconds()),
                        "rule": "count or more completions recorded by one tutor within "
                                "window_seconds either side"},
        "signup_address": {"count": t.address_burst,
                           "window_minutes": int(t.signup_window.total_seconds() // 60),
                           "rule": "the learner is one of count or more accounts signed up "
                                   "from one network address within window_minutes either "
                                   "side of theirs"},
        "signup_tutor": {"count": t.tutor_signup_burst,
                         "window_minutes": int(t.signup_window.total_seconds() // 60),
                         "rule": "the learner is one of count or more people one tutor signed "
                                 "up within window_minutes either side"},
        "clamped": "the answer's device time was out of range and changed (clock rule)",
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


def _staff_line(row: StaffRow | None, share) -> list:
    share = share or (lambda ratio: "" if ratio is None else percent(ratio))
    if row is None:
        return [None] * 9
    return [row.officials, row.accounts[OFFICIALS], row.to_date[OFFICIALS], row.now(OFFICIALS),
            share(_part(row.counted, row.officials)),
            row.accounts[TEAM_MEMBERS], row.to_date[TEAM_MEMBERS], row.now(TEAM_MEMBERS),
            share(_part(row.to_date[TEAM_MEMBERS], row.accounts[TEAM_MEMBERS]))]


def _part(part: int, whole: int | None) -> float | None:
    return part / whole if whole else None


def _staff_rows(report: Report) -> dict[str, StaffRow]:
    rows = _staff_of(report.staff) if report.area.kind != COMMUNE else {}
    if report.staff is not None:
        rows[report.area.code] = report.staff.total
    return rows


def _line(row: Row, share=None, team: bool = False, staff: StaffRow | None = None) -> list:
    """A commune or team (a team: what it did, no count of its people: blank); share(ratio)
    writes a coverage (CSV: text in the reader's language)."""
    share = share or (lambda ratio: "" if ratio is None else percent(ratio))
    if team:
        return [row.key, row.name, "",
                *(row.now[m] if m in TEAM_MEASURES else "" for m in MEASURE_NAMES),
                *(row.before[m] if m in TEAM_MEASURES else "" for m in MEASURE_NAMES),
                "", "", "", *_staff_line(None, share)]
    def ratio(part: int) -> float | None:
        return part / row.target if row.target else None

    return [row.key, row.name, row.target,
            *(row.now[m] for m in MEASURE_NAMES), *(row.before[m] for m in MEASURE_NAMES),
            row.to_date["core"], share(ratio(row.to_date["core"])),
            share(ratio(row.core_before)), *_staff_line(staff, share)]


def _lines(report: Report, share=None) -> list[list]:
    team = report.area.kind == COMMUNE
    staff = _staff_rows(report)
    lines = [_line(report.total, share, staff=staff.get(report.total.key))]
    lines += [_line(r, share, team, staff.get(r.key)) for r in report.rows]
    if report.staff is not None and report.staff.province_staff is not None:
        province = report.staff.province_staff
        lines.append([province.key, province.name, *([""] * (len(_headers()) - 11)),
                      *_staff_line(province, share)])
    return lines


def report_csv(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_cells(_headers()))
    for line in _lines(report):
        writer.writerow(_cells(line))
    return (BOM + out.getvalue()).encode("utf-8")


def released_lines(report: Report) -> list[list]:
    """The released tables, for a sheet: group, people registered, as of (or withheld)."""
    names = {"age": AGE_LABELS, "gender": GENDER_LABELS}
    lines = []
    for dimension, release in report.released.items():
        if release.withheld:
            lines.append([str(DIMENSION_LABELS[dimension]), "", _("withheld: groups too small")])
        for group, n in release.rows():
            label = ", ".join(str(names.get(dimension, {}).get(v, v)) for v in group.values)
            if dimension == "team":
                label = str(_("On a team's roster") if group.key else _("Not on a team's roster"))
            lines.append([label, n, release.as_of.key if release.as_of else ""])
    return lines


def report_xlsx(report: Report, course_titles: dict[str, str]) -> bytes:
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    sheet = book.create_sheet(_title(_("By team") if report.area.kind == COMMUNE
                                     else _("By commune")))
    def share(ratio: float | None):
        cell = WriteOnlyCell(sheet, value=ratio)
        cell.number_format = "0.0%"
        return cell

    _write(sheet, _headers(), _lines(report, share), bold)
    labels = [str(m.label) for m in MEASURES]
    courses = book.create_sheet(_title(_("Courses")))
    _write(courses, [_("Course"), *labels, _("Completed it, to date")],
           [[course_titles.get(r.key, r.name), *(r.now[m] for m in MEASURE_NAMES),
             r.to_date["courses"]] for r in report.courses], bold)
    breakdown = book.create_sheet(_title(_("Breakdowns")))
    lines = [[str(METHOD_LABELS.get(r.key, r.key)), *(r.now[m] for m in MEASURE_NAMES)]
             for r in report.breakdowns[METHOD]]
    _write(breakdown, [_("Method"), *labels], lines, bold)
    groups = book.create_sheet(_title(_("Groups")))
    _write(groups, [_("Group"), _("People registered"), _("As of the end of")],
           released_lines(report), bold)
    about = book.create_sheet(_title(_("About this report")))
    progress = f" — {_('in progress: figures so far')}" if report.in_progress else ""
    _write(about, [_("Weekly report") if report.period.kind == WEEK else _("Monthly report"),
                   report.area.full_name], [
        [_("Period"), period_label(report.period) + progress],
        [_("Compared with"), period_label(report.previous)],
        [_("Figures as of"), day(report.today)]], bold)
    book.properties.title = f"{report.area.full_name}, {period_label(report.period)}"
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
