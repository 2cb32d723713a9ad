"""Every write about accounts: registering, signing in and out, passwords, preferences."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, delete, select

from learning.accounts import throttle
from learning.accounts.models import AccountSession, Consent, Purpose, Role, User, utcnow
from learning.accounts.passwords import check_password, hash_password
from learning.accounts.phone import normalize_phone
from learning.extensions import db, login_manager
from learning.text import squash


class PhoneTaken(ValueError):
    """This phone number already has an account."""


def find_by_phone(phone: str) -> User | None:
    normal = normalize_phone(phone)
    if normal is None:
        return None
    return db.session.scalars(select(User).where(User.phone == normal)).first()


def register_learner(*, phone: str, full_name: str, birth_year: int | None, gender: str | None,
                     commune_code: str | None, password: str | None = None,
                     password_hash: str | None = None, locale: str | None = None,
                     role: str = Role.LEARNER, address: str | None = None) -> User:
    """A new account. Give ``password_hash`` (hashed before the write began) or ``password``;
    ``address``: the network address a self-service sign-up came from (kept as a keyed hash, to
    flag bursts of sign-ups, learning/review)."""
    normal = normalize_phone(phone)
    if normal is None:
        raise ValueError("not a Vietnamese mobile number")
    if find_by_phone(normal) is not None:
        raise PhoneTaken(normal)
    user = User(phone=normal, full_name=squash(full_name), birth_year=birth_year,
                gender=gender or None, commune_code=commune_code, role=role, locale=locale,
                password_hash=password_hash or hash_password(password or ""),
                signup_address=throttle.keyed(address) if address else None)
    db.session.add(user)
    db.session.flush()
    record_consent(user, recorded_by=user)
    return user


def record_consent(user: User, recorded_by: User,
                   purpose: str = Purpose.LEARNING_RECORD) -> Consent:
    """Consent to a purpose (Decree 13/2023): which purpose, when, and who recorded it."""
    consent = Consent(user_id=user.id, purpose=purpose, recorded_by_id=recorded_by.id)
    db.session.add(consent)
    db.session.flush()
    return consent


def authenticate(phone: str, password: str) -> User | None:
    """The account of this number when the password is right. An unknown number does the same
    work (a dummy hash of the same algorithm and cost)."""
    user = find_by_phone(phone)
    right, _ = check_password(user.password_hash if user else None, password)
    return user if right else None


# --- Signing in: throttled, and no transaction held while the password is checked ----------

def take_sign_in_try(phone: str, address: str) -> int:
    """Count a sign-in try for the number and the address; 0, or the seconds to wait."""
    throttle.forget_old()
    wait = throttle.take(throttle.SIGN_IN_ADDRESS, throttle.keyed(address))
    return wait or throttle.take(throttle.SIGN_IN_PHONE, throttle.phone_key(phone))


def password_of(phone: str) -> tuple[int | None, str | None]:
    """The account's id and stored hash (None, None for an unknown number)."""
    user = find_by_phone(phone)
    return (user.id, user.password_hash) if user is not None else (None, None)


def signed_in(user_id: int, address: str, new_hash: str | None = None) -> User:
    """The password was right: the number's counter starts again, the address gets its try
    back, an old or cheaper hash is replaced, and a new session begins."""
    user = db.session.get_one(User, user_id)
    throttle.clear(throttle.SIGN_IN_PHONE, throttle.phone_key(user.phone or ""))
    throttle.forgive(throttle.SIGN_IN_ADDRESS, throttle.keyed(address))
    if new_hash is not None:
        user.password_hash = new_hash
    begin_session(user)
    return user


def take_sign_up_try(address: str) -> int:
    throttle.forget_old()
    return throttle.take(throttle.SIGN_UP_ADDRESS, throttle.keyed(address))


# --- Sessions: one row per signed-in browser ----------------------------------------------

def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def begin_session(user: User) -> None:
    """A new signed-in browser (call before login_user: its key goes into the cookie)."""
    key = secrets.token_urlsafe(24)
    db.session.add(AccountSession(user_id=user.id, key_hash=_key_hash(key)))
    db.session.flush()
    user.session_key = key


def end_session(user: User) -> None:
    """Sign-out: this browser's session ends on the server (every copy of its cookies)."""
    db.session.execute(delete(AccountSession).where(
        AccountSession.user_id == user.id, AccountSession.key_hash == _key_hash(user.session_key)))


def end_other_sessions(user: User) -> None:
    """Every other browser signed in to this account is signed out."""
    db.session.execute(delete(AccountSession).where(
        AccountSession.user_id == user.id, AccountSession.key_hash != _key_hash(user.session_key)))


def end_all_sessions(user: User) -> None:
    db.session.execute(delete(AccountSession).where(AccountSession.user_id == user.id))


def change_password(user: User, new_hash: str) -> None:
    """The new password's hash (made before the write); the other sessions end."""
    user.password_hash = new_hash
    end_other_sessions(user)
    db.session.flush()


def set_preferences(user: User, *, locale: str | None = None,
                    large_text: bool | None = None) -> None:
    if locale is not None:
        user.locale = locale
    if large_text is not None:
        user.large_text = large_text


# Built once: it runs at every signed-in request.
_SESSION_USER = select(User).join(AccountSession, AccountSession.user_id == User.id).where(
    User.id == bindparam("user_id"), AccountSession.key_hash == bindparam("key_hash"),
    AccountSession.created_at >= bindparam("since"))


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user of a session (or remember) cookie, while its AccountSession lives."""
    user_id, _, rest = session_id.partition(":")
    version, _, key = rest.partition(":")
    if not user_id.isdigit() or not key:
        return None
    lasting = current_app.config["REMEMBER_COOKIE_DURATION"]
    since = utcnow() - (lasting if isinstance(lasting, timedelta) else timedelta(seconds=lasting))
    user = db.session.scalars(_SESSION_USER, {
        "user_id": int(user_id), "key_hash": _key_hash(key), "since": since}).first()
    if user is None or str(user.session_version) != version:
        return None
    user.session_key = key
    return user
