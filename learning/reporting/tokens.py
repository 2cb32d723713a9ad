"""API tokens: a reporting system reads /api/v1 with the rights of the staff member it acts for.
Only a hash of the token is stored; the token itself is shown once, when it is created."""

import hashlib
import logging
import secrets
from datetime import timedelta

from sqlalchemy import select

from learning.access.policy import sees_statistics
from learning.accounts.models import User, utcnow
from learning.database import write_transaction
from learning.extensions import db
from learning.reporting.models import ApiToken

log = logging.getLogger(__name__)

PREFIX = "bdhvs_"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(user: User, name: str) -> str:
    if not sees_statistics(user) or user.deleted_at is not None:
        raise PermissionError("this account does not see statistics")
    secret = PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, name=name.strip()[:80], token_hash=_hash(secret)))
    db.session.flush()
    return secret


def user_for_token(secret: str) -> User | None:
    """The account a token acts for, if the token is valid (and notes when it was used)."""
    if not secret.startswith(PREFIX):
        return None
    record = db.session.scalars(select(ApiToken).where(
        ApiToken.token_hash == _hash(secret), ApiToken.revoked_at.is_(None))).first()
    if record is None:
        return None
    user = db.session.get(User, record.user_id)
    if user is None or user.deleted_at is not None:
        return None
    log.info("api token %s (%s) used for user %s", record.id, record.name, user.id)
    now = utcnow()
    if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=5):
        with write_transaction():  # a request that reads: its one write, short
            record.last_used_at = now
    return user


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)))


def revoke_token(token_id: int) -> bool:
    record = db.session.get(ApiToken, token_id)
    if record is None or record.revoked_at is not None:
        return False
    record.revoked_at = utcnow()
    log.info("api token %s (%s) revoked", record.id, record.name)
    return True
