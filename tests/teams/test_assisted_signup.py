"""A tutor signs up a person who has no phone or email; the person later claims the account."""

import re

from sqlalchemy import func, select

from learning.accounts.models import Consent, User
from learning.claims.models import AccountClaim
from learning.extensions import db
from tests.factories import add_tutor, make_team, make_user, sign_in, sign_up_in_person

CODE = re.compile(r'<p class="code">([A-Z0-9-]+)</p>')


def tutor_signed_in(client):
    team = make_team()
    tutor = add_tutor(team, "Trần Văn Minh")
    sign_in(client, tutor)
    return team, tutor


def sign_up_form(**extra):
    return {"full_name": "Lò Thị  Mai", "birth_year": "1948", "gender": "female",
            "consent": "y", "form_id": "0b9a4f7e-8a1d-4c55-a7a5-0d3c0d6b1e11", **extra}


def test_tutor_signs_up_a_person_without_phone_with_their_consent(app, client):
    team, tutor = tutor_signed_in(client)
    page = client.get(f"/teams/{team.id}/learners/new")
    assert page.status_code == 200 and "they agree" in page.text
    response = client.post(f"/teams/{team.id}/learners/new", data=sign_up_form())
    assert response.status_code == 200
    assert "Code for Lò Thị Mai" in response.text and CODE.search(response.text)
    person = db.session.scalars(select(User).where(User.full_name == "Lò Thị Mai")).one()
    assert person.phone is None and person.password_hash is None
    assert (person.team_id, person.registered_by_id, person.commune_code) == \
        (team.id, tutor.id, team.commune_code)
    consent = db.session.scalars(select(Consent).where(Consent.user_id == person.id)).one()
    assert consent.recorded_by_id == tutor.id and consent.purpose == "learning_record"
    assert "Lò Thị Mai" in client.get(f"/teams/{team.id}/learners").text


def test_no_account_without_consent_and_what_was_typed_is_kept(app, client):
    team, _tutor = tutor_signed_in(client)
    response = client.post(f"/teams/{team.id}/learners/new",
                           data=sign_up_form(consent="", birth_year="1800"))
    assert response.status_code == 422
    assert "agreement is needed" in response.text
    assert "Enter a year of birth between" in response.text
    assert 'value="Lò Thị  Mai"' in response.text
    assert db.session.scalar(select(func.count()).where(User.full_name == "Lò Thị Mai")) == 0


def test_the_same_form_sent_twice_signs_up_one_person(app, client):
    team, _tutor = tutor_signed_in(client)
    client.post(f"/teams/{team.id}/learners/new", data=sign_up_form())
    again = client.post(f"/teams/{team.id}/learners/new", data=sign_up_form())
    assert again.status_code == 302
    assert db.session.scalar(select(func.count()).where(User.full_name == "Lò Thị Mai")) == 1


def test_same_name_and_year_asks_to_confirm_it_is_another_person(app, client):
    team, _tutor = tutor_signed_in(client)
    client.post(f"/teams/{team.id}/learners/new", data=sign_up_form())
    other_form = sign_up_form(form_id="3f0e9d7c-1a2b-4c3d-8e9f-000000000002",
                              full_name="lo thi mai")
    warned = client.post(f"/teams/{team.id}/learners/new", data=other_form)
    assert warned.status_code == 422 and "already on the list" in warned.text
    confirmed = client.post(f"/teams/{team.id}/learners/new",
                            data={**other_form, "confirm_new": "y"})
    assert confirmed.status_code == 200
    assert db.session.scalar(select(func.count()).where(User.birth_year == 1948)) == 2


def claim(client, code, phone="0977 123 456", password="matkhau1", again=None):
    return client.post("/claim", data={"code": code, "phone": phone, "password": password,
                                       "password_again": again or password})


def test_the_person_claims_their_account_with_the_code(app, client):
    team, tutor = tutor_signed_in(client)
    person, code = sign_up_in_person(team, tutor)
    db.session.commit()
    client.post("/signout")
    assert client.get("/claim").status_code == 200
    wrong = claim(client, "AAAAA-AAAAA")
    assert wrong.status_code == 422 and "This code is not right" in wrong.text
    mismatch = claim(client, code, again="other-pass")
    assert mismatch.status_code == 422 and "not the same" in mismatch.text
    response = claim(client, code.lower().replace("-", " "))
    assert response.status_code == 302
    db.session.expire_all()
    assert person.phone == "+84977123456" and person.claimed_at is not None
    assert "Lò Thị Mai" in client.get("/dashboard").text, "signed in as themself"
    client.post("/signout")
    used = claim(client, code, phone="0977 000 111")
    assert used.status_code == 422 and "already used" in used.text
    assert client.post("/signin", data={"phone": "0977123456",
                                        "password": "matkhau1"}).status_code == 302


def test_claiming_with_a_number_that_has_an_account_is_refused(app, client):
    team = make_team()
    tutor = add_tutor(team)
    person, code = sign_up_in_person(team, tutor)
    make_user(phone="0977123456")
    db.session.commit()
    response = claim(client, code)
    assert response.status_code == 422 and "already has an account" in response.text
    db.session.expire_all()
    assert person.phone is None
    assert client.post("/claim", data={}).status_code == 422


def test_a_new_code_replaces_the_old_one(app, client):
    team, tutor = tutor_signed_in(client)
    person, old = sign_up_in_person(team, tutor)
    db.session.commit()
    response = client.post(f"/learners/{person.id}/claim-code")
    new = CODE.search(response.text).group(1)
    assert new != old
    assert db.session.scalar(select(func.count()).select_from(AccountClaim)) == 1
    client.post("/signout")
    assert claim(client, old).status_code == 422
    assert claim(client, new).status_code == 302


def test_signed_in_people_are_asked_to_sign_out_before_claiming(app, client):
    _team, _tutor = tutor_signed_in(client)
    assert "sign out first" in client.get("/claim").text


def test_the_youngest_year_of_birth_follows_the_calendar(app, client, monkeypatch):
    """The bound moves on New Year's Day, not when the server restarts."""
    from datetime import date

    import learning.web.forms

    class NextYears(date):
        @classmethod
        def today(cls):
            return date(date.today().year + 10, 1, 1)

    team, _tutor = tutor_signed_in(client)
    born = str(date.today().year + 2)  # six years old in ten years' time
    refused = client.post(f"/teams/{team.id}/learners/new", data=sign_up_form(birth_year=born))
    assert refused.status_code == 422 and "Enter a year of birth between" in refused.text
    monkeypatch.setattr(learning.web.forms, "date", NextYears)
    accepted = client.post(f"/teams/{team.id}/learners/new", data=sign_up_form(birth_year=born))
    assert accepted.status_code == 200 and "Code for Lò Thị Mai" in accepted.text


def _count_named(name: str) -> int:
    return db.session.scalar(select(func.count()).where(User.full_name == name))


def test_a_name_given_first_with_then_without_a_year_of_birth_asks_to_confirm(app, client):
    team, _tutor = tutor_signed_in(client)
    client.post(f"/teams/{team.id}/learners/new", data=sign_up_form())  # with 1948
    without = sign_up_form(form_id="3f0e9d7c-1a2b-4c3d-8e9f-000000000003",
                           full_name="LÒ THỊ MAI", birth_year="")
    warned = client.post(f"/teams/{team.id}/learners/new", data=without)
    assert warned.status_code == 422 and "it may be the same person" in warned.text
    existing = db.session.scalars(select(User).where(User.full_name == "Lò Thị Mai")).one()
    assert f'href="/learners/{existing.id}"' in warned.text and "Lò Thị Mai, 1948" in warned.text
    assert _count_named("Lò Thị Mai") == 1 and _count_named("LÒ THỊ MAI") == 0
    confirmed = client.post(f"/teams/{team.id}/learners/new",
                            data={**without, "confirm_new": "y"})
    assert confirmed.status_code == 200 and _count_named("LÒ THỊ MAI") == 1


def test_a_name_given_first_without_then_with_a_year_of_birth_asks_to_confirm(app, client):
    team, _tutor = tutor_signed_in(client)
    client.post(f"/teams/{team.id}/learners/new", data=sign_up_form(birth_year=""))
    with_year = sign_up_form(form_id="3f0e9d7c-1a2b-4c3d-8e9f-000000000004",
                             full_name="lo thi mai", birth_year="1950")
    warned = client.post(f"/teams/{team.id}/learners/new", data=with_year)
    assert warned.status_code == 422 and "it may be the same person" in warned.text
    existing = db.session.scalars(select(User).where(User.full_name == "Lò Thị Mai")).one()
    assert existing.birth_year is None and f'href="/learners/{existing.id}"' in warned.text
    assert _count_named("lo thi mai") == 0


def test_the_same_name_with_two_different_years_of_birth_is_not_a_duplicate(app, client):
    team, _tutor = tutor_signed_in(client)
    client.post(f"/teams/{team.id}/learners/new", data=sign_up_form())
    other = sign_up_form(form_id="3f0e9d7c-1a2b-4c3d-8e9f-000000000005", birth_year="1961")
    response = client.post(f"/teams/{team.id}/learners/new", data=other)
    assert response.status_code == 200 and _count_named("Lò Thị Mai") == 2


def test_a_name_of_spaces_only_is_no_name(app, client):
    team, _tutor = tutor_signed_in(client)
    response = client.post(f"/teams/{team.id}/learners/new", data=sign_up_form(full_name="   "))
    assert response.status_code == 422 and "full name." in response.text
    assert db.session.scalar(select(func.count()).select_from(User)
                             .where(User.team_id == team.id)) == 0
