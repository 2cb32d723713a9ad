import pytest


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English for these tests (people without a language setting get Accept-Language).
    """
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
