"""The reporting system's access: ``ApiToken`` lets a provincial reporting system pull the
read-only API as the staff member who created it."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from learning.accounts.models import utcnow
from learning.extensions import db


class ApiToken(db.Model):
    """A secret with which a system reads the API as the staff member who created it."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class PublishedReport(db.Model):
    """A weekly or monthly report as first issued when its period closed (``flask stats
    publish``): kept unchanged, so that later revisions (late syncs, moves, deletions) are shown
    openly beside it. ``id`` is stable ("40-week-2025-W40"): receivers use it to deduplicate."""

    __tablename__ = "published_report"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    area_kind: Mapped[str] = mapped_column(String(10))
    area_code: Mapped[str] = mapped_column(String(5))
    period_kind: Mapped[str] = mapped_column(String(1))
    period_key: Mapped[str] = mapped_column(String(8))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    body: Mapped[dict] = mapped_column(JSON)  # the API's JSON of the report, as issued


class ReportDelivery(db.Model):
    """One published report to one configured receiver: delivered once (retried until then)."""

    __tablename__ = "report_delivery"
    __table_args__ = (UniqueConstraint("report_id", "receiver"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[str] = mapped_column(
        ForeignKey("published_report.id", ondelete="CASCADE"), index=True)
    receiver: Mapped[str] = mapped_column(String(200))  # "webhook:https://…" or "email:a@b"
    attempts: Mapped[int] = mapped_column(default=0)
    delivered_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(300))
