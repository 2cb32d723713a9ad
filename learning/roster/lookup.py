"""Finding the learner a roster or tutoring page is about, through the authorization layer: 403
for a role that has no use of such pages, 404 for a person who does not exist or is out of
scope."""

from flask_login import current_user

from learning.access import policy
from learning.accounts.models import User
from learning.extensions import db


def learner_or_404(learner_id: int) -> User:
    """A learner whose details the current user may see (never oneself through these pages)."""
    policy.require(policy.sees_learners(current_user))
    learner = db.session.scalar(policy.learners_in_scope(current_user)
                                .where(User.id == learner_id))
    return policy.visible_or_404(learner, learner is not None and learner.id != current_user.id)
