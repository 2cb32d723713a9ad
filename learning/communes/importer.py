"""Import provinces and communes from the official lists (the CSV format of shared/data/geo).

Every row is checked first; a bad row is refused with its line and reason and the good rows are
still imported (or nothing is, with ``strict``). The database is then changed with a few bulk
statements, whatever the number of rows: the national list of 3,321 communes takes seconds.
A commune is only ever deleted when asked, when the file had no refused row, and when nobody
(learner, staff or team) is attached to it.
"""

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, select, update

from learning.accounts.models import User
from learning.extensions import db
from learning.geography.csvfile import (
    CsvRows,
    ImportFileError,
    ImportReport,
    RowProblem,
    require_columns,
    value,
    whole_number,
)
from learning.geography.models import Commune, Province
from learning.geography.names import (
    KIND_LABELS,
    clean_name,
    commune_kind,
    official_code,
    short_province_name,
)
from learning.text import fold

COMMUNE_COLUMNS = ("province_code", "province_name", "ward_code", "ward_name", "ward_type")
PROVINCE_COLUMNS = ("province_code", "name", "full_name")
COMMUNE_FIELDS = ("province_code", "name", "full_name", "kind", "name_en", "search_name",
                  "population", "latitude", "longitude")
LATITUDES, LONGITUDES = (8.0, 24.0), (102.0, 118.0)  # Vietnam, islands included


@dataclass(frozen=True)
class CommuneRow:
    line: int
    values: dict[str, Any]
    province_full_name: str


def is_province_list(rows: CsvRows) -> bool:
    return "ward_code" not in rows.columns and "full_name" in rows.columns


def import_geography(rows: CsvRows, *, delete_missing: bool = False, dry_run: bool = False,
                     strict: bool = False) -> ImportReport:
    """Import a list of communes, or of provinces (recognised by its columns)."""
    if is_province_list(rows):
        return import_provinces(rows, dry_run=dry_run, strict=strict)
    return import_communes(rows, delete_missing=delete_missing, dry_run=dry_run, strict=strict)


def import_communes(rows: CsvRows, *, delete_missing: bool = False, dry_run: bool = False,
                    strict: bool = False) -> ImportReport:
    require_columns(rows.columns, COMMUNE_COLUMNS)
    report = ImportReport()
    good: dict[str, CommuneRow] = {}
    provinces: dict[str, tuple[str, int]] = {}  # code -> (full name, first line)
    for line, row in rows.rows:
        parsed = parse_commune(line, row)
        if isinstance(parsed, CommuneRow):
            parsed = _check_consistent(parsed, good, provinces)
        if isinstance(parsed, RowProblem):
            report.refused.append(parsed)
            continue
        good[parsed.values["code"]] = parsed
        provinces.setdefault(parsed.values["province_code"], (parsed.province_full_name, line))
    province_values = {code: _province_values(code, full)
                       for code, (full, _line) in provinces.items()}
    _plan_provinces(province_values, report, keep_name_en=True)
    added, changed = _plan_communes(good, report)
    if dry_run or (strict and report.refused):
        return report
    _apply_provinces(province_values, report)
    if added:
        db.session.execute(insert(Commune), added)
    if changed:
        db.session.execute(update(Commune), changed)
    if delete_missing:
        _delete_missing(set(provinces), set(good), report)
    db.session.flush()
    report.applied = True
    return report


def parse_commune(line: int, row: dict[str, str]) -> CommuneRow | RowProblem:
    def problem(reason: object) -> RowProblem:
        return RowProblem(line, reason)

    if None in row:
        return problem(_l("the row has more cells than the first line has columns"))
    province_code = official_code(value(row, "province_code"), 2)
    code = official_code(value(row, "ward_code"), 5)
    if province_code is None:
        return problem(_l("province_code “%(value)s” is not a code of 2 digits",
                          value=value(row, "province_code")))
    if code is None:
        return problem(_l("ward_code “%(value)s” is not a code of 5 digits",
                          value=value(row, "ward_code")))
    kind = commune_kind(value(row, "ward_type"))
    if kind is None:
        return problem(_l("ward_type “%(value)s” is not Xã, Phường or Đặc khu",
                          value=value(row, "ward_type")))
    name = clean_name(row.get("ward_name"))
    full_name = clean_name(row.get("ward_full_name")) or f"{KIND_LABELS[kind]} {name}"
    province_full_name = clean_name(row.get("province_name"))
    name_en = clean_name(row.get("ward_name_en")) or None
    for column, text, limit in (("ward_name", name, 100), ("ward_full_name", full_name, 120),
                                ("province_name", province_full_name, 120),
                                ("ward_name_en", name_en or "-", 120)):
        if not text:
            return problem(_l("%(column)s is empty", column=column))
        if len(text) > limit:
            return problem(_l("%(column)s is longer than %(n)d characters", column=column,
                              n=limit))
    population = whole_number(value(row, "population_bando"))
    if isinstance(population, RowProblem):
        return problem(_l("population_bando: %(reason)s", reason=population.reason))
    coordinates = _coordinates(value(row, "lat"), value(row, "lon"))
    if isinstance(coordinates, RowProblem):
        return problem(coordinates.reason)
    values = {"code": code, "province_code": province_code, "name": name,
              "full_name": full_name, "kind": kind, "name_en": name_en,
              "search_name": fold(full_name), "population": population,
              "latitude": coordinates[0], "longitude": coordinates[1]}
    return CommuneRow(line, values, province_full_name)


def _coordinates(lat: str, lon: str) -> tuple[float | None, float | None] | RowProblem:
    if not lat and not lon:
        return None, None
    try:
        latitude, longitude = float(lat), float(lon)
    except ValueError:
        return RowProblem(0, _l("lat “%(lat)s” and lon “%(lon)s” are not both numbers",
                                lat=lat, lon=lon))
    if not (LATITUDES[0] <= latitude <= LATITUDES[1]
            and LONGITUDES[0] <= longitude <= LONGITUDES[1]):
        return RowProblem(0, _l("lat %(lat)s, lon %(lon)s is not in Vietnam (lat and lon "
                                "swapped?)", lat=lat, lon=lon))
    return latitude, longitude


def _check_consistent(parsed: CommuneRow, good: dict[str, CommuneRow],
                      provinces: dict[str, tuple[str, int]]) -> CommuneRow | RowProblem:
    code, province = parsed.values["code"], parsed.values["province_code"]
    if code in good:
        return RowProblem(parsed.line, _l("ward_code %(code)s is already on line %(first)d",
                                          code=code, first=good[code].line))
    known = provinces.get(province)
    if known and known[0] != parsed.province_full_name:
        return RowProblem(parsed.line, _l("province %(code)s is named “%(name)s” on line "
                                          "%(first)d", code=province, name=known[0],
                                          first=known[1]))
    return parsed


def _province_values(code: str, full_name: str, name: str | None = None,
                     name_en: str | None = None) -> dict[str, Any]:
    return {"code": code, "name": name or short_province_name(full_name),
            "full_name": full_name, "name_en": name_en}


def _plan_provinces(wanted: dict[str, dict[str, Any]], report: ImportReport,
                    keep_name_en: bool) -> None:
    existing = {p.code: p for p in db.session.scalars(
        select(Province).where(Province.code.in_(list(wanted))))}
    for code, values in sorted(wanted.items()):
        if keep_name_en and code in existing:
            values["name_en"] = existing[code].name_en  # the commune list has no English name
        current = existing.get(code)
        if current is None:
            report.provinces_added.append(code)
        elif any(getattr(current, key) != values[key] for key in ("name", "full_name",
                                                                  "name_en")):
            report.provinces_changed.append(code)


def _apply_provinces(wanted: dict[str, dict[str, Any]], report: ImportReport) -> None:
    if report.provinces_added:
        db.session.execute(insert(Province), [wanted[c] for c in report.provinces_added])
    if report.provinces_changed:
        db.session.execute(update(Province), [wanted[c] for c in report.provinces_changed])


def _plan_communes(good: dict[str, CommuneRow],
                   report: ImportReport) -> tuple[list[dict], list[dict]]:
    columns = [getattr(Commune, name) for name in ("code", *COMMUNE_FIELDS)]
    existing = {row[0]: row[1:] for row in db.session.execute(select(*columns))}
    added, changed = [], []
    for code, parsed in good.items():
        wanted = tuple(parsed.values[name] for name in COMMUNE_FIELDS)
        if code not in existing:
            added.append(parsed.values)
            report.added.append(code)
        elif existing[code] != wanted:
            changed.append(parsed.values)
            report.changed.append(code)
        else:
            report.unchanged += 1
    return added, changed


def _delete_missing(provinces: set[str], codes: set[str], report: ImportReport) -> None:
    """Delete the communes of the file's provinces that the file no longer lists, except those
    in use. Skipped entirely when a row was refused (its commune would look missing)."""
    from learning.teams.models import DigitalTeam

    if report.refused:
        return
    missing = set(db.session.scalars(select(Commune.code).where(
        Commune.province_code.in_(provinces), Commune.code.not_in(codes))))
    if not missing:
        return
    in_use = set(db.session.scalars(select(User.commune_code).where(
        User.commune_code.in_(missing)).distinct()))
    in_use |= set(db.session.scalars(select(DigitalTeam.commune_code).where(
        DigitalTeam.commune_code.in_(missing)).distinct()))
    report.kept = sorted(missing & in_use)
    report.deleted = sorted(missing - in_use)
    if report.deleted:
        db.session.execute(delete(Commune).where(Commune.code.in_(report.deleted)))


def import_provinces(rows: CsvRows, *, dry_run: bool = False,
                     strict: bool = False) -> ImportReport:
    """The list of provinces (shared/data/geo/vn_provinces_2025_official_codes.csv): names and
    English names. Communes are imported from their own list."""
    require_columns(rows.columns, PROVINCE_COLUMNS)
    report = ImportReport()
    wanted: dict[str, dict[str, Any]] = {}
    for line, row in rows.rows:
        parsed = _parse_province(line, row, wanted)
        if isinstance(parsed, RowProblem):
            report.refused.append(parsed)
        else:
            wanted[parsed["code"]] = parsed
    _plan_provinces(wanted, report, keep_name_en=False)
    report.added, report.changed = report.provinces_added, report.provinces_changed
    report.unchanged = len(wanted) - len(report.added) - len(report.changed)
    if dry_run or (strict and report.refused):
        return report
    _apply_provinces(wanted, report)
    db.session.flush()
    report.applied = True
    return report


def _parse_province(line: int, row: dict[str, str],
                    seen: dict[str, dict[str, Any]]) -> dict[str, Any] | RowProblem:
    code = official_code(value(row, "province_code"), 2)
    if code is None:
        return RowProblem(line, _l("province_code “%(value)s” is not a code of 2 digits",
                                   value=value(row, "province_code")))
    if code in seen:
        return RowProblem(line, _l("province_code %(code)s appears twice", code=code))
    full_name = clean_name(row.get("full_name"))
    name = clean_name(row.get("name")) or short_province_name(full_name)
    if not full_name or len(full_name) > 120 or len(name) > 100:
        return RowProblem(line, _l("full_name is empty or too long"))
    return _province_values(code, full_name, name, clean_name(row.get("name_en")) or None)


__all__ = ["ImportFileError", "import_geography", "import_communes", "import_provinces"]
