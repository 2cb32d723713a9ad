"""CSRF switched on for the tests that post forms as a browser does (tests/accounts/csrf.py)."""

import pytest


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False
