"""Fixtures shared by several test folders: a folder's conftest.py imports the ones it uses
(an autouse fixture imported into a conftest.py applies to that folder only)."""

import pytest
from flask import g, request_started


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English for these tests (people without a language setting get Accept-Language).
    """
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def each_request_finds_its_own_user(app):
    """The test's app context outlives each request: forget the user one client signed in, so
    that several clients (several phones) can take turns."""
    def forget(sender, **extra):
        g.pop("_login_user", None)

    request_started.connect(forget, app)
    yield
    request_started.disconnect(forget, app)
