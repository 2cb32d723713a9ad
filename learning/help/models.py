"""Who to ask for help in a commune, as its officer writes it (names, places, phone numbers of
the community digital teams or the commune's one-stop shop)."""

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from learning.accounts.models import utcnow
from learning.extensions import db

MAX_CONTACTS_LENGTH = 1000


class CommuneHelp(db.Model):
    __tablename__ = "commune_help"

    commune_code: Mapped[str] = mapped_column(ForeignKey("commune.code", ondelete="CASCADE"),
                                              primary_key=True)
    contacts: Mapped[str] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
