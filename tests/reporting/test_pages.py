"""What staff see: the province dashboard, the commune page, reports, exports."""

from datetime import timedelta

from learning.accounts.models import Role, utcnow
from learning.extensions import db
from learning.geography.models import Province
from learning.reporting.definitions import WEEK, Period, today
from tests.factories import make_commune, make_user, sign_in
from tests.reporting.helpers import complete_course


def province_staff():
    make_commune()
    staff = make_user(Role.PROVINCE_STAFF)
    staff.province_code = "40"
    return staff


def some_progress(catalogue, app):
    vinh = make_commune("16681", "Thành Vinh", population=123507, latitude=18.675,
                        longitude=105.66)
    van_tu = make_commune(latitude=18.925, longitude=105.428)
    for i in range(6):
        learner = make_user(commune=van_tu if i % 2 else vinh, gender="female",
                            birth_year=1950 + i)
        for slug in app.config["CORE_PATHWAY"][: 1 + i % 4]:
            complete_course(learner, catalogue.course(slug), utcnow() - timedelta(days=i),
                            method="tutor" if i % 3 == 0 else "self")
    db.session.commit()


def test_province_staff_sees_the_dashboard(client, app, catalogue):
    some_progress(catalogue, app)
    staff = province_staff()
    sign_in(client, staff)
    page = client.get("/statistics/provinces/40")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Xã Vân Tụ" in html and "<svg" in html
    assert client.get("/statistics").headers["Location"].endswith("/statistics/provinces/40")


def test_reports_and_exports(client, app, catalogue):
    some_progress(catalogue, app)
    staff = province_staff()
    sign_in(client, staff)
    week = Period.containing(WEEK, today())
    page = client.get(f"/statistics/provinces/40/weekly/{week.key}")
    assert page.status_code == 200, page.get_data(as_text=True)
    csv = client.get(f"/statistics/provinces/40/weekly/{week.key}/report.csv")
    assert csv.status_code == 200
    assert csv.data.startswith("\ufeff".encode())
    assert "Vân Tụ" in csv.data.decode("utf-8-sig")
    xlsx = client.get(f"/statistics/provinces/40/monthly/{week.start:%Y-%m}/report.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    api = client.get(f"/api/v1/provinces/40/weekly/{week.key}")
    assert api.status_code == 200 and api.json["communes"]
    commune = client.get("/statistics/communes/17611")
    assert commune.status_code == 200
    assert client.get("/statistics/communes/17611/weekly").status_code == 302
    assert db.session.get(Province, "40") is not None
