"""What staff see and download: dashboards, reports, exports, the API; exact counts, and the
split of people by group only as released (tests/privacy/test_small_groups.py attacks it)."""

import csv
import io
from datetime import timedelta

from openpyxl import load_workbook

from learning.accounts.models import Role, utcnow
from learning.counting.definitions import MONTH, WEEK, Period, today
from learning.extensions import db
from learning.reporting.tokens import create_token, revoke_token, tokens_of
from tests.factories import make_commune, make_user, sign_in
from tests.reporting.helpers import answer, complete_course

WEEK_NOW = Period.containing(WEEK, today())


def province_staff():
    staff = make_user(Role.PROVINCE_STAFF, commune=make_commune(), locale="en")
    staff.province_code, staff.commune_code = "40", None
    return staff


def officer(code="17611"):
    return make_user(Role.COMMUNE_OFFICER, commune=make_commune(code), locale="en")


def van_tu_with(catalogue, learners: int, **learner):
    commune = make_commune(latitude=18.925, longitude=105.428)
    for _ in range(learners):
        complete_course(make_user(commune=commune, **learner), catalogue.course("vneid"))
    db.session.commit()


def test_province_dashboard_shows_coverage_map_and_lagging_communes(client, catalogue):
    van_tu_with(catalogue, 3)
    make_commune("16681", "Thành Vinh", latitude=18.675, longitude=105.66)
    sign_in(client, province_staff())
    html = client.get("/statistics/provinces/40").get_data(as_text=True)
    assert "Xã Vân Tụ" in html and "Xã Thành Vinh" in html
    assert '<svg viewBox' in html and 'role="img"' in html  # map and charts, no JavaScript
    assert "Communes that lag" in html and "no activity yet" in html
    assert "&lt;5" not in html  # three learners: province staff see exact counts
    assert "People registered</span><b>3</b>" in html
    assert 'href="/statistics/definitions"' in html


def test_coverage_table_sorts_on_the_server(client, catalogue):
    van_tu_with(catalogue, 6)
    make_commune("16681", "Thành Vinh")
    sign_in(client, province_staff())
    html = client.get("/statistics/provinces/40?sort=lessons&dir=desc").get_data(as_text=True)
    table = html[html.index('id="communes"'):]
    assert table.index("Xã Vân Tụ") < table.index("Xã Thành Vinh")
    assert 'aria-sort="descending"' in table
    html = client.get("/statistics/provinces/40?sort=lessons&dir=asc").get_data(as_text=True)
    table = html[html.index('id="communes"'):]
    assert table.index("Xã Thành Vinh") < table.index("Xã Vân Tụ")
    assert client.get("/statistics/provinces/40?sort=nonsense").status_code == 200


def test_commune_officer_sees_exact_figures_of_their_commune_only(client, catalogue):
    van_tu_with(catalogue, 3)
    make_commune("16681", "Thành Vinh")
    sign_in(client, officer())
    assert client.get("/statistics").headers["Location"].endswith("/statistics/communes/17611")
    html = client.get("/statistics/communes/17611").get_data(as_text=True)
    assert "&lt;5" not in html and "Community digital team" in html
    assert client.get("/statistics/communes/16681").status_code == 404
    assert client.get("/statistics/provinces/40").status_code == 404


def test_learners_and_tutors_have_no_statistics(client):
    learner = make_user()
    sign_in(client, learner)
    assert client.get("/statistics").status_code == 403
    assert client.get("/statistics/communes/17611").status_code == 403
    assert "/statistics" not in client.get("/dashboard").get_data(as_text=True)


def test_weekly_and_monthly_reports_compare_with_the_period_before(client, catalogue):
    van_tu_with(catalogue, 6)
    sign_in(client, officer())
    latest = client.get("/statistics/communes/17611/weekly")
    assert latest.headers["Location"].endswith(f"/weekly/{WEEK_NOW.previous.key}")
    html = client.get(f"/statistics/communes/17611/weekly/{WEEK_NOW.key}").get_data(as_text=True)
    assert "in progress" in html and "Difference" in html and WEEK_NOW.previous.key in html
    month = Period.containing(MONTH, today())
    assert client.get(f"/statistics/communes/17611/monthly/{month.key}").status_code == 200
    assert client.get("/statistics/communes/17611/weekly/2025-W60").status_code == 404
    assert client.get("/statistics/communes/17611/monthly/2025-W40").status_code == 404


def test_a_bad_period_is_refused_next_to_the_field(client):
    make_commune()
    sign_in(client, officer())
    page = client.get("/statistics/communes/17611/weekly?period=last+week")
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "is not a week of the form 2025-W40" in html and "last week" in html
    chosen = client.get(f"/statistics/communes/17611/weekly?period={WEEK_NOW.key}")
    assert chosen.headers["Location"].endswith(f"/weekly/{WEEK_NOW.key}")


def test_csv_export_opens_in_excel_with_vietnamese_names(client, catalogue):
    van_tu_with(catalogue, 7)
    sign_in(client, officer())
    response = client.get(f"/statistics/communes/17611/weekly/{WEEK_NOW.key}/report.csv")
    assert response.headers["Content-Disposition"].endswith('.csv"')
    assert response.data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][3] == "People registered"
    assert rows[1][1] == "Xã Vân Tụ" and rows[1][3] == "8"  # 7 learners and the officer


def test_exports_give_exact_counts_and_withhold_small_groups_even_for_the_officer(client,
                                                                                 catalogue):
    van_tu_with(catalogue, 3, gender="female")
    sign_in(client, officer())
    html = client.get("/statistics/communes/17611").get_data(as_text=True)
    assert "Female</th><td>3</td>" in html, "the officer sees their commune's groups on screen"
    data = client.get(f"/statistics/communes/17611/monthly/{today():%Y-%m}/report.xlsx").data
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert sheet["B2"].value == "Xã Vân Tụ"
    assert sheet["D2"].value == 4  # three learners and the officer
    groups = [row for row in book["Groups"].iter_rows(values_only=True)]
    assert ("Gender", None, "withheld: groups too small") in groups
    assert not any(row[0] == "Female" for row in groups)
    api = client.get(f"/api/v1/communes/17611/weekly/{WEEK_NOW.key}").json
    assert api["total"]["period"]["registered"] == 4
    assert api["breakdowns"]["gender"]["withheld"] is True
    assert api["breakdowns"]["gender"]["groups"] == []
    assert "registered" not in api["teams"][0]["period"] if api["teams"] else True
    assert api["period"]["key"] == WEEK_NOW.key and api["period"]["complete"] is False


def test_api_with_a_token(client, app, catalogue):
    van_tu_with(catalogue, 6, gender="female")
    staff = province_staff()
    secret = create_token(staff, "Sở KH&CN")
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/provinces/40/coverage").status_code == 401
    coverage = client.get("/api/v1/provinces/40/coverage", headers=headers)
    assert coverage.status_code == 200
    commune = coverage.json["communes"][0]
    assert commune["name"] == "Xã Vân Tụ" and commune["totals"]["registered"] == 6
    report = client.get(f"/api/v1/provinces/40/weekly/{WEEK_NOW.key}", headers=headers).json
    assert report["total"]["period"]["registered"] == 6
    assert report["breakdowns"]["gender"]["withheld"] is True  # everyone a woman: not told
    assert client.get("/api/v1/provinces/01/coverage", headers=headers).status_code == 404
    revoke_token(tokens_of(staff)[0].id)
    db.session.commit()
    assert client.get("/api/v1/provinces/40/coverage", headers=headers).status_code == 401


def test_definitions_page_explains_every_figure(client):
    make_commune()
    sign_in(client, officer())
    html = client.get("/statistics/definitions").get_data(as_text=True)
    for phrase in ("Core pathway", "Coverage", "ISO weeks", "UTC+7", "Communes that lag"):
        assert phrase in html


def test_an_inactive_commune_lags(client, catalogue):
    commune = make_commune()
    learner = make_user(commune=commune)
    learner.created_at = utcnow() - timedelta(days=30)
    course = catalogue.course("vneid")
    answer(learner, course, course.lessons[0], utcnow() - timedelta(days=20))
    db.session.commit()
    sign_in(client, officer())
    html = client.get("/statistics/communes/17611").get_data(as_text=True)
    assert "This commune lags." in html and "No quiz answered by its residents" in html


def test_xlsx_coverage_is_a_percentage_excel_can_compute_with(client, catalogue):
    van_tu_with(catalogue, 6)
    sign_in(client, province_staff())
    data = client.get(f"/statistics/provinces/40/weekly/{WEEK_NOW.key}/report.xlsx").data
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    coverage = sheet.cell(row=3, column=headers.index("Coverage") + 1)
    assert sheet.cell(row=3, column=2).value == "Xã Vân Tụ"
    assert coverage.number_format == "0.0%" and isinstance(coverage.value, int | float)
