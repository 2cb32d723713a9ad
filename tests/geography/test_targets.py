"""Coverage targets: by default the population; set by province staff or imported from a CSV."""

import io

from sqlalchemy import select

from learning.accounts.models import Role
from learning.audit.models import AuditEntry
from learning.extensions import db
from learning.geography.models import Commune
from tests.factories import make_commune, make_user, sign_in


def test_target_defaults_to_population(app):
    commune = make_commune(population=43922)
    assert commune.coverage_target == 43922
    commune.target_population = 30000
    assert commune.coverage_target == 30000


def test_cli_imports_targets_and_refuses_bad_rows_by_line(app, tmp_path):
    make_commune("17611")
    make_commune("16681", "Thành Vinh", population=123507)
    db.session.commit()
    path = tmp_path / "targets.csv"
    path.write_text("code,target\n17611,30000\n16681,\n99999,5\n17611,7\n16690,lots\n",
                    encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["geo", "targets", str(path), "--lang", "en"])
    db.session.remove()
    assert result.exit_code == 1
    assert "targets: 0 added, 1 changed, 1 unchanged, 3 refused" in result.output
    assert f"{path}, line 4: refused: no commune has the code 99999" in result.output
    assert f"{path}, line 5: refused: commune 17611 is already on line 2" in result.output
    assert f"{path}, line 6: refused: “lots” is not a whole number" in result.output
    assert db.session.get(Commune, "17611").target_population == 30000
    assert db.session.get(Commune, "16681").coverage_target == 123507


def test_province_staff_edit_a_target_of_their_province(app, client):
    commune = make_commune("17611")
    other = make_commune("00004", "Ba Đình", province_code="01")
    staff = make_user(Role.PROVINCE_STAFF, commune)
    staff.province_code = "40"
    sign_in(client, staff)
    page = client.get("/communes/17611/target")
    assert page.status_code == 200 and "Xã Vân Tụ" in page.text
    bad = client.post("/communes/17611/target", data={"target_population": "-3"})
    assert bad.status_code == 422 and 'value="-3"' in bad.text
    assert client.post("/communes/17611/target",
                       data={"target_population": "30000"}).status_code == 302
    assert db.session.get(Commune, "17611").target_population == 30000
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "commune.target")).one()
    assert entry.actor_id == staff.id and entry.details == {"before": None, "after": 30000}
    assert client.get(f"/communes/{other.code}/target").status_code == 404


def test_commune_officer_sees_the_target_but_cannot_change_it(app, client):
    commune = make_commune("17611")
    sign_in(client, make_user(Role.COMMUNE_OFFICER, commune))
    assert "43" in client.get("/communes/17611").text
    assert client.get("/communes/17611/target").status_code == 403


def test_province_staff_upload_targets_only_for_their_province(app, client):
    make_commune("17611")
    make_commune("00004", "Ba Đình", province_code="01")
    staff = make_user(Role.PROVINCE_STAFF, make_commune("17611"))
    staff.province_code = "40"
    sign_in(client, staff)
    upload = {"file": (io.BytesIO(b"code,target\n17611,25000\n00004,1000\n"), "t.csv")}
    response = client.post("/communes/targets", data=upload,
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "commune 00004 is not in your province" in response.text
    assert db.session.get(Commune, "17611").target_population == 25000
    assert db.session.get(Commune, "00004").target_population is None


def test_upload_can_only_check_the_file(app, client):
    make_commune("17611")
    sign_in(client, make_user(Role.ADMIN))
    upload = {"file": (io.BytesIO(b"code,target\n17611,25000\n"), "t.csv"), "check_only": "y"}
    response = client.post("/communes/targets", data=upload,
                           content_type="multipart/form-data")
    assert response.status_code == 200 and "nothing was changed" in response.text
    assert db.session.get(Commune, "17611").target_population is None


def test_cli_imports_targets_and_numbers_of_officials_together(app, tmp_path):
    make_commune("17611")
    make_commune("16681", "Thành Vinh", population=123507)
    db.session.commit()
    path = tmp_path / "targets.csv"
    path.write_text("code,target,officials\n17611,30000,41\n16681,,0\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["geo", "targets", str(path), "--lang", "en"])
    db.session.remove()
    assert result.exit_code == 1
    assert f"{path}, line 3: refused: a number of officials must be at least 1" in result.output
    assert (db.session.get(Commune, "17611").target_population,
            db.session.get(Commune, "17611").officials) == (30000, 41)
    path.write_text("code,population\n17611,5\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["geo", "targets", str(path), "--lang", "en"])
    assert result.exit_code != 0 and "target / target_population / officials" in result.output
    # A file without a target column leaves the targets as they are.
    path.write_text("code,officials\n17611,\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["geo", "targets", str(path), "--lang", "en"])
    db.session.remove()
    assert result.exit_code == 0, result.output
    assert (db.session.get(Commune, "17611").target_population,
            db.session.get(Commune, "17611").officials) == (30000, None)
