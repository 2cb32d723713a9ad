"""Administrators give roles and scopes, see all teams, and read the audit log."""

from sqlalchemy import select

from learning.accounts.models import Role, User
from learning.audit.models import AuditEntry
from learning.extensions import db
from tests.factories import add_tutor, make_commune, make_province, make_team, make_user, sign_in


def admin_signed_in(client):
    admin = make_user(Role.ADMIN, full_name="Quản trị viên")
    sign_in(client, admin)
    return admin


def test_admin_makes_someone_commune_officer_of_a_commune(app, client):
    admin = admin_signed_in(client)
    huy = make_user(full_name="Phạm Quốc Huy", commune=make_commune("17611"))
    make_commune("16681", "Thành Vinh")
    db.session.commit()
    assert "Phạm Quốc Huy" in client.get("/admin/users?q=Quốc").text
    search = client.post(f"/admin/users/{huy.id}", data={
        "role": "commune_officer", "commune_query": "thanh vinh", "find_commune": "Search"})
    assert search.status_code == 200 and "Xã Thành Vinh" in search.text
    response = client.post(f"/admin/users/{huy.id}", data={"role": "commune_officer",
                                                          "commune": "16681"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (huy.role, huy.commune_code) == (Role.COMMUNE_OFFICER, "16681")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.role")).one()
    assert entry.actor_id == admin.id and entry.target_id == str(huy.id)
    assert entry.details["after"] == {"role": "commune_officer", "commune": "16681",
                                      "province": None}


def test_a_scope_is_required_for_officers_and_province_staff(app, client):
    admin_signed_in(client)
    person = make_user()
    make_province("01", "Hà Nội")
    db.session.commit()
    no_province = client.post(f"/admin/users/{person.id}", data={"role": "province_staff"})
    assert no_province.status_code == 422 and "Choose the province" in no_province.text
    no_commune = client.post(f"/admin/users/{person.id}", data={"role": "commune_officer"})
    assert no_commune.status_code == 422 and "Choose the commune" in no_commune.text
    ok = client.post(f"/admin/users/{person.id}", data={"role": "province_staff",
                                                        "province": "01"})
    assert ok.status_code == 302
    db.session.expire_all()
    assert (person.role, person.province_code) == (Role.PROVINCE_STAFF, "01")


def test_tutors_are_managed_on_their_team_and_the_last_admin_stays(app, client):
    admin = admin_signed_in(client)
    tutor = add_tutor(make_team())
    db.session.commit()
    assert "Tutor of the team" in client.get(f"/admin/users/{tutor.id}").text
    other_admin = db.session.scalars(select(User).where(User.role == Role.ADMIN,
                                                        User.id != admin.id)).one()
    assert client.post(f"/admin/users/{other_admin.id}",
                       data={"role": "learner"}).status_code == 302
    refused = client.post(f"/admin/users/{admin.id}", data={"role": "learner"})
    assert refused.status_code == 422 and "last administrator" in refused.text
    db.session.expire_all()
    assert db.session.get(User, admin.id).role == Role.ADMIN


def test_audit_log_lists_staff_changes_for_admins_only(app, client):
    admin_signed_in(client)
    team = make_team(area_name="Thôn Đông")
    add_tutor(team, "Trần Văn Minh")
    db.session.commit()
    log = client.get("/admin/audit")
    assert log.status_code == 200
    assert "Team created" in log.text and "Person invited to tutor in a team" in log.text
    assert "Invitation to tutor in a team accepted" in log.text
    assert "Trần Văn Minh" in log.text
    only_teams = client.get("/admin/audit?action=team.create")
    assert "Team created" in only_teams.text and "Tutor added to a team:" not in only_teams.text
    teams = client.get("/admin/teams")
    assert "Thôn Đông" in teams.text
    client.post("/signout")
    sign_in(client, make_user(Role.COMMUNE_OFFICER, make_commune()))
    assert client.get("/admin/audit").status_code == 403


def test_an_unknown_province_is_refused_next_to_the_field(app, client):
    admin_signed_in(client)
    person = make_user(full_name="Lê Thị Lan")
    db.session.commit()
    response = client.post(f"/admin/users/{person.id}", data={"role": "province_staff",
                                                              "province": "99"})
    assert response.status_code == 422 and "Choose a province from the list." in response.text
    db.session.expire_all()
    assert (person.role, person.province_code) == (Role.LEARNER, None)


def test_someone_made_staff_leaves_the_team_s_list(app, client):
    admin_signed_in(client)
    team = make_team()
    lan = make_user(full_name="Lê Thị Lan", commune=team.commune)
    lan.team_id = team.id
    db.session.commit()
    response = client.post(f"/admin/users/{lan.id}", data={"role": "commune_officer",
                                                          "commune": team.commune_code})
    assert response.status_code == 302
    db.session.expire_all()
    assert (lan.role, lan.team_id) == (Role.COMMUNE_OFFICER, None)
    client.post("/signout")
    sign_in(client, lan)
    assert "0 learners on the list" in client.get(f"/teams/{team.id}").text
