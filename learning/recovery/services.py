"""Every write about getting back into an account: issuing a reset code (staff, in person),
issuing a personal recovery code (the person), and setting a new password with either.

Codes are random (``secrets``), shown once, stored as a SHA-256 hash (they are long and random,
so a slow hash adds nothing), used once. A reset code expires after a day. Each wrong try with
the account's phone number counts against the account's codes: after MAX_WRONG_TRIES the codes
are void, so guessing is hopeless even from many browsers. Every step is in the audit log, and
setting a new password ends every session of the person (``end_all_sessions``)."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from learning.accounts.models import User, utcnow
from learning.accounts.passwords import hash_password
from learning.accounts.services import end_all_sessions, find_by_phone
from learning.audit.services import record_change
from learning.extensions import db
from learning.recovery.models import CodeKind, RecoveryCode

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"  # nothing that reads like another sign (0/O, 1/I/L, 5/S…)
LENGTHS = {CodeKind.RESET: 10, CodeKind.PERSONAL: 16}
RESET_VALID_FOR = timedelta(hours=24)
MAX_WRONG_TRIES = 5


class RecoveryRefused(ValueError):
    """The phone number and code do not open an account (whatever the reason, one answer)."""


def normal_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def shown_code(code: str) -> str:
    """Groups of 5 (reset codes, "ACDEF-34679") or 4 (recovery codes), easier to copy."""
    size = 5 if len(code) == LENGTHS[CodeKind.RESET] else 4
    return "-".join(code[i:i + size] for i in range(0, len(code), size))


def _hash(code: str) -> str:
    return hashlib.sha256(normal_code(code).encode()).hexdigest()


def code_of(user: User, kind: str) -> RecoveryCode | None:
    return db.session.scalars(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.kind == kind)).first()


def _issue(user: User, kind: str, actor: User) -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTHS[kind]))
    row = code_of(user, kind)
    if row is None:
        row = RecoveryCode(user_id=user.id, kind=kind)
        db.session.add(row)
    row.code_hash, row.issued_by_id, row.issued_at = _hash(code), actor.id, utcnow()
    row.used_at, row.wrong_tries = None, 0
    row.expires_at = row.issued_at + RESET_VALID_FOR if kind == CodeKind.RESET else None
    db.session.flush()
    return shown_code(code)


def issue_reset_code(actor: User, user: User) -> str:
    """A one-time code for a person who forgot their password, given by a tutor or officer who
    checked their ID card. Returned once, to be shown; the previous one stops working."""
    code = _issue(user, CodeKind.RESET, actor)
    record_change(actor, "account.reset_code", "user", user.id, id_checked=True)
    return code


def issue_personal_code(user: User) -> str:
    """The person's own printable recovery code (at sign-up, or again from Settings)."""
    code = _issue(user, CodeKind.PERSONAL, user)
    record_change(user, "account.recovery_code", "user", user.id)
    return code


def has_personal_code(user: User) -> bool:
    row = code_of(user, CodeKind.PERSONAL)
    return row is not None and usable(row)


def usable(row: RecoveryCode) -> bool:
    return (row.used_at is None and row.wrong_tries < MAX_WRONG_TRIES
            and (row.expires_at is None or row.expires_at > utcnow()))


def reset_password(phone: str, code: str, password: str) -> tuple[User, str]:
    """Set a new password with a code of the account of ``phone``; returns the person and the kind
    of code used. Refused (RecoveryRefused) when the number has no account, the code is wrong,
    used, expired or void; a wrong code counts against the account's codes."""
    user = find_by_phone(phone)
    if user is None or user.deleted_at is not None:
        raise RecoveryRefused
    rows = list(db.session.scalars(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id).with_for_update()))
    live = [row for row in rows if usable(row)]
    found = next((row for row in live if secrets.compare_digest(row.code_hash, _hash(code))),
                 None)
    if found is None:
        for row in live:
            row.wrong_tries += 1
            if row.wrong_tries >= MAX_WRONG_TRIES:
                record_change(None, "account.recovery_void", "user", user.id, what=row.kind)
        raise RecoveryRefused
    now = utcnow()
    found.used_at = now
    user.password_hash = hash_password(password)
    end_all_sessions(user)  # every session of the person ends, on every phone
    db.session.flush()
    record_change(user, "account.reset", "user", user.id, what=found.kind,
                  given_by=found.issued_by_id if found.kind == CodeKind.RESET else None)
    return user, found.kind
