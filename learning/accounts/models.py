"""People who use the site: learners, tutors, officers, staff and administrators."""

from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.extensions import db
from learning.geography.models import Commune
from learning.vocabulary import Role

# Role is the vocabulary's, shown here
__all__ = ["AccountSession", "AttemptCounter", "Role", "User", "utcnow"]


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class AttemptCounter(db.Model):
    """Recent tries of one kind (sign-in per number, per address, sign-up, claim, code…) for
    one key, counted atomically to slow down guessing (learning/accounts/throttle.py). The key
    is a keyed hash: no phone number or address is stored."""

    __tablename__ = "attempt_counter"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    tries: Mapped[int]
    last_at: Mapped[datetime] = mapped_column(index=True)
    # No try is allowed before this moment (a growing delay once the free tries are used up).
    blocked_until: Mapped[datetime | None]


class AccountSession(db.Model):
    """One signed-in browser: its key is in the session (and remember) cookie; deleting the row
    ends that session wherever the cookie was copied (sign-out, sign out everywhere, password
    change, deletion). Only a hash of the key is stored."""

    __tablename__ = "account_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"
    __table_args__ = (
        Index("ix_user_account_signup_address", "signup_address", "created_at"),
        Index("ix_user_account_registered_by", "registered_by_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str | None] = mapped_column(String(16), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(120))
    birth_year: Mapped[int | None]
    gender: Mapped[str | None] = mapped_column(String(10))
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("commune.code"), index=True)
    # For province staff: the province they work for (their scope).
    province_code: Mapped[str | None] = mapped_column(ForeignKey("province.code"))
    role: Mapped[str] = mapped_column(String(20), default=Role.LEARNER, index=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    large_text: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped to sign the person out everywhere (claim, deletion); each signed-in browser also
    # has its own AccountSession.
    session_version: Mapped[int] = mapped_column(default=1)
    # The community digital team whose roster the learner is on (tutored in person).
    team_id: Mapped[int | None] = mapped_column(ForeignKey("digital_team.id"), index=True)
    # Set for an assisted sign-up: the tutor who created the account for the person.
    registered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    # Where a self-service sign-up came from: a keyed hash of the network address (HMAC with the
    # secret key, never the address itself), to flag bursts of sign-ups (learning/review).
    signup_address: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None]  # when an assisted account got its own phone/password
    deleted_at: Mapped[datetime | None]  # personal data removed; anonymous counts kept

    commune: Mapped[Commune | None] = relationship()
    # The key of the signed-in browser's AccountSession (not stored: set at sign-in and by the
    # user loader).
    session_key = ""

    @property
    def is_active(self) -> bool:
        return self.deleted_at is None

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}:{self.session_key}"


# Consent to the processing of personal data (Law 91/2025/QH15 and Decree 356/2025/NĐ-CP):
# purpose, when, by whom.
class Purpose:
    LEARNING_RECORD = "learning_record"  # keep my progress and count it for my commune
    ALL = (LEARNING_RECORD,)


class Consent(db.Model):
    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Who recorded it: the person themself, or the tutor who signed them up in person.
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None]
