"""Posting a form as a browser does: the page first, then the form with its CSRF token.
Several browsers in one test: the test's app context outlives their requests, so the user
Flask-Login and the CSRF token Flask-WTF keep in ``g`` are forgotten before each request."""

import re

from flask import g

from learning.accounts.phone import display_phone
from learning.extensions import db
from tests.factories import PASSWORD


def forget_request_globals() -> None:
    g.pop("_login_user", None)
    g.pop("csrf_token", None)  # Flask-WTF's token of the last browser


def get(client, path: str):
    forget_request_globals()
    return client.get(path)


def post_form(client, page: str, action: str, data: dict, **kwargs):
    html = get(client, page).get_data(as_text=True)
    g.pop("_login_user", None)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert token, f"no CSRF token on {page}"
    return client.post(action, data={**data, "csrf_token": token.group(1)}, **kwargs)


def sign_in_as_browser(client, user, password: str = PASSWORD, remember: bool = False):
    db.session.commit()
    data = {"phone": display_phone(user.phone), "password": password}
    if remember:
        data["remember"] = "y"
    return post_form(client, "/signin", "/signin", data)
