"""Slowing down whoever tries phone numbers one after the other on the forms that add a person
to a team (a tutor's "add someone who has an account", the officer's "add a tutor"): at most
LOOKUPS_PER_MINUTE per user, counted in the database so that every worker sees the same count.

``count_lookup`` records the look-up and commits before asking: refused look-ups count too, and
requests sent at the same moment see each other's."""

from datetime import timedelta

from sqlalchemy import delete, func, select

from learning.accounts.models import User, utcnow
from learning.extensions import db
from learning.refusals import Refusal
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


def count_lookup(user: User) -> None:
    """Count one look-up of a phone number by the user (committed at once), then refuse it if
    the user tried too many in the last minute."""
    record_lookup(user)
    db.session.commit()
    if too_many_lookups(user):
        raise Refusal("phone", "too_many_lookups")
