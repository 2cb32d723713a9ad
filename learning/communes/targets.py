"""Coverage targets: how many people a commune aims to reach (by default its population).

Set one at a time by province staff, or imported from a CSV of commune code -> target.
"""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from learning.accounts.models import User
from learning.audit.services import record_change
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
    if target is not None and target < 1:
        raise ValueError("a coverage target is at least 1")
    if commune.target_population == target:
        return False
    record_change(actor, "commune.target", "commune", commune.code,
                  before=commune.target_population, after=target)
    commune.target_population = target
    db.session.flush()
    return True


def import_targets(rows: CsvRows, *, actor: User | None = None,
                   allowed: set[str] | None = None, dry_run: bool = False,
                   strict: bool = False) -> ImportReport:
    """Targets from a CSV with a code column (code, commune_code or ward_code) and a target column
    (target or target_population; an empty cell clears the target). ``allowed``: the commune
    codes the importing person may change (None: all)."""
    code_column = first_column(rows.columns, "code", "commune_code", "ward_code")
    target_column = first_column(rows.columns, "target", "target_population")
    report = ImportReport()
    wanted: dict[str, tuple[int, int | None]] = {}
    for line, row in rows.rows:
        parsed = _parse_target(line, value(row, code_column), value(row, target_column), wanted)
        if isinstance(parsed, RowProblem):
            report.refused.append(parsed)
        else:
            wanted[parsed[0]] = (line, parsed[1])
    existing = dict(db.session.execute(select(Commune.code, Commune.target_population)
                                       .where(Commune.code.in_(list(wanted)))).all())
    changes: list[dict[str, Any]] = []
    for code, (line, target) in wanted.items():
        if code not in existing:
            report.refused.append(RowProblem(line, _l("no commune has the code %(code)s",
                                                      code=code)))
        elif allowed is not None and code not in allowed:
            report.refused.append(RowProblem(line, _l("commune %(code)s is not in your "
                                                      "province", code=code)))
        elif existing[code] == target:
            report.unchanged += 1
        else:
            report.changed.append(code)
            changes.append({"code": code, "target_population": target})
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


def _parse_target(line: int, code_text: str, target_text: str,
                  seen: dict[str, tuple[int, int | None]]) -> tuple[str, int | None] | RowProblem:
    code = official_code(code_text, 5)
    if code is None:
        return RowProblem(line, _l("“%(value)s” is not a commune code of 5 digits",
                                   value=code_text))
    if code in seen:
        return RowProblem(line, _l("commune %(code)s is already on line %(first)d", code=code,
                                   first=seen[code][0]))
    target = whole_number(target_text, MAX_TARGET)
    if isinstance(target, RowProblem):
        return RowProblem(line, target.reason)
    if target == 0:  # 0 would mean "no one to reach": leave the cell empty for no target
        return RowProblem(line, _l("a target must be at least 1 (leave it empty for none)"))
    return code, target
