"""Deleting an account: staff may do it only for a person who cannot sign in (an account signed
up in person, never taken over); the blank row keeps nothing that ties it to a team, a tutor or
an API token, and its anonymous counts stay."""

from sqlalchemy import func, select

from learning.accounts.models import Role, User
from learning.claims.models import AccountClaim
from learning.claims.services import claim_account
from learning.counting.models import StatisticsProfile
from learning.extensions import db
from learning.reporting.models import ApiToken
from learning.reporting.tokens import create_token
from tests.factories import add_tutor, make_team, make_user, sign_in, sign_up_in_person


def test_staff_cannot_delete_an_account_its_owner_can_sign_in_to(app, client):
    team = make_team()
    tutor = add_tutor(team)
    own = make_user(commune=team.commune, full_name="Lê Thị Lan")  # signed up on their own
    own.team_id = team.id
    claimed, code = sign_up_in_person(team, tutor, "Hà Văn Tư")
    claim_account(code, "0977123456", "matkhau1")
    unclaimed, _ = sign_up_in_person(team, tutor, "Lò Thị Mai")
    sign_in(client, make_user(Role.COMMUNE_OFFICER, team.commune))
    for person in (own, claimed):
        assert "Delete the account" not in client.get(f"/learners/{person.id}").text
        assert client.get(f"/learners/{person.id}/delete").status_code == 403
        assert client.post(f"/learners/{person.id}/delete",
                           data={"confirm": "y"}).status_code == 403
    db.session.expire_all()
    assert (own.full_name, own.deleted_at, claimed.full_name, claimed.deleted_at) == \
        ("Lê Thị Lan", None, "Hà Văn Tư", None)
    assert "Delete the account at their request" in client.get(f"/learners/{unclaimed.id}").text
    assert client.post(f"/learners/{unclaimed.id}/delete", data={}).status_code == 422
    assert client.post(f"/learners/{unclaimed.id}/delete",
                       data={"confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert unclaimed.deleted_at is not None and unclaimed.full_name == ""


def test_a_deleted_account_keeps_no_tie_to_its_team_or_tutor(app, client):
    team = make_team()
    tutor = add_tutor(team)
    mai, code = sign_up_in_person(team, tutor, "Lò Thị Mai")
    claim_account(code, "0977123456", "matkhau1")
    db.session.commit()
    sign_in(client, mai, "matkhau1")
    response = client.post("/my-data/delete", data={"password": "matkhau1", "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    gone = db.session.get(User, mai.id)
    assert (gone.team_id, gone.registered_by_id, gone.claimed_at) == (None, None, None)
    assert gone.commune_code == team.commune_code, "still counted for the commune"
    assert db.session.get(StatisticsProfile, mai.id) is not None, "anonymous counts kept"
    assert f"/learners/{mai.id}" not in client.get(f"/teams/{team.id}/learners").text


def test_staff_deletion_removes_the_pending_claim_code(app, client):
    team = make_team()
    mai, code = sign_up_in_person(team, add_tutor(team), "Lò Thị Mai")
    sign_in(client, make_user(Role.COMMUNE_OFFICER, team.commune))
    client.post(f"/learners/{mai.id}/delete", data={"confirm": "y"})
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(AccountClaim)) == 0
    assert db.session.get(User, mai.id).team_id is None
    client.post("/signout")
    refused = client.post("/claim", data={"code": code, "phone": "0977123456",
                                          "password": "matkhau1", "password_again": "matkhau1"})
    assert refused.status_code == 422 and "This code is not right" in refused.text


def test_an_officer_who_deletes_their_account_loses_their_api_tokens(app, client):
    officer = make_user(Role.COMMUNE_OFFICER)
    create_token(officer, "Provincial dashboard")
    sign_in(client, officer)
    assert client.post("/my-data/delete", data={"password": "secret123",
                                                "confirm": "y"}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 0
