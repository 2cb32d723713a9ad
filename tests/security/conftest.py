"""Pages in English, and an app with CSRF protection switched on (the shared test app turns it
off): size limits and control characters must hold where the CSRF check reads the form first."""

import re

import pytest

from learning import create_app
from learning.extensions import db
from tests.fixtures import english  # noqa: F401 (autouse fixture)


@pytest.fixture(scope="session")
def csrf_app(app):
    """The same database as the test app, CSRF on."""
    protected = create_app({**{key: app.config[key] for key in (
        "SQLALCHEMY_DATABASE_URI", "ARGON2_MEMORY_KIB", "ARGON2_TIME_COST", "SERVER_NAME")},
        "TESTING": True, "WTF_CSRF_ENABLED": True})
    yield protected
    with protected.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def csrf_client(csrf_app):
    client = csrf_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def token_of(client, path: str) -> str:
    """The CSRF token of the form on the page."""
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"',
                     client.get(path).text).group(1)


def csrf_sign_in(client, user) -> None:
    from learning.accounts.phone import display_phone
    from tests.factories import PASSWORD

    db.session.commit()
    response = client.post("/signin", data={"phone": display_phone(user.phone),
                                            "password": PASSWORD,
                                            "csrf_token": token_of(client, "/signin")})
    assert response.status_code == 302, response.text
