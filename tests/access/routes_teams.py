"""What the routes of issue 3 answer (geography, teams, tutoring, events, claim, privacy, admin).
"""

from tests.access.matrix import (
    COMMUNE_STAFF,
    PEOPLE_ROLES,
    TEAM_ROLES,
    Route,
    commune_scope,
    everyone,
    only,
    scoped,
    signed_in,
    team_scope,
)

OFFICERS = frozenset({"commune_officer", "admin"})
MEMBERS_AND_OFFICERS = PEOPLE_ROLES
LEADS_AND_OFFICERS = frozenset({"team_lead", "commune_officer", "admin"})
TARGET_EDITORS = frozenset({"province_staff", "admin"})
CONFIRMED = {"confirm": "y"}


def team_page(ok: int, acts=None):
    return scoped(ok, PEOPLE_ROLES, team_scope, acts)


def my_team(role: str, target: str | None) -> int:
    return {"anonymous": 302, "learner": 403, "province_staff": 403}.get(role, 302)


ROUTES = [
    # Geography: communes and targets
    Route("geography.communes", "GET", "/communes", only(COMMUNE_STAFF, 200)),
    Route("geography.commune", "GET", "/communes/{commune}",
          scoped(200, COMMUNE_STAFF, commune_scope)),
    Route("geography.target", "GET", "/communes/{commune}/target",
          scoped(200, COMMUNE_STAFF, commune_scope, TARGET_EDITORS)),
    Route("geography.target", "POST", "/communes/{commune}/target",
          scoped(302, COMMUNE_STAFF, commune_scope, TARGET_EDITORS), {"target_population": ""}),
    Route("geography.upload_targets", "GET", "/communes/targets", only(TARGET_EDITORS, 200)),
    Route("geography.upload_targets", "POST", "/communes/targets", only(TARGET_EDITORS, 422)),
    # Teams and tutors
    Route("teams.my_team", "GET", "/team", my_team),
    Route("teams.create", "GET", "/communes/{commune}/teams/new",
          scoped(200, PEOPLE_ROLES, commune_scope, OFFICERS)),
    Route("teams.create", "POST", "/communes/{commune}/teams/new",
          scoped(422, PEOPLE_ROLES, commune_scope, OFFICERS)),
    Route("teams.team", "GET", "/teams/{team}", team_page(200)),
    Route("teams.edit", "GET", "/teams/{team}/edit", team_page(200, OFFICERS)),
    Route("teams.edit", "POST", "/teams/{team}/edit", team_page(422, OFFICERS),
          {"area_name": ""}),
    # Destructive actions ask to confirm first (a page with a box to tick).
    Route("teams.delete", "GET", "/teams/{team}/delete", team_page(200, OFFICERS)),
    Route("teams.delete", "POST", "/teams/{team}/delete", team_page(302, OFFICERS), CONFIRMED),
    Route("teams.add_member", "POST", "/teams/{team}/members", team_page(422, OFFICERS)),
    Route("teams.make_lead", "POST", "/teams/{team}/members/{member}/lead",
          team_page(302, OFFICERS)),
    # The world's tutors chose their password: no new code for them, even from their officer.
    Route("teams.member_claim_code", "POST", "/teams/{team}/members/{member}/claim-code",
          team_page(403, OFFICERS)),
    Route("teams.remove_member", "GET", "/teams/{team}/members/{member}/remove",
          team_page(200, OFFICERS)),
    Route("teams.remove_member", "POST", "/teams/{team}/members/{member}/remove",
          team_page(302, OFFICERS), CONFIRMED),
    # Invitations to tutor: the invited person's only (the world's learner has one)
    Route("teams.invitations", "GET", "/invitations", signed_in(200)),
    Route("teams.accept_invitation", "POST", "/invitations/{invitation}/accept",
          only({"learner"}, 302, denied=404)),
    Route("teams.decline_invitation", "POST", "/invitations/{invitation}/decline",
          only({"learner"}, 302, denied=404)),
    # Learners of a team
    Route("roster.commune_learners", "GET", "/communes/{commune}/learners",
          scoped(200, PEOPLE_ROLES, commune_scope, OFFICERS)),
    Route("roster.roster", "GET", "/teams/{team}/learners", team_page(200)),
    Route("roster.new", "GET", "/teams/{team}/learners/new", team_page(200)),
    Route("roster.new", "POST", "/teams/{team}/learners/new", team_page(422)),
    Route("roster.add", "GET", "/teams/{team}/learners/add", team_page(200)),
    Route("roster.add", "POST", "/teams/{team}/learners/add", team_page(422)),
    Route("roster.learner", "GET", "/learners/{learner}", team_page(200)),
    Route("roster.edit", "GET", "/learners/{learner}/edit", team_page(200)),
    Route("roster.edit", "POST", "/learners/{learner}/edit", team_page(422)),
    Route("roster.claim_code", "POST", "/learners/{learner}/claim-code", team_page(200)),
    Route("roster.remove", "GET", "/learners/{learner}/remove",
          team_page(200, LEADS_AND_OFFICERS)),
    Route("roster.remove", "POST", "/learners/{learner}/remove",
          team_page(302, LEADS_AND_OFFICERS), CONFIRMED),
    Route("privacy.delete_learner", "GET", "/learners/{learner}/delete", team_page(200, OFFICERS)),
    Route("privacy.delete_learner", "POST", "/learners/{learner}/delete", team_page(422, OFFICERS)),
    # Tutoring in person
    Route("tutoring.lesson", "GET", "/learners/{learner}/tutor/{course}/{lesson}",
          team_page(200, TEAM_ROLES)),
    Route("tutoring.lesson", "POST", "/learners/{learner}/tutor/{course}/{lesson}",
          team_page(422, TEAM_ROLES)),
    Route("tutoring.attempt", "GET", "/learners/{learner}/attempts/{attempt}", team_page(200)),
    Route("tutoring.switch", "GET", "/teams/{team}/switch", team_page(200, TEAM_ROLES)),
    # Events
    Route("events.events", "GET", "/teams/{team}/events", team_page(200)),
    Route("events.new", "GET", "/teams/{team}/events/new", team_page(200)),
    Route("events.new", "POST", "/teams/{team}/events/new", team_page(422)),
    Route("events.event", "GET", "/events/{event}", team_page(200)),
    Route("events.edit", "GET", "/events/{event}/edit", team_page(200, LEADS_AND_OFFICERS)),
    Route("events.edit", "POST", "/events/{event}/edit", team_page(422, LEADS_AND_OFFICERS),
          {"title": ""}),
    Route("events.delete", "GET", "/events/{event}/delete", team_page(200, LEADS_AND_OFFICERS)),
    Route("events.delete", "POST", "/events/{event}/delete", team_page(302, LEADS_AND_OFFICERS),
          CONFIRMED),
    Route("events.add_attendees", "POST", "/events/{event}/attendees", team_page(422)),
    Route("roster.sign_up_attendee", "GET", "/events/{event}/attendees/new", team_page(200)),
    Route("roster.sign_up_attendee", "POST", "/events/{event}/attendees/new", team_page(422)),
    Route("events.remove_attendee", "GET", "/events/{event}/attendees/{learner}/remove",
          team_page(200)),
    Route("events.remove_attendee", "POST", "/events/{event}/attendees/{learner}/remove",
          team_page(302), CONFIRMED),
    # Claiming an account signed up in person
    Route("claims.claim", "GET", "/claim", everyone(200)),
    Route("claims.claim", "POST", "/claim", everyone(200, anonymous=422)),
    # My data
    Route("privacy.my_data", "GET", "/my-data", signed_in(200)),
    Route("privacy.download", "GET", "/my-data/download", signed_in(200)),
    Route("privacy.edit", "GET", "/my-data/edit", signed_in(200)),
    Route("privacy.edit", "POST", "/my-data/edit", signed_in(422)),
    Route("privacy.leave_team", "POST", "/my-data/leave-team", signed_in(302)),
    Route("privacy.delete", "GET", "/my-data/delete", signed_in(200)),
    Route("privacy.delete", "POST", "/my-data/delete", signed_in(422)),
    # Administration
    Route("admin.index", "GET", "/admin", only({"admin"}, 200)),
    Route("admin.users", "GET", "/admin/users", only({"admin"}, 200)),
    Route("admin.user", "GET", "/admin/users/{user}", only({"admin"}, 200)),
    Route("admin.user", "POST", "/admin/users/{user}", only({"admin"}, 422)),
    Route("admin.teams", "GET", "/admin/teams", only({"admin"}, 200)),
    Route("admin.audit", "GET", "/admin/audit", only({"admin"}, 200)),
]

__all__ = ["ROUTES", "MEMBERS_AND_OFFICERS"]
