"""Claim codes: a person signed up in person by a tutor (no phone, no password) later takes over
their account with their own phone number and password, using a one-time code the tutor gave them
on paper. Only a hash of the code is stored; a new code replaces the old one; codes expire."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learning.accounts.models import User, utcnow
from learning.accounts.passwords import hash_password
from learning.accounts.phone import normalize_phone
from learning.accounts.services import authenticate, find_by_phone
from learning.audit.services import record_change
from learning.claims.models import AccountClaim
from learning.database import start_writing, stop_writing
from learning.extensions import db
from learning.refusals import Refusal

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"  # nothing that reads like another sign (0/O, 1/I/L, 5/S…)
CODE_LENGTH = 10
VALID_FOR = timedelta(days=90)


def normal_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def shown_code(code: str) -> str:
    """ "ACDEF34679" -> "ACDEF-34679", easier to read out and copy."""
    return f"{code[:5]}-{code[5:]}"


def _hash(code: str) -> str:
    return hashlib.sha256(normal_code(code).encode()).hexdigest()


def issue_claim_code(actor: User, user: User, form_id: str | None = None) -> str:
    """A new code for the account (the previous one stops working). Returned once, to be shown."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    claim = db.session.scalars(select(AccountClaim).where(AccountClaim.user_id == user.id)).first()
    if claim is None:
        claim = AccountClaim(user_id=user.id, form_id=form_id)
        db.session.add(claim)
    claim.code_hash, claim.issued_by_id = _hash(code), actor.id
    claim.issued_at, claim.used_at = utcnow(), None
    claim.expires_at = claim.issued_at + VALID_FOR
    db.session.flush()
    record_change(actor, "learner.claim_code", "user", user.id)
    return shown_code(code)


def claim_of(user: User) -> AccountClaim | None:
    return db.session.scalars(select(AccountClaim).where(AccountClaim.user_id == user.id)).first()


def claim_account(code: str, phone: str, password: str) -> User:
    """Give the account its owner's phone number and password; the code is used up. The same
    form sent twice (the second one arriving once the first has used the code) signs them in.

    Passwords are hashed and checked before the write transaction begins, and the claim is read
    again, locked, in it (SQLite: the write lock is never held while hashing)."""
    normal = normalize_phone(phone)
    if normal is None:
        raise Refusal("phone", "phone")
    claim = _claim(code)
    if _sent_again(claim, normal):
        return _signed_in_again(claim, normal, password)
    _check(claim, normal)
    password_hash = hash_password(password)
    start_writing()
    claim = _claim(code, lock=True)
    if _sent_again(claim, normal):  # the same form, sent twice at once, got there first
        stop_writing()
        return _signed_in_again(claim, normal, password)
    _check(claim, normal)
    assert claim is not None
    user, now = claim.user, utcnow()
    try:
        with db.session.begin_nested():
            user.phone, user.password_hash = normal, password_hash
            user.claimed_at = claim.used_at = now
            user.session_version += 1
            db.session.flush()
    except IntegrityError as error:  # another account took the number at the same moment
        raise Refusal("phone", "phone_taken") from error
    record_change(user, "account.claim", "user", user.id)
    return user


def _claim(code: str, lock: bool = False) -> AccountClaim | None:
    query = select(AccountClaim).where(AccountClaim.code_hash == _hash(code))
    if lock:  # read again in the write transaction, whatever the session loaded before
        query = query.with_for_update().execution_options(populate_existing=True)
    claim = db.session.scalars(query).first()
    if lock and claim is not None:
        db.session.refresh(claim.user)
    return claim


def _sent_again(claim: AccountClaim | None, normal: str) -> bool:
    return (claim is not None and claim.used_at is not None and claim.user.phone == normal
            and claim.user.deleted_at is None)


def _signed_in_again(claim: AccountClaim, normal: str, password: str) -> User:
    if authenticate(normal, password) is claim.user:
        return claim.user
    raise Refusal("code", "claim_invalid")


def _check(claim: AccountClaim | None, normal: str) -> None:
    if (claim is None or claim.used_at is not None or claim.expires_at < utcnow()
            or claim.user.deleted_at is not None):
        raise Refusal("code", "claim_invalid")
    if claim.user.phone is not None and claim.user.phone != normal:
        raise Refusal("phone", "claim_phone")
    owner = find_by_phone(normal)
    if owner is not None and owner.id != claim.user.id:
        raise Refusal("phone", "phone_taken")
