"""Slowing down whoever tries phone numbers one after the other on the forms that add a person
to a team (a tutor's "add someone who has an account", the officer's "add a tutor"): at most
LOOKUPS_PER_MINUTE per user, counted in the database so that every worker sees the same count.

The view records the look-up and commits before asking (``record_lookup`` then
``too_many_lookups``): refused look-ups count too, and requests sent at the same moment see each
other's."""

from datetime import timedelta

from sqlalchemy import delete, func, select

from learning.accounts.models import User, utcnow
from learning.extensions import db
from learning.teams.models import PhoneLookup

LOOKUPS_PER_MINUTE = 10
WINDOW = timedelta(minutes=1)


def record_lookup(user: User) -> None:
    """One more look-up by the user (and the ones older than the window forgotten)."""
    now = utcnow()
    db.session.execute(delete(PhoneLookup).where(PhoneLookup.user_id == user.id,
                                                 PhoneLookup.at < now - WINDOW))
    db.session.add(PhoneLookup(user_id=user.id, at=now))
    db.session.flush()


def too_many_lookups(user: User) -> bool:
    recent = db.session.scalar(select(func.count()).where(
        PhoneLookup.user_id == user.id, PhoneLookup.at >= utcnow() - WINDOW)) or 0
    return recent > LOOKUPS_PER_MINUTE
