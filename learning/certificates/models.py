"""Certificates issued to learners. The id is random and unguessable: it is the address of the
public verification page. The name shown is read from the account (deleting the account makes the
certificate unverifiable, and nothing personal stays here)."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User, utcnow
from learning.extensions import db
from learning.geography.models import Province

PATHWAY = "core-pathway"  # the subject of the "digital citizen" certificate


class Certificate(db.Model):
    __tablename__ = "certificate"
    __table_args__ = (UniqueConstraint("learner_id", "subject"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # secrets.token_urlsafe
    learner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                            index=True)
    subject: Mapped[str] = mapped_column(String(60))  # a course id, or PATHWAY
    completed_on: Mapped[date]  # the day in Vietnam it was completed (offline: that day)
    with_tutor: Mapped[bool] = mapped_column(default=False)
    province_code: Mapped[str | None] = mapped_column(ForeignKey("province.code"))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    revoke_reason: Mapped[str | None] = mapped_column(String(300))

    learner: Mapped[User] = relationship(foreign_keys=[learner_id])
    province: Mapped[Province | None] = relationship()

    @property
    def is_pathway(self) -> bool:
        return self.subject == PATHWAY
