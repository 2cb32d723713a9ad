"""Consent to the processing of personal data (Decree 13/2023/NĐ-CP): purpose, when, by whom."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from learning.accounts.models import utcnow
from learning.extensions import db


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
