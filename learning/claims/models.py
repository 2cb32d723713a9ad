"""Claim codes of the accounts a tutor or an officer created for someone in person."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User, utcnow
from learning.extensions import db


class AccountClaim(db.Model):
    """A one-time code with which a person signed up in person (or a tutor added by an officer)
    takes over their account with their own phone number and password. Only a hash is kept;
    issuing a new code replaces the old one."""

    __tablename__ = "account_claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         unique=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    # The id the assisted sign-up form was rendered with: submitting it twice signs up one person.
    form_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
