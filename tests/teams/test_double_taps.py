"""A form sent twice acts once, even when both arrive at the same moment (a double tap on a slow
connection), and a form id sent for one team never finds the records of another team.

Two requests at the same moment: on PostgreSQL the second one's checks run before the first one
commits, so they find nothing, and its insert then meets the unique form id or phone number. The
tests reproduce that by making the checks blind once ("not committed yet") while the first
request's rows are in the database."""

import pytest
from sqlalchemy import func, select

from learning.accounts.models import Role, User
from learning.events import services as events
from learning.events.models import EventAttendance, TeamEvent
from learning.extensions import db
from learning.roster import services as learners
from learning.teams import services
from learning.teams.models import TeamMember
from tests.factories import add_tutor, make_event, make_team, make_user, sign_in
from tests.teams.test_events import event_form


def blind_once(monkeypatch, module, name, nothing=None):
    """The first call of ``module.name`` finds nothing, as if the other request's rows were not
    committed yet; later calls see the database."""
    real, calls = getattr(module, name), []

    def check(*args, **kwargs):
        calls.append(1)
        return nothing if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(module, name, check)


@pytest.fixture
def tutor_of_team(client):
    team = make_team()
    tutor = add_tutor(team, "Trần Văn Minh")
    sign_in(client, tutor)
    return team, tutor


SIGN_UP = {"full_name": "Lò Thị Mai", "birth_year": "1948", "consent": "y",
           "form_id": "0b9a4f7e-8a1d-4c55-a7a5-0d3c0d6b1e11"}


def test_a_sign_up_sent_twice_at_once_creates_one_person(app, client, monkeypatch,
                                                         tutor_of_team):
    team, _tutor = tutor_of_team
    first = client.post(f"/teams/{team.id}/learners/new", data=SIGN_UP)
    assert first.status_code == 200 and "Code for Lò Thị Mai" in first.text
    blind_once(monkeypatch, learners, "signed_up_with")
    blind_once(monkeypatch, learners, "same_person_on_roster", [])
    second = client.post(f"/teams/{team.id}/learners/new", data=SIGN_UP,
                         follow_redirects=True)
    assert second.status_code == 200 and "Lò Thị Mai was already signed up." in second.text
    assert db.session.scalar(select(func.count()).where(User.full_name == "Lò Thị Mai")) == 1


def test_an_event_sent_twice_at_once_is_created_once(app, client, monkeypatch, tutor_of_team):
    team, _tutor = tutor_of_team
    first = client.post(f"/teams/{team.id}/events/new", data=event_form())
    blind_once(monkeypatch, events, "event_made_with")
    second = client.post(f"/teams/{team.id}/events/new", data=event_form())
    assert second.status_code == 302 and second.headers["Location"] == first.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(TeamEvent)) == 1


def test_a_new_tutor_added_twice_at_once_gets_one_account(app, client, monkeypatch):
    team = make_team()
    sign_in(client, make_user(Role.COMMUNE_OFFICER, team.commune))
    form = {"phone": "0987654321", "full_name": "Hà Văn Tư"}
    assert client.post(f"/teams/{team.id}/members", data=form).status_code == 200
    blind_once(monkeypatch, services, "find_by_phone")
    second = client.post(f"/teams/{team.id}/members", data=form, follow_redirects=True)
    assert second.status_code == 200 and "Hà Văn Tư is now a tutor of this team." in second.text
    assert db.session.scalar(select(func.count()).where(User.phone == "+84987654321")) == 1
    assert db.session.scalar(select(func.count()).select_from(TeamMember)) == 1


def test_a_claim_sent_twice_signs_the_person_in(app, client):
    from tests.factories import sign_up_in_person

    team = make_team()
    person, code = sign_up_in_person(team, add_tutor(team))
    db.session.commit()
    form = {"code": code, "phone": "0977 123 456", "password": "matkhau1",
            "password_again": "matkhau1"}
    assert client.post("/claim", data=form).status_code == 302
    client.post("/signout")
    again = client.post("/claim", data=form)
    assert again.status_code == 302, "already done: signed in, no error"
    assert person.full_name in client.get("/dashboard").text
    client.post("/signout")
    wrong = client.post("/claim", data={**form, "password": "other-pw",
                                        "password_again": "other-pw"})
    assert wrong.status_code == 422 and "already used" in wrong.text


def test_a_form_id_of_another_team_finds_none_of_its_people(app, client):
    """The same form id sent again by another team's tutor (a copied page, a replayed request)
    signs up a new person of their own team, and marks nobody of the first team."""
    first, second = make_team(area_name="Thôn 1"), make_team(area_name="Thôn 2")
    tutor_one, tutor_two = add_tutor(first, "A"), add_tutor(second, "B")
    event = make_event(second, tutor_two)
    sign_in(client, tutor_one)
    client.post(f"/teams/{first.id}/learners/new", data=SIGN_UP)
    mai = db.session.scalars(select(User).where(User.full_name == "Lò Thị Mai")).one()
    client.post("/signout")
    sign_in(client, tutor_two)
    response = client.post(f"/events/{event.id}/attendees/new",
                           data={**SIGN_UP, "full_name": "Hà Thị Nga"})
    assert response.status_code == 200 and "Code for Hà Thị Nga" in response.text
    assert "Lò Thị Mai" not in response.text
    nga = db.session.scalars(select(User).where(User.full_name == "Hà Thị Nga")).one()
    assert nga.team_id == second.id
    attended = set(db.session.scalars(select(EventAttendance.learner_id)))
    assert attended == {nga.id} and mai.id not in attended


def test_an_event_form_id_of_another_team_creates_this_team_s_event(app, client):
    first, second = make_team(area_name="Thôn 1"), make_team(area_name="Thôn 2")
    tutor_one, tutor_two = add_tutor(first, "A"), add_tutor(second, "B")
    sign_in(client, tutor_one)
    client.post(f"/teams/{first.id}/events/new", data=event_form())
    client.post("/signout")
    sign_in(client, tutor_two)
    response = client.post(f"/teams/{second.id}/events/new",
                           data=event_form(title="Ngày hội số"))
    assert response.status_code == 302
    assert client.get(response.headers["Location"]).status_code == 200
    assert {(e.team_id, e.title) for e in db.session.scalars(select(TeamEvent))} == {
        (first.id, "Thứ Bảy chuyển đổi số"), (second.id, "Ngày hội số")}

