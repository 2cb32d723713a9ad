"""Where each person lands after signing in: staff on their work (a tutor on their team's list,
a commune officer on the commune, province staff on the province dashboard, an administrator on
administration), learners on their learning. "My learning" stays one tap away in the menu."""

from flask import url_for

from learning.access import policy
from learning.accounts.models import Role, User


def landing_page(user: User) -> str:
    scope = policy.scope_of(user)
    if policy.works_in_team(scope):
        return url_for("roster.roster", team_id=scope.team_id)
    if policy.has_role(user, Role.COMMUNE_OFFICER) and user.commune_code:
        return url_for("geography.commune", code=user.commune_code)
    if policy.has_role(user, Role.PROVINCE_STAFF) and user.province_code:
        return url_for("reporting.province", code=user.province_code)
    if policy.is_admin(user):
        return url_for("admin.index")
    return url_for("progress.dashboard")
