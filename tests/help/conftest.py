"""English pages, and several clients (phones) taking turns in one test."""

from tests.fixtures import each_request_finds_its_own_user, english  # noqa: F401 (autouse)
