"""What the routes of issue 11 answer: account recovery (reset codes, recovery codes), certificates
and their public verification, help and the communes' help contacts.

The world's learners were signed up in person and have no password yet: they get a claim code,
not a reset code (403 in scope). A certificate id the world does not have answers 404 to those who
may open such a page; tests/certificates and tests/recovery walk the real ones."""

from tests.access.matrix import (
    COMMUNE_STAFF,
    PEOPLE_ROLES,
    Route,
    commune_scope,
    everyone,
    only,
    scoped,
    signed_in,
    team_scope,
)

OFFICERS = frozenset({"commune_officer", "admin"})
CONFIRMED = {"confirm": "y"}
UNKNOWN = "NoSuchCertificate123"

ROUTES = [
    # Account recovery
    Route("recovery.reset", "GET", "/reset", everyone(200)),
    Route("recovery.reset", "POST", "/reset", everyone(200, anonymous=422)),
    Route("recovery.reset_code", "GET", "/learners/{learner}/reset-code",
          scoped(403, PEOPLE_ROLES, team_scope)),
    Route("recovery.reset_code", "POST", "/learners/{learner}/reset-code",
          scoped(403, PEOPLE_ROLES, team_scope), CONFIRMED),
    Route("recovery.new_code", "GET", "/settings/recovery-code", signed_in(200)),
    Route("recovery.new_code", "POST", "/settings/recovery-code", signed_in(422)),
    # Certificates
    Route("certificates.mine", "GET", "/certificates", signed_in(200)),
    Route("certificates.for_course", "GET", "/certificates/for/{course}", signed_in(404)),
    Route("certificates.show", "GET", f"/certificates/{UNKNOWN}", signed_in(404)),
    Route("certificates.pdf", "GET", f"/certificates/{UNKNOWN}.pdf", signed_in(404)),
    Route("certificates.verify", "GET", f"/verify/{UNKNOWN}", everyone(404)),
    Route("certificates.revoke", "GET", f"/verify/{UNKNOWN}/revoke", only({"admin"}, 404)),
    Route("certificates.revoke", "POST", f"/verify/{UNKNOWN}/revoke", only({"admin"}, 404),
          {"reason": "x", "confirm": "y"}),
    # Help
    Route("help.help_page", "GET", "/help", everyone(200)),
    Route("help.contacts", "GET", "/communes/{commune}/help-contacts",
          scoped(200, COMMUNE_STAFF, commune_scope, OFFICERS)),
    Route("help.contacts", "POST", "/communes/{commune}/help-contacts",
          scoped(302, COMMUNE_STAFF, commune_scope, OFFICERS), {"contacts": "Thôn 3: 0912"}),
]
