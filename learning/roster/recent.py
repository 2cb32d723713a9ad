"""The people a tutor helped lately on this phone (kept in the session), to switch between them
in one or two taps without signing anybody in or out."""

from flask import session
from flask_login import current_user

from learning.access import policy
from learning.accounts.models import User
from learning.extensions import db

RECENT = "tutoring_recent"
RECENT_SIZE = 6


def remember(learner: User) -> None:
    recent = [learner.id] + [i for i in session.get(RECENT, []) if i != learner.id]
    session[RECENT] = recent[:RECENT_SIZE]


def recent_learners(exclude: int | None = None) -> list[User]:
    """The people helped lately that the tutor may still tutor, latest first."""
    ids = [i for i in session.get(RECENT, []) if i != exclude]
    if not ids:
        return []
    found = {u.id: u for u in db.session.scalars(
        policy.learners_in_scope(current_user).where(User.id.in_(ids)))}
    return [found[i] for i in ids if i in found and policy.can_tutor(current_user, found[i])]
