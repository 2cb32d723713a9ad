"""A commune officer creates teams for the villages of the commune and adds their tutors."""

from sqlalchemy import func, select

from learning.accounts.models import Role, User
from learning.audit.models import AuditEntry
from learning.extensions import db
from learning.teams.models import DigitalTeam, TeamMember
from tests.factories import add_tutor, make_commune, make_team, make_user, sign_in


def officer_signed_in(client):
    officer = make_user(Role.COMMUNE_OFFICER, make_commune(), full_name="Phạm Quốc Huy")
    sign_in(client, officer)
    return officer


def test_officer_creates_a_team_and_adds_tutors(app, client):
    officer = officer_signed_in(client)
    assert "New team" in client.get("/communes/17611").text
    response = client.post("/communes/17611/teams/new",
                           data={"area_kind": "thon", "area_name": "  Thôn   3 "})
    assert response.status_code == 302
    team = db.session.scalars(select(DigitalTeam)).one()
    assert (team.commune_code, team.area_kind, team.area_name) == ("17611", "thon", "Thôn 3")
    minh = make_user(full_name="Trần Văn Minh", phone="0912000002")
    lan = make_user(full_name="Lê Thị Lan", phone="0912000003")
    db.session.commit()
    assert client.post(f"/teams/{team.id}/members",
                       data={"phone": "0912 000 002"}).status_code == 302
    invited = client.post(f"/teams/{team.id}/members", data={"phone": "0912000003"},
                          follow_redirects=True)
    assert "Lê Thị Lan is invited to tutor in this team" in invited.text
    db.session.expire_all()
    assert (minh.role, lan.role) == (Role.LEARNER, Role.LEARNER), "tutors once they accept"
    page = client.get(f"/teams/{team.id}")
    assert "Invited, not answered yet" in page.text
    assert "Trần Văn Minh" in page.text and "Lê Thị Lan" in page.text
    actions = set(db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.actor_id == officer.id)))
    assert actions == {"team.create", "member.invite"}


def test_the_same_village_cannot_have_two_teams(app, client):
    officer_signed_in(client)
    make_team(area_name="Thôn Đông")
    db.session.commit()
    response = client.post("/communes/17611/teams/new",
                           data={"area_kind": "thon", "area_name": "thon dong"})
    assert response.status_code == 422
    assert "A team already serves “Thôn Đông” in this commune." in response.text
    assert 'value="thon dong"' in response.text
    assert db.session.scalar(select(func.count()).select_from(DigitalTeam)) == 1


def test_a_tutor_without_an_account_gets_one_with_a_claim_code(app, client):
    officer_signed_in(client)
    team = make_team()
    db.session.commit()
    missing_name = client.post(f"/teams/{team.id}/members", data={"phone": "0987654321"})
    assert missing_name.status_code == 422
    assert "has no account yet" in missing_name.text
    created = client.post(f"/teams/{team.id}/members",
                          data={"phone": "0987654321", "full_name": "Hà Văn Tư"})
    assert created.status_code == 200 and "Code for Hà Văn Tư" in created.text
    tutor = db.session.scalars(select(User).where(User.full_name == "Hà Văn Tư")).one()
    assert tutor.phone == "+84987654321" and tutor.password_hash is None
    assert tutor.role == Role.TUTOR, "the officer chooses the lead"
    member = db.session.scalars(select(TeamMember).where(TeamMember.user_id == tutor.id)).one()
    assert "has not chosen a password yet" in client.get(f"/teams/{team.id}").text
    again = client.post(f"/teams/{team.id}/members/{member.id}/claim-code")
    assert again.status_code == 200 and "Code for Hà Văn Tư" in again.text


def test_a_tutor_belongs_to_one_team_and_staff_cannot_join(app, client):
    officer = officer_signed_in(client)
    first, second = make_team(area_name="Thôn 1"), make_team(area_name="Thôn 2")
    tutor = add_tutor(first)
    db.session.commit()
    from learning.accounts.phone import display_phone

    again = client.post(f"/teams/{second.id}/members", data={"phone": display_phone(tutor.phone)})
    assert again.status_code == 422 and "already a tutor of another team" in again.text
    staff = client.post(f"/teams/{second.id}/members",
                        data={"phone": display_phone(officer.phone)})
    assert staff.status_code == 422 and "staff account" in staff.text
    bad = client.post(f"/teams/{second.id}/members", data={"phone": "12345"})
    assert bad.status_code == 422 and "Enter a Vietnamese mobile number" in bad.text


def test_one_lead_per_team_and_removing_a_tutor_makes_them_a_learner(app, client):
    officer_signed_in(client)
    team = make_team()
    lead = add_tutor(team, "Lead", lead=True)
    tutor = add_tutor(team, "Tutor")
    db.session.commit()
    member = db.session.scalars(select(TeamMember).where(TeamMember.user_id == tutor.id)).one()
    assert client.post(f"/teams/{team.id}/members/{member.id}/lead").status_code == 302
    db.session.expire_all()
    assert (lead.role, tutor.role) == (Role.TUTOR, Role.TEAM_LEAD)
    leads = db.session.scalar(select(func.count()).where(TeamMember.is_lead.is_(True)))
    assert leads == 1
    assert client.post(f"/teams/{team.id}/members/{member.id}/remove",
                       data={"confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert tutor.role == Role.LEARNER
    assert "This team has no lead" in client.get(f"/teams/{team.id}").text


def test_only_an_empty_team_can_be_deleted(app, client):
    officer_signed_in(client)
    used, empty = make_team(area_name="Thôn 1"), make_team(area_name="Thôn 2")
    add_tutor(used)
    db.session.commit()
    refused = client.post(f"/teams/{used.id}/delete", data={"confirm": "y"},
                          follow_redirects=True)
    assert "cannot be deleted" in refused.text
    assert client.post(f"/teams/{empty.id}/delete", data={"confirm": "y"}).status_code == 302
    assert [t.area_name for t in db.session.scalars(select(DigitalTeam))] == ["Thôn 1"]


def test_an_officer_of_another_commune_gets_404(app, client):
    team = make_team()
    other = make_user(Role.COMMUNE_OFFICER, make_commune("16681", "Thành Vinh"))
    sign_in(client, other)
    assert client.get(f"/teams/{team.id}").status_code == 404
    assert client.post(f"/teams/{team.id}/members", data={"phone": "0912000009"}).status_code \
        == 404
    assert client.get("/communes/17611/teams/new").status_code == 404


def test_team_and_tutor_links_in_the_menu(app, client):
    team = make_team()
    tutor = add_tutor(team)
    sign_in(client, tutor)
    home = client.get("/dashboard")
    assert 'href="/team"' in home.text and "My team" in home.text
    assert client.get("/team").headers["Location"].endswith(f"/teams/{team.id}")
    assert "Administration" not in home.text


def test_a_commune_level_team_is_created_and_named_in_each_language(app, client):
    officer_signed_in(client)
    form = client.get("/communes/17611/teams/new").text
    assert 'value="commune"' in form and "Commune (commune-level team)" in form
    response = client.post("/communes/17611/teams/new",
                           data={"area_kind": "commune", "area_name": "Xã Vân Tụ"})
    assert response.status_code == 302
    team = db.session.scalars(select(DigitalTeam)).one()
    assert team.area_kind == "commune"
    labels = {}
    for locale in ("vi", "fr", "en"):
        client.get(f"/language/{locale}")
        labels[locale] = client.get(f"/teams/{team.id}").text
    assert "Commune (commune-level team)" in labels["en"]
    assert "Commune (équipe communale)" in labels["fr"]
    assert "Xã (tổ cấp xã)" in labels["vi"]


def test_a_commune_has_one_commune_level_team_at_most(app, client):
    officer_signed_in(client)
    make_team(area_name="Xã Vân Tụ", area_kind="commune")
    village = make_team(area_name="Thôn 2")
    db.session.commit()
    second = client.post("/communes/17611/teams/new",
                         data={"area_kind": "commune", "area_name": "Tổ xã"})
    assert second.status_code == 422
    assert "This commune already has a commune-level team: “Xã Vân Tụ”." in second.text
    changed = client.post(f"/teams/{village.id}/edit",
                          data={"area_kind": "commune", "area_name": "Thôn 2"})
    assert changed.status_code == 422
    db.session.expire_all()
    assert village.area_kind == "thon"
    assert db.session.scalar(select(func.count()).select_from(DigitalTeam)) == 2
