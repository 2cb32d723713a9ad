"""Finding the team or tutor a team page is about, through the authorization layer: 403 for a
role that has no use of such pages, 404 for a record that does not exist or is out of scope."""

from flask_login import current_user

from learning.access import policy
from learning.extensions import db
from learning.teams.models import DigitalTeam, TeamMember


def team_or_404(team_id: int) -> DigitalTeam:
    policy.require(policy.sees_teams(current_user))
    team = db.session.get(DigitalTeam, team_id)
    return policy.visible_or_404(team, team is not None and policy.can_see_team(current_user,
                                                                                team))


def member_or_404(team: DigitalTeam, member_id: int) -> TeamMember:
    member = db.session.get(TeamMember, member_id)
    return policy.visible_or_404(member, member is not None and member.team_id == team.id)
