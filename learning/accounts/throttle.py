"""Slowing down guessing without locking anyone out: per kind of try (sign-in per number, per
address, sign-up, claim…) and per key, a few free tries, then each further try is allowed only
after a growing delay (2, 4, 8… seconds, capped). Counters forget after a quiet while.

Taking a try is one atomic statement (INSERT … ON CONFLICT DO UPDATE … WHERE not blocked
RETURNING): simultaneous tries can't get more through than the limit, on SQLite as on
PostgreSQL. A try is taken before the password or code is checked; a success gives it back
(``forgive``). Keys are keyed hashes (HMAC with the secret key): no phone number or network
address is stored."""

import functools
import hashlib
import hmac
import math
import os
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, case, delete, literal, update

from learning.accounts.models import AttemptCounter, utcnow
from learning.accounts.phone import normalize_phone
from learning.extensions import db


@dataclass(frozen=True)
class Limit:
    kind: str
    free: int  # tries before any delay
    cap_seconds: int  # the longest delay between two tries
    forget_after: timedelta  # a counter with no try for this long starts again

    def delays(self) -> list[int]:
        """The delay set by the free-th try, the next one… up to the cap."""
        steps, delay = [], 2
        while delay < self.cap_seconds:
            steps.append(delay)
            delay *= 2
        return [*steps, self.cap_seconds]


# The owner of a number who mistyped a few times waits seconds, never a 15-minute lock; a
# guesser gets about 12 tries an hour per number. An address may be shared by hundreds of
# people (carrier-grade NAT, a commune's Wi-Fi at a sign-up event): its limits are far higher.
SIGN_IN_PHONE = Limit("sign_in_phone", free=5, cap_seconds=300, forget_after=timedelta(hours=12))
SIGN_IN_ADDRESS = Limit("sign_in_address", free=100, cap_seconds=60,
                        forget_after=timedelta(hours=1))
SIGN_UP_ADDRESS = Limit("sign_up_address", free=50, cap_seconds=60,
                        forget_after=timedelta(hours=1))
CLAIM_ADDRESS = Limit("claim_address", free=20, cap_seconds=300, forget_after=timedelta(hours=1))
CLAIM_CODE = Limit("claim_code", free=5, cap_seconds=900, forget_after=timedelta(days=1))


def keyed(value: str) -> str:
    """A keyed hash of a phone number, an address or a code (HMAC-SHA256 with SECRET_KEY)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()


def phone_key(phone: str) -> str:
    return keyed(normalize_phone(phone) or phone.strip())


def take(limit: Limit, key: str) -> int:
    """Count one try; 0 when allowed, else the seconds to wait (nothing counted then)."""
    now = utcnow()
    params = {"kind": limit.kind, "key": key, "now": now,
              "fresh_after": now - limit.forget_after,
              **{f"after_{delay}": now + timedelta(seconds=delay) for delay in limit.delays()}}
    db.session.flush()
    connection = db.session.connection()
    if connection.execute(_take_statement(limit, connection.dialect.name), params).first():
        return 0
    blocked_until = db.session.scalar(
        db.select(AttemptCounter.blocked_until).where(AttemptCounter.kind == limit.kind,
                                                      AttemptCounter.key == key))
    if blocked_until is None:
        return 1
    return max(1, math.ceil((blocked_until - now).total_seconds()))


@functools.cache
def _take_statement(limit: Limit, dialect: str):
    """The statement that takes a try of this kind, built once (every sign-in takes two)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = AttemptCounter.__table__
    moment = table.c.last_at.type
    now = bindparam("now", type_=moment)
    fresh = table.c.last_at >= bindparam("fresh_after", type_=moment)
    tries = case((fresh, table.c.tries + 1), else_=literal(1))
    statement = insert(table).values(kind=bindparam("kind"), key=bindparam("key"), tries=1,
                                     last_at=now, blocked_until=_blocked_until(limit, literal(1)))
    return statement.on_conflict_do_update(
        index_elements=[table.c.kind, table.c.key],
        set_={"tries": tries, "last_at": now, "blocked_until": _blocked_until(limit, tries)},
        where=(table.c.blocked_until.is_(None)) | (table.c.blocked_until <= now),
    ).returning(table.c.tries)


def _blocked_until(limit: Limit, tries):
    """The moment of the next allowed try after ``tries`` tries (None while tries are free):
    the parameter ``after_<delay>`` holds the moment ``delay`` seconds from now."""
    moment = AttemptCounter.__table__.c.last_at.type
    delays = limit.delays()
    steps = [(tries == limit.free + i, bindparam(f"after_{delay}", type_=moment))
             for i, delay in enumerate(delays[:-1])]
    return case((tries < limit.free, literal(None)), *steps,
                else_=bindparam(f"after_{delays[-1]}", type_=moment))


def forgive(limit: Limit, key: str) -> None:
    """A success: the try it took is given back (an address keeps its other tries counted)."""
    db.session.execute(update(AttemptCounter).where(
        AttemptCounter.kind == limit.kind, AttemptCounter.key == key, AttemptCounter.tries > 0)
        .values(tries=AttemptCounter.tries - 1))


def clear(limit: Limit, key: str) -> None:
    """Start again from zero (the owner of the number signed in)."""
    db.session.execute(delete(AttemptCounter).where(AttemptCounter.kind == limit.kind,
                                                    AttemptCounter.key == key))


FORGET_EVERY = 600.0  # seconds: how often a process deletes the counters of no use
_forgotten_at: dict[int, float] = {}


def forget_old() -> None:
    """Counters nobody tried for a day are of no use any more: deleted by the first try a
    process takes, then at most every FORGET_EVERY seconds (not at every try)."""
    now, pid = time.monotonic(), os.getpid()
    if now - _forgotten_at.get(pid, -FORGET_EVERY) < FORGET_EVERY:
        return
    _forgotten_at[pid] = now
    db.session.execute(delete(AttemptCounter).where(
        AttemptCounter.last_at < utcnow() - timedelta(days=1)))


def forget_phone(phone: str) -> None:
    """Deleting an account: no counter about its number stays."""
    db.session.execute(delete(AttemptCounter).where(AttemptCounter.key == phone_key(phone)))
