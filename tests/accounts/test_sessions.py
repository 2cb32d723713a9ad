"""Issue 10, finding 3: a session ends on the server at sign-out, wherever its cookies were
copied; sign out of all devices; password change; remember-me off by default. CSRF is on."""

import pytest
from sqlalchemy import select

from learning.accounts.models import User
from learning.extensions import db
from tests.accounts.csrf import get, post_form, sign_in_as_browser
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.usefixtures("csrf_on")
COOKIES = ("session", "remember_token")


def copy_of(app, client, names=COOKIES):
    """Another browser holding copies of the client's cookies."""
    thief = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def test_sign_out_ends_every_copy_of_the_session_and_remember_cookies(app, client):
    user = make_user()
    assert sign_in_as_browser(client, user, remember=True).status_code == 302
    assert client.get_cookie("remember_token") is not None
    both, remember_only = copy_of(app, client), copy_of(app, client, ["remember_token"])
    assert get(both, "/my-data").status_code == 200, "a copy works while signed in"
    assert post_form(client, "/settings", "/signout", {}).status_code == 302
    assert get(client, "/my-data").status_code == 302
    for copy in (both, remember_only, copy_of(app, client)):
        assert get(copy, "/my-data").status_code == 302, "the copied cookie still signs in"


def test_remember_me_is_off_by_default(client):
    page = get(client, "/signin").get_data(as_text=True)
    assert '<input id="remember" name="remember" type="checkbox" value="y">' in page
    assert sign_in_as_browser(client, make_user()).status_code == 302
    assert client.get_cookie("remember_token") is None


def test_sign_out_of_all_devices_from_settings(app, client):
    user = make_user()
    phone = app.test_client()
    assert sign_in_as_browser(phone, user, remember=True).status_code == 302
    assert sign_in_as_browser(client, user).status_code == 302
    response = post_form(client, "/settings", "/settings/sign-out-everywhere", {})
    assert response.status_code == 302
    assert get(client, "/my-data").status_code == 302
    assert get(phone, "/my-data").status_code == 302
    assert get(copy_of(app, phone, ["remember_token"]), "/my-data").status_code == 302


def test_a_password_change_needs_the_current_one_and_ends_the_other_sessions(app, client):
    user = make_user()
    other = app.test_client()
    sign_in_as_browser(other, user, remember=True)
    sign_in_as_browser(client, user)
    get(client, "/language/en")
    new = {"password": "Ba con mèo đen", "password_again": "Ba con mèo đen"}
    wrong = post_form(client, "/settings", "/settings/password",
                      {**new, "current_password": "not it"})
    assert wrong.status_code == 422 and "This password is not right." in wrong.text
    weak = post_form(client, "/settings", "/settings/password",
                     {"current_password": PASSWORD, "password": "123456789",
                      "password_again": "123456789"})
    assert weak.status_code == 422 and "one of the most used" in weak.text
    assert get(other, "/my-data").status_code == 200, "nothing changed yet"
    done = post_form(client, "/settings", "/settings/password",
                     {**new, "current_password": PASSWORD})
    assert done.status_code == 302
    assert get(client, "/my-data").status_code == 200, "this phone stays signed in"
    assert get(other, "/my-data").status_code == 302, "the other one is signed out"
    fresh = app.test_client()
    assert sign_in_as_browser(fresh, user).status_code == 422, "the old password is refused"
    assert sign_in_as_browser(fresh, user, "Ba con mèo đen").status_code == 302
    db.session.expire_all()
    assert db.session.scalars(select(User)).one().password_hash.startswith("$argon2id$")
