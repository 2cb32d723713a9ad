"""Every write about accounts: registering, signing in, preferences."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from learning.accounts.models import Consent, Purpose, Role, SignInFailure, User, utcnow
from learning.accounts.phone import normalize_phone
from learning.extensions import db, login_manager
from learning.text import squash

# Compared against when the phone is unknown, so a wrong number takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-password", method="pbkdf2:sha256:1000")


class PhoneTaken(ValueError):
    """This phone number already has an account."""


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config.get(
        "PASSWORD_HASH_METHOD", "scrypt"))


def find_by_phone(phone: str) -> User | None:
    normal = normalize_phone(phone)
    if normal is None:
        return None
    return db.session.scalars(select(User).where(User.phone == normal)).first()


def register_learner(*, phone: str, full_name: str, birth_year: int | None, gender: str | None,
                     commune_code: str | None, password: str | None = None,
                     password_hash: str | None = None, locale: str | None = None,
                     role: str = Role.LEARNER) -> User:
    """A new account. Give `password_hash` (``hash_password``, made before the write transaction
    began) rather than `password` in requests: hashing is slow."""
    if password_hash is None:
        if password is None:
            raise ValueError("a password or its hash is needed")
        password_hash = hash_password(password)
    normal = normalize_phone(phone)
    if normal is None:
        raise ValueError("not a Vietnamese mobile number")
    if find_by_phone(normal) is not None:
        raise PhoneTaken(normal)
    user = User(phone=normal, full_name=squash(full_name), birth_year=birth_year,
                gender=gender or None, commune_code=commune_code, role=role, locale=locale,
                password_hash=password_hash)
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
    user = find_by_phone(phone)
    if user is None or user.password_hash is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_PHONE = 8
MAX_FAILURES_PER_ADDRESS = 40


def sign_in_blocked(phone: str, address: str) -> bool:
    """Too many wrong passwords lately for this number, or from this network address."""
    since = utcnow() - FAILURE_WINDOW
    normal = normalize_phone(phone) or phone
    by_phone, by_address = db.session.execute(select(
        func.count().filter(SignInFailure.phone == normal),
        func.count().filter(SignInFailure.address == address),
    ).where(SignInFailure.at >= since)).one()
    return by_phone >= MAX_FAILURES_PER_PHONE or by_address >= MAX_FAILURES_PER_ADDRESS


def note_sign_in_failure(phone: str, address: str) -> None:
    db.session.execute(delete(SignInFailure).where(SignInFailure.at < utcnow() - timedelta(days=1)))
    db.session.add(SignInFailure(phone=normalize_phone(phone) or phone[:16], address=address[:45]))


def clear_sign_in_failures(user: User) -> None:
    db.session.execute(delete(SignInFailure).where(SignInFailure.phone == user.phone))


def set_preferences(user: User, *, locale: str | None = None,
                    large_text: bool | None = None) -> None:
    if locale is not None:
        user.locale = locale
    if large_text is not None:
        user.large_text = large_text


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or str(user.session_version) != version:
        return None
    return user
