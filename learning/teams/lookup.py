"""Finding the record a team page is about, through the authorization layer: 403 for a role that
has no use of such pages, 404 for a record that does not exist or is out of scope."""

from flask_login import current_user

from learning.access import policy
from learning.accounts.models import User
from learning.extensions import db
from learning.teams.models import DigitalTeam, TeamEvent, TeamMember


def team_or_404(team_id: int) -> DigitalTeam:
    policy.require(policy.sees_teams(current_user))
    team = db.session.get(DigitalTeam, team_id)
    return policy.visible_or_404(team, team is not None and policy.can_see_team(current_user,
                                                                                team))


def learner_or_404(learner_id: int) -> User:
    """A learner whose details the current user may see (never oneself through these pages)."""
    policy.require(policy.sees_learners(current_user))
    learner = db.session.scalar(policy.learners_in_scope(current_user)
                                .where(User.id == learner_id))
    return policy.visible_or_404(learner, learner is not None and learner.id != current_user.id)


def event_or_404(event_id: int) -> TeamEvent:
    policy.require(policy.sees_teams(current_user))
    event = db.session.get(TeamEvent, event_id)
    return policy.visible_or_404(event, event is not None and policy.can_see_event(current_user,
                                                                                   event))


def attendee_or_404(event: TeamEvent, learner_id: int) -> User:
    """A person who attended the event, if the current user may see them."""
    learner = db.session.scalar(policy.attendees_in_scope(current_user, event)
                                .where(User.id == learner_id))
    return policy.visible_or_404(learner, learner is not None)


def member_or_404(team: DigitalTeam, member_id: int) -> TeamMember:
    member = db.session.get(TeamMember, member_id)
    return policy.visible_or_404(member, member is not None and member.team_id == team.id)
