"""Finding the team or tutor a team page is about, through the authorization layer: 403 for a
role that has no use of such pages, 404 for a record that does not exist or is out of scope."""

from flask_login import current_user

from learning.access import policy
from learning.teams.models import DigitalTeam, TeamMember


def team_or_404(team_id: int) -> DigitalTeam:
    policy.require(policy.sees_teams(current_user))
    return policy.get_or_404(DigitalTeam, team_id,
                             lambda team: policy.can_see_team(current_user, team))


def member_or_404(team: DigitalTeam, member_id: int) -> TeamMember:
    return policy.get_or_404(TeamMember, member_id, lambda member: member.team_id == team.id)
