"""`flask geo import`: the official lists of communes and provinces, re-imported safely."""

import unicodedata

from sqlalchemy import func, select

from learning.audit.models import AuditEntry
from learning.extensions import db
from learning.geography.models import Commune, Province
from tests.factories import make_user
from tests.geography.helpers import (
    NATIONAL,
    NGHE_AN,
    PROVINCES,
    needs_shared,
    row,
    write_csv,
)


def geo(app, *args):
    result = app.test_cli_runner().invoke(args=["geo", *map(str, args), "--lang", "en"])
    db.session.remove()
    return result


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@needs_shared
def test_nghe_an_gives_130_communes_and_reimport_changes_nothing(app):
    first = geo(app, "import", NGHE_AN)
    assert first.exit_code == 0, first.output
    assert "communes: 130 added, 0 changed, 0 unchanged, 0 refused" in first.output
    assert count(Commune) == 130 and count(Province) == 1
    province = db.session.get(Province, "40")
    assert (province.name, province.full_name) == ("Nghệ An", "Tỉnh Nghệ An")
    van_tu = db.session.get(Commune, "17611")
    assert (van_tu.full_name, van_tu.kind, van_tu.population) == ("Xã Vân Tụ", "xa", 43922)
    assert (van_tu.latitude, van_tu.longitude) == (18.925, 105.428)
    again = geo(app, "import", NGHE_AN)
    assert "communes: 0 added, 0 changed, 130 unchanged, 0 refused" in again.output
    assert count(Commune) == 130


@needs_shared
def test_national_file_gives_3321_communes_in_34_provinces(app):
    result = geo(app, "import", NATIONAL)
    assert result.exit_code == 0, result.output
    assert "3321 added" in result.output and "provinces: 34 added" in result.output
    assert count(Commune) == 3321 and count(Province) == 34
    kinds = dict(db.session.execute(select(Commune.kind, func.count()).group_by(Commune.kind))
                 .all())
    assert kinds == {"xa": 2611, "phuong": 697, "dac_khu": 13}
    assert db.session.get(Commune, "00004").province_code == "01", "codes keep leading zeros"
    names = db.session.scalars(select(Commune.full_name))
    assert all(unicodedata.is_normalized("NFC", name) for name in names)
    assert db.session.scalar(select(func.count()).where(Commune.population.is_(None))) == 70
    assert "0 added, 0 changed, 3321 unchanged" in geo(app, "import", NATIONAL).output
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "geo.import")) == 1


@needs_shared
def test_province_list_adds_english_names_that_a_commune_import_keeps(app):
    geo(app, "import", NGHE_AN)
    result = geo(app, "import", PROVINCES)
    assert "provinces: 33 added, 1 changed, 0 unchanged, 0 refused" in result.output
    assert db.session.get(Province, "40").name_en == "Nghe An"
    assert "0 changed, 130 unchanged" in geo(app, "import", NGHE_AN).output
    assert db.session.get(Province, "40").name_en == "Nghe An"


def test_bad_rows_are_refused_with_their_line_and_the_good_ones_imported(app, tmp_path):
    path = write_csv(
        tmp_path,
        row("17611"),
        row("1761X"),
        row("17612", kind="Huyện"),
        row("17613", population="many"),
        row("17614", lat="105.4", lon="18.9"),
        row("17611", name="Vân Tụ bis"),
        row("17615", province_name="Tỉnh Nghệ Tĩnh"),
        row("17616", name="Đô Lương", population="48.123"),
    )
    result = geo(app, "import", path)
    assert result.exit_code == 1
    output = result.output
    assert "communes: 2 added, 0 changed, 0 unchanged, 6 refused" in output
    for line, reason in ((3, "ward_code “1761X” is not a code of 5 digits"),
                         (4, "ward_type “Huyện” is not Xã, Phường or Đặc khu"),
                         (5, "“many” is not a whole number"),
                         (6, "not in Vietnam (lat and lon swapped?)"),
                         (7, "ward_code 17611 is already on line 2"),
                         (8, "province 40 is named “Tỉnh Nghệ An” on line 2")):
        assert f"{path}, line {line}: refused: " in output
        assert reason in output
    assert set(db.session.scalars(select(Commune.code))) == {"17611", "17616"}
    assert db.session.get(Commune, "17616").population == 48123


def test_strict_and_dry_run_change_nothing(app, tmp_path):
    path = write_csv(tmp_path, row("17611"), row("bad"))
    strict = geo(app, "import", path, "--strict")
    assert strict.exit_code == 1 and "Nothing was changed" in strict.output
    dry = geo(app, "import", write_csv(tmp_path, row("17611"), name="good.csv"), "--dry-run")
    assert dry.exit_code == 0 and "1 added" in dry.output and "Dry run" in dry.output
    assert count(Commune) == 0 and count(Province) == 0


def test_reimport_reports_changes_and_spreadsheet_codes_get_their_zeros(app, tmp_path):
    geo(app, "import", write_csv(tmp_path, row("4", province="1", province_name="Thành phố Hà "
                                               "Nội", name="Ba Đình", kind="Phường")))
    commune = db.session.get(Commune, "00004")
    assert commune.province_code == "01" and commune.province.name == "Hà Nội"
    changed = geo(app, "import", write_csv(tmp_path, row("00004", province="01", population="1",
                                                         province_name="Thành phố Hà Nội",
                                                         name="Ba Đình", kind="Phường"),
                                           name="v2.csv"))
    assert "0 added, 1 changed, 0 unchanged" in changed.output
    assert db.session.get(Commune, "00004").population == 1


def test_decomposed_accents_are_stored_composed(app, tmp_path):
    decomposed = unicodedata.normalize("NFD", "Vân Tụ")
    geo(app, "import", write_csv(tmp_path, row(name=decomposed)))
    commune = db.session.get(Commune, "17611")
    assert commune.name == "Vân Tụ" and commune.search_name == "xa van tu"


def test_delete_missing_keeps_communes_with_learners(app, tmp_path):
    geo(app, "import", write_csv(tmp_path, row("17611"), row("17612", name="Nam Đàn"),
                                 row("17613", name="Kim Liên")))
    make_user(commune=db.session.get(Commune, "17612"))
    db.session.commit()
    only_one = write_csv(tmp_path, row("17611"), name="one.csv")
    result = geo(app, "import", only_one, "--delete-missing")
    assert result.exit_code == 0
    assert "deleted: 17613; kept because people or teams use them: 17612" in result.output
    assert set(db.session.scalars(select(Commune.code))) == {"17611", "17612"}


def test_delete_missing_is_skipped_when_a_row_is_refused(app, tmp_path):
    geo(app, "import", write_csv(tmp_path, row("17611"), row("17612", name="Nam Đàn")))
    result = geo(app, "import", write_csv(tmp_path, row("17611"), row("17612", kind="?"),
                                          name="v2.csv"), "--delete-missing")
    assert result.exit_code == 1
    assert count(Commune) == 2


def test_a_file_that_cannot_be_read_is_refused_whole(app, tmp_path):
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("ward_code,ward_name\n17611,Vân\n".encode("latin-1"))
    assert "not in UTF-8" in geo(app, "import", latin1).output
    missing = write_csv(tmp_path, "17611,Vân Tụ", header="ward_code,ward_name", name="cols.csv")
    result = geo(app, "import", missing)
    assert result.exit_code != 0
    assert "Columns missing from the first line: province_code, province_name" in result.output
    assert count(Commune) == 0
