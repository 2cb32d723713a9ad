"""Pages in English for these tests (tests/fixtures.py)."""

from tests.fixtures import each_request_finds_its_own_user, english  # noqa: F401 (autouse)
