"""Pages in English for these tests (tests/fixtures.py)."""

from tests.fixtures import english  # noqa: F401 (autouse fixture)
