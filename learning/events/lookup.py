"""Finding the event (or attendee) an event page is about, through the authorization layer: 403
for a role that has no use of such pages, 404 for a record that does not exist or is out of
scope."""

from flask_login import current_user

from learning.access import policy
from learning.accounts.models import User
from learning.events.models import TeamEvent
from learning.extensions import db


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
