"""Coverage targets: how many people a commune aims to reach (by default its population), and the
number of its officials (cadres, civil servants and public employees) that the officials trained
are counted against.

Set one at a time by province staff, or imported from a CSV of commune code -> target and/or
officials.
"""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from learning.accounts.models import User
from learning.audit.services import record_change
from learning.counting.definitions import MAX_OFFICIALS
from learning.extensions import db
from learning.geography.csvfile import (
    CsvRows,
    ImportReport,
    RowProblem,
    first_column,
    value,
    whole_number,
)
from learning.geography.models import Commune
from learning.geography.names import official_code

MAX_TARGET = 10_000_000


def set_target(actor: User, commune: Commune, target: int | None) -> bool:
    """Set (or clear, with None: back to the population) a commune's target. True if changed.
    A target is at least 1 (0 is refused: "no target" is None)."""
    return _set_number(actor, commune, "target_population", "commune.target", target)


def set_officials(actor: User, commune: Commune, officials: int | None) -> bool:
    """Set (or clear, with None) a commune's number of officials. True if changed. At least 1
    (0 is refused: "not set" is None)."""
    return _set_number(actor, commune, "officials", "commune.officials", officials)


def _set_number(actor: User, commune: Commune, attribute: str, action: str,
                 value: int | None) -> bool:
    """One number a province sets for a commune, audited when it changes."""
    if value is not None and value < 1:
        raise ValueError(f"{attribute} is at least 1")
    before = getattr(commune, attribute)
    if before == value:
        return False
    record_change(actor, action, "commune", commune.code, before=before, after=value)
    setattr(commune, attribute, value)
    db.session.flush()
    return True


TARGET_COLUMNS = ("target", "target_population")
OFFICIALS_COLUMNS = ("officials", "number_of_officials")


def import_targets(rows: CsvRows, *, actor: User | None = None,
                   allowed: set[str] | None = None, dry_run: bool = False,
                   strict: bool = False) -> ImportReport:
    """Targets and numbers of officials from a CSV with a code column (code, commune_code or
    ward_code) and a target column (target or target_population), an officials column
    (officials or number_of_officials), or both; an empty cell clears the value, a missing
    column leaves it as it is. ``allowed``: the commune codes the importing person may change
    (None: all)."""
    code_column = first_column(rows.columns, "code", "commune_code", "ward_code")
    columns = {field: next((c for c in names if c in rows.columns), None)
               for field, names in (("target_population", TARGET_COLUMNS),
                                    ("officials", OFFICIALS_COLUMNS))}
    columns = {field: column for field, column in columns.items() if column is not None}
    if not columns:
        first_column(rows.columns, *TARGET_COLUMNS, *OFFICIALS_COLUMNS)  # says what is missing
    report = ImportReport()
    wanted: dict[str, tuple[int, dict[str, int | None]]] = {}
    for line, row in rows.rows:
        parsed = _parse_row(line, value(row, code_column),
                            {field: value(row, column) for field, column in columns.items()},
                            wanted)
        if isinstance(parsed, RowProblem):
            report.refused.append(parsed)
        else:
            wanted[parsed[0]] = (line, parsed[1])
    existing = {code: {"target_population": target, "officials": officials}
                for code, target, officials in db.session.execute(
                    select(Commune.code, Commune.target_population, Commune.officials)
                    .where(Commune.code.in_(list(wanted)))).all()}
    changes: list[dict[str, Any]] = []
    for code, (line, values) in wanted.items():
        if code not in existing:
            report.refused.append(RowProblem(line, _l("no commune has the code %(code)s",
                                                      code=code)))
        elif allowed is not None and code not in allowed:
            report.refused.append(RowProblem(line, _l("commune %(code)s is not in your "
                                                      "province", code=code)))
        elif all(existing[code][field] == number for field, number in values.items()):
            report.unchanged += 1
        else:
            report.changed.append(code)
            changes.append({"code": code, **values})
    report.refused.sort(key=lambda problem: problem.line)
    if dry_run or (strict and report.refused):
        return report
    if changes:
        db.session.execute(update(Commune), changes)
        record_change(actor, "geo.targets", "commune", "*", changed=len(changes),
                      codes=report.changed[:200], refused=len(report.refused))
    db.session.flush()
    report.applied = True
    return report


def _parse_row(line: int, code_text: str, texts: dict[str, str],
               seen: dict) -> tuple[str, dict[str, int | None]] | RowProblem:
    code = official_code(code_text, 5)
    if code is None:
        return RowProblem(line, _l("“%(value)s” is not a commune code of 5 digits",
                                   value=code_text))
    if code in seen:
        return RowProblem(line, _l("commune %(code)s is already on line %(first)d", code=code,
                                   first=seen[code][0]))
    values: dict[str, int | None] = {}
    for field, text in texts.items():
        number = whole_number(text, MAX_TARGET if field == "target_population"
                              else MAX_OFFICIALS)
        if isinstance(number, RowProblem):
            return RowProblem(line, number.reason)
        if number == 0:  # 0 would mean "no one": leave the cell empty for none
            return RowProblem(line, _l("a target must be at least 1 (leave it empty for none)")
                              if field == "target_population" else
                              _l("a number of officials must be at least 1 (leave it empty "
                                 "for none)"))
        values[field] = number
    return code, values
