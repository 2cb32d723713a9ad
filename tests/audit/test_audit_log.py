"""The audit log as administrators read it: when (in Vietnam time), who, what, and the details in
their language, a page at a time."""

from datetime import datetime

from learning.accounts.models import Role
from learning.audit.services import record_change
from learning.extensions import db
from tests.factories import add_tutor, make_team, make_user, sign_in


def admin_signed_in(client):
    admin = make_user(Role.ADMIN, full_name="Quản trị viên")
    sign_in(client, admin)
    return admin


def test_times_are_shown_in_vietnam_time(app, client):
    admin = admin_signed_in(client)
    entry = record_change(admin, "team.create", "team", 7, commune="17611")
    entry.at = datetime(2025, 9, 24, 20, 30)  # stored in UTC: 25 September, 03:30 in Vietnam
    db.session.commit()
    page = client.get("/admin/audit").text
    assert "9/25/25" in page and "3:30" in page
    assert "20:30" not in page and "UTC" not in page


def test_details_are_in_the_reader_s_language(app, client):
    admin_signed_in(client)
    team = make_team(area_name="Thôn Đông")
    add_tutor(team, "Trần Văn Minh")
    db.session.commit()
    english = client.get("/admin/audit").text
    assert "account created: no" in english  # nobody leads by being added (issue 10)
    assert "place served: Village (thôn): Thôn Đông" in english
    assert "new_account" not in english and "True" not in english
    client.get("/language/vi")
    vietnamese = client.get("/admin/audit").text
    assert "đã tạo tài khoản: không" in vietnamese
    assert "địa bàn phụ trách: Thôn: Thôn Đông" in vietnamese


def test_the_log_a_page_at_a_time(app, client):
    admin = admin_signed_in(client)
    for n in range(55):
        record_change(admin, "commune.target", "commune", f"9{n:04d}", before=None, after=n)
    db.session.commit()
    first = client.get("/admin/audit").text
    assert "55 entries" in first and "Page 1 of 2" in first and "commune 90054" in first
    assert "commune 90004" not in first
    last = client.get("/admin/audit?page=7").text
    assert "Page 2 of 2" in last and "commune 90000" in last and "commune 90054" not in last
