"""People who use the site: learners, tutors, officers, staff and administrators."""

from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.extensions import db
from learning.geography.models import Commune
from learning.vocabulary import Role

__all__ = ["Role", "SignInFailure", "User", "utcnow"]  # Role is the vocabulary's, shown here


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class SignInFailure(db.Model):
    """A wrong password, kept a short while to slow down guessing (per number and per address)."""

    __tablename__ = "sign_in_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(16), index=True)
    address: Mapped[str] = mapped_column(String(45), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str | None] = mapped_column(String(16), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(120))
    birth_year: Mapped[int | None]
    gender: Mapped[str | None] = mapped_column(String(10))
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("commune.code"), index=True)
    # For province staff: the province they work for (their scope).
    province_code: Mapped[str | None] = mapped_column(ForeignKey("province.code"))
    role: Mapped[str] = mapped_column(String(20), default=Role.LEARNER)
    locale: Mapped[str | None] = mapped_column(String(5))
    large_text: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped to sign the person out everywhere (password change, deletion).
    session_version: Mapped[int] = mapped_column(default=1)
    # The community digital team whose roster the learner is on (tutored in person).
    team_id: Mapped[int | None] = mapped_column(ForeignKey("digital_team.id"), index=True)
    # Set for an assisted sign-up: the tutor who created the account for the person.
    registered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None]  # when an assisted account got its own phone/password
    deleted_at: Mapped[datetime | None]  # personal data removed; anonymous counts kept

    commune: Mapped[Commune | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.deleted_at is None

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


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
