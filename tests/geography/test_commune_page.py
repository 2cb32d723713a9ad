"""A commune's page: its teams with how many tutors and learners each has, and the list of
communes a page at a time."""

from sqlalchemy import select

from learning.accounts.models import Role
from learning.extensions import db
from learning.geography.models import Commune
from learning.teams.models import TeamInvitation
from tests.factories import (
    add_tutor,
    make_commune,
    make_team,
    make_user,
    sign_in,
    sign_up_in_person,
)


def province_staff():
    staff = make_user(Role.PROVINCE_STAFF, full_name="Province staff")
    staff.province_code = "40"
    return staff


def test_province_staff_are_not_told_how_many_learners_each_team_follows(app, client):
    team = make_team(area_name="Thôn Đông")
    tutor = add_tutor(team)
    sign_up_in_person(team, tutor, "Lò Thị Mai")
    sign_up_in_person(team, tutor, "Vi Văn Ban")
    sign_in(client, province_staff())
    page = client.get("/communes/17611").text
    assert "Thôn Đông" in page
    assert "1 tutor" in page, "tutors are the team's own people: counted exactly"
    assert "2 learners" not in page and "learners each team follows is not shown" in page
    client.post("/signout")
    sign_in(client, make_user(Role.COMMUNE_OFFICER, team.commune))
    page = client.get("/communes/17611").text
    assert "1 tutor" in page and "2 learners" in page, "the commune's own officer sees them"


def test_tutors_and_deleted_accounts_are_not_counted_as_learners(app, client):
    from learning.privacy.services import delete_account

    team = make_team(area_name="Thôn Đông")
    tutor = add_tutor(team)
    mai, _ = sign_up_in_person(team, tutor, "Lò Thị Mai")
    gone, _ = sign_up_in_person(team, tutor, "Vi Văn Ban")
    delete_account(tutor, gone)
    lan = make_user(commune=team.commune, full_name="Lê Thị Lan", phone="0912345678")
    lan.team_id = team.id  # on the list, then made a tutor of the team
    officer = make_user(Role.COMMUNE_OFFICER, team.commune)
    sign_in(client, officer)
    assert client.post(f"/teams/{team.id}/members",
                       data={"phone": "0912345678"}).status_code == 302
    client.post("/signout")
    sign_in(client, lan)
    invitation = db.session.scalars(select(TeamInvitation)).one()
    assert client.post(f"/invitations/{invitation.id}/accept").status_code == 302
    client.post("/signout")
    sign_in(client, officer)
    db.session.expire_all()
    assert lan.team_id is None and lan.role == Role.TUTOR
    assert "2 tutors" in client.get("/communes/17611").text
    assert "1 learner" in client.get("/communes/17611").text
    assert "1 learner on the list" in client.get(f"/teams/{team.id}").text
    assert mai.team_id == team.id


def test_the_list_of_communes_a_page_at_a_time(app, client):
    make_commune("17611")
    for n in range(55):
        db.session.add(Commune(code=f"9{n:04d}", province_code="40", name=f"Xã {n:02d}",
                               full_name=f"Xã Số {n:02d}", kind="xa"))
    sign_in(client, make_user(Role.ADMIN))
    first = client.get("/communes").text
    assert "56 communes" in first and "Page 1 of 2" in first and "Xã Số 48" in first
    assert "Xã Số 54" not in first
    past_the_end = client.get("/communes?page=9").text
    assert "Page 2 of 2" in past_the_end and "Xã Số 54" in past_the_end
    assert "Xã Số 00" not in past_the_end
