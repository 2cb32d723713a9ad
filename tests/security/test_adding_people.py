"""Issue 10, findings 1 and 2: a person is added to a team only within the adder's commune, becomes
a tutor only when they accept, and the add forms tell nothing about numbers outside the
commune; look-ups are throttled."""

import re

from sqlalchemy import func, select

from learning.accounts.models import Role, User
from learning.extensions import db
from learning.teams.models import TeamInvitation, TeamMember
from learning.teams.throttle import LOOKUPS_PER_MINUTE
from tests.factories import add_tutor, make_commune, make_team, make_user, sign_in


def errors_of(html: str) -> list[str]:
    return re.findall(r'<p class="err"[^>]*>(.*?)</p>', html)


def elsewhere():
    """A team of another province, with a tutor, a learner on its list and an officer."""
    ha_noi = make_commune("00004", "Ba Đình", "01")
    team = make_team(ha_noi, "Tổ 5")
    tutor = add_tutor(team, "Tutor in Hà Nội")
    learner = make_user(commune=ha_noi, full_name="Learner in Hà Nội", phone="0911111111",
                        birth_year=1970)
    learner.team_id = team.id
    staff = make_user(Role.COMMUNE_OFFICER, ha_noi, full_name="Officer in Hà Nội",
                      phone="0922222222")
    return team, tutor, learner, staff


def test_an_officer_adds_no_one_from_another_commune_and_learns_nothing_about_them(client):
    from learning.accounts.phone import display_phone

    team = make_team()
    far_team, far_tutor, far_learner, far_staff = elsewhere()
    sign_in(client, make_user(Role.COMMUNE_OFFICER, team.commune, full_name="Officer"))
    answers = [client.post(f"/teams/{team.id}/members",
                           data={"phone": display_phone(person.phone), "full_name": name})
               for person in (far_learner, far_tutor, far_staff)
               for name in ("", "Someone")]
    assert {answer.status_code for answer in answers} == {422}
    messages = {tuple(errors_of(answer.text)) for answer in answers}
    assert messages == {("This number cannot be added to a team of this commune. A person "
                         "registered in another commune can change their commune in “My "
                         "data”, then be added.",)}
    for answer in answers:
        for word in ("Hà Nội", "Ba Đình", "Tổ 5", "staff account", "already a tutor"):
            assert word not in answer.text
    db.session.expire_all()
    assert far_learner.team_id == far_team.id and far_learner.role == Role.LEARNER
    assert db.session.scalar(select(func.count()).select_from(TeamInvitation)) == 0
    assert db.session.scalar(select(func.count()).where(TeamMember.team_id == team.id)) == 0


def test_a_person_becomes_a_tutor_only_when_they_accept_and_nobody_leads_by_default(client):
    team = make_team(area_name="Thôn 3")
    other = make_team(area_name="Thôn 4")
    lan = make_user(commune=team.commune, full_name="Lê Thị Lan", phone="0912000003")
    lan.team_id = other.id  # followed by another team of the commune
    officer = make_user(Role.COMMUNE_OFFICER, team.commune, full_name="Officer")
    sign_in(client, officer)
    sent = client.post(f"/teams/{team.id}/members", data={"phone": "0912 000 003"},
                       follow_redirects=True)
    assert "Lê Thị Lan is invited to tutor in this team" in sent.text
    again = client.post(f"/teams/{team.id}/members", data={"phone": "0912000003"})
    assert again.status_code == 302, "the same form sent twice invites once"
    db.session.expire_all()
    assert (lan.role, lan.team_id) == (Role.LEARNER, other.id), "nothing changes before"
    assert db.session.scalar(select(func.count()).select_from(TeamInvitation)) == 1
    assert db.session.scalar(select(func.count()).select_from(TeamMember)) == 0

    client.post("/signout")
    sign_in(client, lan)
    landing = client.get("/dashboard")
    assert "You are invited to tutor in a team" in landing.text
    page = client.get("/invitations")
    assert "Team of Thôn 3" in page.text and "Accept" in page.text and "Decline" in page.text
    invitation = db.session.scalars(select(TeamInvitation)).one()
    accepted = client.post(f"/invitations/{invitation.id}/accept")
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith(
        f"/teams/{team.id}")
    db.session.expire_all()
    member = db.session.scalars(select(TeamMember)).one()
    assert (member.team_id, member.user_id, member.is_lead) == (team.id, lan.id, False)
    assert (lan.role, lan.team_id) == (Role.TUTOR, None), "leaves the list only now"
    assert db.session.scalar(select(func.count()).select_from(TeamInvitation)) == 0
    assert "This team has no lead: choose one." in client.get(f"/teams/{team.id}").text


def test_only_the_invited_person_answers_and_declining_changes_nothing_else(client):
    team = make_team()
    lan = make_user(commune=team.commune, full_name="Lê Thị Lan", phone="0912000003")
    mai = make_user(commune=team.commune, full_name="Lò Thị Mai", phone="0912000004")
    officer = make_user(Role.COMMUNE_OFFICER, team.commune, full_name="Officer")
    from learning.teams.services import add_member

    invitation, _code = add_member(officer, team, lan.phone, "")
    invitation_id = invitation.id
    for someone in (mai, officer):
        sign_in(client, someone)
        assert client.post(f"/invitations/{invitation_id}/accept").status_code == 404
        assert client.post(f"/invitations/{invitation_id}/decline").status_code == 404
        assert "Lê Thị Lan" not in client.get("/invitations").text
        client.post("/signout")
    sign_in(client, lan)
    declined = client.post(f"/invitations/{invitation_id}/decline", follow_redirects=True)
    assert "You declined the invitation." in declined.text
    assert "You have no invitation waiting for an answer." in declined.text
    db.session.expire_all()
    assert lan.role == Role.LEARNER
    assert db.session.scalar(select(func.count()).select_from(TeamInvitation)) == 0
    assert db.session.scalar(select(func.count()).select_from(TeamMember)) == 0


def test_the_tutor_s_add_form_answers_the_same_for_unknown_numbers_and_numbers_elsewhere(client):
    team = make_team()
    tutor = add_tutor(team)
    _far_team, _far_tutor, far_learner, _far_staff = elsewhere()
    sign_in(client, tutor)
    tries = {
        "no account": {"phone": "0933333333", "birth_year": "1970"},
        "elsewhere, right year": {"phone": "0911111111", "birth_year": "1970"},
        "elsewhere, wrong year": {"phone": "0911111111", "birth_year": "1971"},
    }
    answers = {name: client.post(f"/teams/{team.id}/learners/add", data=form)
               for name, form in tries.items()}
    assert {answer.status_code for answer in answers.values()} == {422}
    assert len({tuple(errors_of(answer.text)) for answer in answers.values()}) == 1, answers
    for answer in answers.values():
        assert "Ba Đình" not in answer.text and "Tổ 5" not in answer.text
    db.session.expire_all()
    assert far_learner.team_id == _far_team.id


def test_look_ups_of_numbers_are_throttled_per_user(client):
    team = make_team()
    tutor = add_tutor(team)
    sign_in(client, tutor)
    answers = [client.post(f"/teams/{team.id}/learners/add",
                           data={"phone": f"09444444{n:02d}", "birth_year": "1970"})
               for n in range(LOOKUPS_PER_MINUTE + 1)]
    assert "Too many numbers tried" not in answers[LOOKUPS_PER_MINUTE - 1].text
    assert "Too many numbers tried in a short time" in answers[-1].text
    officer = make_user(Role.COMMUNE_OFFICER, team.commune, full_name="Officer")
    client.post("/signout")
    sign_in(client, officer)
    for n in range(LOOKUPS_PER_MINUTE):
        client.post(f"/teams/{team.id}/members", data={"phone": f"09555555{n:02d}"})
    refused = client.post(f"/teams/{team.id}/members",
                          data={"phone": "0955555599", "full_name": "New Person"})
    assert refused.status_code == 422 and "Too many numbers tried" in refused.text
    assert db.session.scalar(select(func.count()).where(User.phone == "+84955555599")) == 0
