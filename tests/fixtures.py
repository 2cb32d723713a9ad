"""Fixtures shared by several test folders: a folder's conftest.py imports the ones it uses
(an autouse fixture imported into a conftest.py applies to that folder only)."""

import pytest


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English for these tests (people without a language setting get Accept-Language).
    """
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
