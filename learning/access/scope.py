"""Who the user is for the authorization layer, built once per request: their role and scope (the
commune, province and team they act for). Predicates in ``policy`` take a ``Scope`` and never
query the database.

A tutor's or team lead's team is read through a lookup that the teams package (which lies above
access) registers from ``create_app``: ``register_membership``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import g, has_request_context

from learning.accounts.models import User


@dataclass(frozen=True)
class Membership:
    """The team a tutor or team lead belongs to, and where it works."""

    team_id: int
    is_lead: bool
    commune_code: str
    province_code: str


@dataclass(frozen=True)
class Scope:
    authenticated: bool
    user_id: int | None = None
    role: str | None = None
    commune_code: str | None = None  # a tutor's: their team's commune
    province_code: str | None = None
    team_id: int | None = None  # tutors and team leads: their team
    is_lead: bool = False
    user_commune_code: str | None = None  # the account's own commune (officers: where they work)


ANONYMOUS = Scope(authenticated=False)
TEAM_ROLES = ("tutor", "team_lead")

_membership: list[Callable[[int], Membership | None]] = []


def register_membership(lookup: Callable[[int], Membership | None]) -> None:
    """How a tutor's team is found (given by the teams package)."""
    _membership[:] = [lookup]


def build_scope(user: Any) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    membership = None
    if user.role in TEAM_ROLES and _membership:
        membership = _membership[0](user.id)
    if membership is not None:
        return Scope(True, user.id, user.role, membership.commune_code,
                     user.province_code or membership.province_code, membership.team_id,
                     membership.is_lead, user.commune_code)
    # Only province staff act for a province (their own setting); the others by commune or team.
    return Scope(True, user.id, user.role, user.commune_code, user.province_code, None, False,
                 user.commune_code)


def scope_of(who: "User | Scope | Any") -> Scope:
    """The scope of a user, built once per request and user (or the scope itself)."""
    if isinstance(who, Scope):
        return who
    if not has_request_context() or not getattr(who, "is_authenticated", False):
        return build_scope(who)
    cache: dict[tuple[int, str, str | None, str | None], Scope] = g.setdefault("scopes", {})
    key = (who.id, who.role, who.commune_code, who.province_code)
    if key not in cache:
        cache[key] = build_scope(who)
    return cache[key]
