"""Issue 10, findings 6 and 10: security headers on every answer (a strict CSP that the pages
keep: no inline script, style or event handler), and exports whose cells cannot become
formulas."""

import csv
import io
import re

from openpyxl import load_workbook

from learning.accounts.models import Role
from learning.counting.definitions import WEEK, Period, today
from learning.extensions import db
from learning.reporting.exports import spreadsheet_cell
from learning.web.security import CONTENT_SECURITY_POLICY
from tests.factories import add_tutor, make_team, make_user, sign_in


def test_every_answer_has_the_security_headers_and_hsts_only_over_https(client):
    sign_in(client, make_user())
    for path in ("/", "/dashboard", "/api/v1/progress/sync", "/no-such-page",
                 "/static/site.css", "/static/js/sw.js"):
        response = client.get(path)
        response.close()
        headers = response.headers
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, path
        assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
        assert "script-src 'self';" in CONTENT_SECURITY_POLICY
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "camera=()" in headers["Permissions-Policy"]
        assert "Strict-Transport-Security" not in headers, "not over plain http"
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_pages_hold_no_inline_script_style_or_event_handler(client, catalogue):
    team = make_team()
    tutor = add_tutor(team)
    sign_in(client, tutor)
    course = catalogue.courses[0]
    lesson = f"/courses/{course.id}/{course.lessons[0].id}"
    for path in ("/", "/dashboard", f"/courses/{course.id}", lesson, f"/teams/{team.id}",
                 "/my-data", "/settings", "/offline"):
        html = client.get(path).text
        assert " style=" not in html and "<style" not in html, path
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert not re.search(r"\son[a-z]+=", html), path
        assert "javascript:" not in html, path


def test_exports_neutralise_formula_cells(client, catalogue):
    officer = make_user(Role.COMMUNE_OFFICER, full_name="Officer")
    make_team(area_name='=HYPERLINK("http://evil.example","Click")')
    make_team(area_name="+1 Thôn")
    db.session.commit()
    sign_in(client, officer)
    week = Period.containing(WEEK, today()).key
    rows = list(csv.reader(io.StringIO(client.get(
        f"/statistics/communes/17611/weekly/{week}/report.csv").data.decode("utf-8-sig"))))
    names = {row[1] for row in rows[1:]}
    assert "'=HYPERLINK(\"http://evil.example\",\"Click\")" in names
    assert "'+1 Thôn" in names
    book = load_workbook(io.BytesIO(client.get(
        f"/statistics/communes/17611/weekly/{week}/report.xlsx").data))
    cells = [cell for row in book.worksheets[0].iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells), "no formula in the workbook"
    assert "'=HYPERLINK(\"http://evil.example\",\"Click\")" in {cell.value for cell in cells}
    assert any(isinstance(cell.value, int) for cell in cells), "numbers stay numbers"


def test_which_cells_are_neutralised():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_cell(text) == "'" + text
    assert spreadsheet_cell("Thôn 3") == "Thôn 3"
    assert spreadsheet_cell(-5) == -5 and spreadsheet_cell(0.25) == 0.25
    assert spreadsheet_cell(None) is None
