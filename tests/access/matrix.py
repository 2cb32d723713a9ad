"""How an area declares what every one of its routes answers, for every role and every record.

Each area has a module ``tests/access/routes_<area>.py`` with ``ROUTES = [Route(...), ...]``:
one Route per (endpoint, method) of ``app.url_map``. ``test_matrix.py`` fails when a route of the
app is in no table, then requests every route as every role (see world.ROLES) on the records of
every place (world.TARGETS: own team, another team of the same commune, another commune, another
province) and compares the status with the expectation.

An expectation is a function (role, target) -> status. Build it with the helpers below:
``everyone(200)``, ``signed_in(200)``, ``only({"admin"}, 200)``, or ``scoped(...)`` for routes
about a record, which answers, in this order: 302 to sign in for anonymous; 403 for roles with no
use of the page; 404 out of the role's scope; 403 in scope when the role may not act; else ok.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

Expect = Callable[[str, str | None], int]

SIGN_IN = 302
TEAM_ROLES = frozenset({"tutor", "team_lead"})
PEOPLE_ROLES = frozenset({"tutor", "team_lead", "commune_officer", "admin"})
COMMUNE_STAFF = frozenset({"commune_officer", "province_staff", "admin"})


def team_scope(role: str, target: str | None) -> bool:
    """Teams, their learners, events and progress records."""
    if role == "admin":
        return True
    if role == "commune_officer":
        return target in ("own", "same_commune")
    if role in TEAM_ROLES:
        return target == "own"
    return False


def province_scope(role: str, target: str | None) -> bool:
    """Provinces (own, same_commune and other_commune are in the same province)."""
    if role == "admin":
        return True
    return role == "province_staff" and target != "other_province"


def commune_scope(role: str, target: str | None) -> bool:
    """Communes (own and same_commune are the same commune)."""
    if role == "admin":
        return True
    if role == "province_staff":
        return target != "other_province"
    return target in ("own", "same_commune")


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str  # GET or POST
    path: str  # with {team}, {learner}, {event}, {commune}, {province}, {member}, {attempt},
    # {hold}, and fixed values {user}, {course}, {lesson}, {week} (2025-W38), {month} (2025-09),
    # {quarter} (2025-Q3), {year} (2025)
    expect: Expect
    data: dict = field(default_factory=dict)  # the form sent with a POST

    @property
    def has_targets(self) -> bool:
        return any(f"{{{name}}}" in self.path for name in
                   ("team", "learner", "event", "commune", "province", "member", "attempt",
                    "hold"))


def everyone(ok: int, anonymous: int | None = None, signed_in: int | None = None) -> Expect:
    def expect(role: str, target: str | None) -> int:
        if role == "anonymous":
            return ok if anonymous is None else anonymous
        return ok if signed_in is None else signed_in
    return expect


def signed_in(ok: int) -> Expect:
    return everyone(ok, anonymous=SIGN_IN)


def only(roles: set[str] | frozenset[str], ok: int, denied: int = 403,
         anonymous: int = SIGN_IN) -> Expect:
    """anonymous: what a visitor gets (the sign-in page; an API answers 401)."""
    def expect(role: str, target: str | None) -> int:
        if role == "anonymous":
            return anonymous
        return ok if role in roles else denied
    return expect


def scoped(ok: int, uses: frozenset[str] | set[str], scope: Callable[[str, str | None], bool],
           acts: frozenset[str] | set[str] | None = None, anonymous: int = SIGN_IN) -> Expect:
    """uses: the roles that have any use of the page (others 403); scope: which records each
    role may see (others 404); acts: the roles that may take this action on records in their
    scope (others 403; default: all that use it)."""
    acting = uses if acts is None else acts

    def expect(role: str, target: str | None) -> int:
        if role == "anonymous":
            return anonymous
        if role not in uses:
            return 403
        if not scope(role, target):
            return 404
        return ok if role in acting else 403
    return expect
