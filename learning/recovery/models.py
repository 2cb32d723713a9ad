"""Codes that let a person choose a new password. Only a hash of each code is kept."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User, utcnow
from learning.extensions import db


class CodeKind:
    RESET = "reset"  # given in person by a tutor or commune officer; expires in a day
    PERSONAL = "personal"  # printed by the person at sign-up or from Settings; no expiry
    ALL = (RESET, PERSONAL)


class RecoveryCode(db.Model):
    """One code of each kind per account: a new one replaces the old. A code is used once; a
    few wrong tries with the account's phone number make it void."""

    __tablename__ = "recovery_code"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    code_hash: Mapped[str] = mapped_column(String(64))
    issued_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    used_at: Mapped[datetime | None]
    wrong_tries: Mapped[int] = mapped_column(default=0)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
