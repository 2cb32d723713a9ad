"""Signing up and in with a Vietnamese mobile number; errors in the learner's language."""

import pytest
from sqlalchemy import select

from learning.accounts.models import Consent, User
from learning.accounts.phone import normalize_phone
from learning.extensions import db
from tests.factories import make_commune, make_user, sign_in


@pytest.mark.parametrize("typed", ["0912345678", "0912 345 678", "091.234.5678",
                                   "+84 912 345 678", "+84912345678", "84 912 345 678"])
def test_every_usual_way_of_writing_a_mobile_number_gives_one_form(typed):
    assert normalize_phone(typed) == "+84912345678"


@pytest.mark.parametrize("typed", ["", "12345", "0241 234 5678", "+33 6 12 34 56 78", "abc"])
def test_other_numbers_are_refused(typed):
    assert normalize_phone(typed) is None


def signup_data(**overrides):
    data = {"phone": "0912 345 678", "full_name": "  Lò  Văn   Sáng ", "birth_year": "1949",
            "commune": "17611", "password": "matkhau1", "consent": "y"}
    data.update(overrides)
    return data


def test_sign_up_stores_one_normal_form_and_the_consent(client):
    make_commune()
    db.session.commit()
    response = client.post("/signup", data=signup_data())
    assert response.status_code == 302
    user = db.session.scalars(select(User)).one()
    assert (user.phone, user.full_name, user.commune_code) == ("+84912345678", "Lò Văn Sáng",
                                                                "17611")
    assert user.password_hash and "matkhau1" not in user.password_hash
    consent = db.session.scalars(select(Consent)).one()
    assert consent.user_id == consent.recorded_by_id == user.id


def test_a_number_already_registered_is_refused_and_the_form_kept(client):
    make_user(phone="0912345678")
    db.session.commit()
    client.get("/language/en")
    response = client.post("/signup", data=signup_data(phone="+84 912 345 678"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "already has an account" in html
    assert 'value="  Lò  Văn   Sáng "' in html  # as typed
    assert 'value="1949"' in html
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 1


def test_missing_fields_are_marked_next_to_each_field(client):
    client.get("/language/en")
    response = client.post("/signup", data={"phone": "12", "full_name": "An"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a Vietnamese mobile number" in html
    assert "Enter your year of birth" in html
    assert "Choose a password" in html
    assert 'aria-invalid="true"' in html
    assert 'value="An"' in html


def test_commune_search_works_without_javascript_and_keeps_the_form(client):
    make_commune()
    make_commune("16681", "Thành Vinh")
    db.session.commit()
    response = client.post("/signup", data={"commune_query": "THANH vinh", "find_commune": "1",
                                            "full_name": "Bà Hoa"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="16681"' in html and "Xã Thành Vinh" in html
    assert 'value="17611"' not in html
    assert 'value="Bà Hoa"' in html


def test_commune_search_without_match_says_so(client):
    make_commune()
    db.session.commit()
    client.get("/language/fr")
    html = client.post("/signup", data={"commune_query": "zzz", "find_commune": "1"}).get_data(
        as_text=True)
    assert "Aucune commune" in html


def test_wrong_password_is_refused_with_a_clear_message(client):
    user = make_user()
    db.session.commit()
    client.get("/language/en")
    response = client.post("/signin", data={"phone": user.phone, "password": "nope"})
    assert response.status_code == 422
    assert "The phone number or the password is not right." in response.get_data(as_text=True)
    assert sign_in(client, user).status_code == 302


def test_forms_refuse_a_missing_csrf_token(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/signin", data={"phone": "0912345678", "password": "x"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400


def test_signing_out_needs_a_post(client):
    user = make_user()
    sign_in(client, user)
    assert client.get("/signout").status_code == 405
    assert client.get("/dashboard").status_code == 200
