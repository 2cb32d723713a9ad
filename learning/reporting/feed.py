"""Data exports for the provincial reporting system: one "long" CSV per report with stable keys,
independent of the reader's language — codes (communes, teams, course identifiers, breakdown
values), ISO dates, plain numbers with a decimal point, "" for unknown — and, on every line, the
period, whether it is complete and when the file was generated. Every table of the report is in
it: the total, the communes (or teams), the courses and the breakdowns. Built from the API's JSON
(``exports.report_json``), so the file, the API and the published reports say the same thing.
The human-readable XLSX stays localised (``exports.report_xlsx``)."""

import csv
import io

COLUMNS = ("area_kind", "area_code", "period_kind", "period_key", "period_start", "period_end",
           "complete", "generated_at", "table", "key", "name", "measure", "value")


STAFF_COLUMNS = ("officials", "officials_accounts", "officials_trained", "officials_share",
                 "team_members", "team_members_trained", "team_members_share")


def plain(value) -> str:
    """A value as the machine reads it: 12, 0.000326, true, "" (unknown)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _row_measures(row: dict) -> list[tuple[str, object]]:
    pairs: list[tuple[str, object]] = []
    for name, value in row.get("period", {}).items():
        pairs.append((name, value))
    for name, value in row.get("previous", {}).items():
        pairs.append((f"{name}_previous", value))
    for name in ("target", "core_to_date", "coverage", "coverage_previous",
                 "completers_to_date", "under_review"):
        if name in row:
            pairs.append((name, row[name]))
    pairs.extend(row.get("staff", {}).items())
    return pairs


def report_lines(body: dict) -> list[tuple[str, str, str, str, object]]:
    """(table, key, name, measure, value) for every figure of a report's JSON."""
    lines = []
    total = body["total"]
    for measure, value in _row_measures(total):
        lines.append(("total", total["code"], total["name"], measure, value))
    if "province_staff" in body:
        for measure, value in body["province_staff"].items():
            lines.append(("province_staff", "province_staff", "province_staff", measure, value))
    table = "teams" if "teams" in body else "communes"
    for row in body.get(table, []):
        for measure, value in _row_measures(row):
            lines.append((table[:-1], row["code"], row["name"], measure, value))
    for row in body.get("courses", []):
        for measure, value in _row_measures(row):
            lines.append(("course", row["course"], row["course"], measure, value))
    for dimension, values in body.get("breakdowns", {}).items():
        if "groups" in values:  # a released table (disclosure.py): people per group, as of
            lines.append((dimension, "", "", "withheld", values["withheld"]))
            lines.append((dimension, "", "", "as_of", values["as_of"]))
            for group in values["groups"]:
                lines.append((dimension, group["key"], "+".join(group["values"]),
                              values["measure"], group[values["measure"]]))
            continue
        for key, row in values.items():
            for measure, value in _row_measures(row):
                lines.append((dimension, key, key, measure, value))
    return lines


def report_data_csv(body: dict) -> bytes:
    """The report's every figure, one per line (UTF-8, no byte order mark: for programs)."""
    period, area = body["period"], body["area"]
    fixed = (area["kind"], area["code"], period["kind"], period["key"], period["start"],
             period["end"], plain(period.get("complete")), body["generated_at"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for table, key, name, measure, value in report_lines(body):
        writer.writerow((*fixed, table, key, name, measure, plain(value)))
    return out.getvalue().encode("utf-8")


def coverage_data_csv(body: dict, chosen: dict[str, str] | None = None,
                      column=None) -> bytes:
    """Coverage today per commune (the coverage API's JSON), one line per commune. With the
    analyst's filter (``chosen``: its parameters; ``column``: a ``filters.Filtered``), three
    more columns: the filter ("gender=female"), the filtered figure ("" where withheld) and,
    for a group, the month at whose end the released figure stands."""
    columns = ("area_kind", "area_code", "as_of", "generated_at", "commune_code", "commune_name",
               "target", "coverage", "core", "registered", "active", "lessons", "courses",
               "helped", "sessions", "last_activity", "inactive", "slow", "lagging",
               "core_last_two_months", "goal_date_at_pace", "under_review", *STAFF_COLUMNS)
    extra = ("filter", "filtered_value", "filtered_as_of") if column is not None else ()
    label = "&".join(f"{k}={v}" for k, v in (chosen or {}).items())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns + extra)
    area = body["area"]
    for c in body["communes"]:
        totals = c["totals"]
        line = [plain(v) for v in (
            area["kind"], area["code"], body["as_of"], body["generated_at"], c["code"],
            c["name"], c["target"], c["coverage"], totals["core"], totals["registered"],
            totals["active"], totals["lessons"], totals["courses"], totals["helped"],
            totals["sessions"], c["last_activity"], c["inactive"], c["slow"], c["lagging"],
            c["core_last_two_months"], c["goal_date_at_pace"], c.get("under_review"),
            *(c.get("staff", {}).get(name) for name in STAFF_COLUMNS))]
        if column is not None:
            as_of = column.as_of.get(c["code"])
            line += [label, plain(column.values.get(c["code"])), as_of.key if as_of else ""]
        writer.writerow(line)
    return out.getvalue().encode("utf-8")
