"""Community digital technology teams (tổ công nghệ số cộng đồng) and their tutors."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User, utcnow
from learning.extensions import db
from learning.geography.models import Commune


class DigitalTeam(db.Model):
    __tablename__ = "digital_team"

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("commune.code"), index=True)
    area_kind: Mapped[str] = mapped_column(String(12))  # learning.vocabulary.AreaKind
    area_name: Mapped[str] = mapped_column(String(120))  # the village or group it serves
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list["TeamMember"]] = relationship(back_populates="team")
    # Declared by name: the events package (above this one) maps TeamEvent.
    events: Mapped[list["TeamEvent"]] = relationship(  # noqa: F821
        back_populates="team", viewonly=True)
    commune: Mapped[Commune] = relationship()


class TeamMember(db.Model):
    """A tutor in a team; a tutor belongs to one team at most."""

    __tablename__ = "team_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("digital_team.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    is_lead: Mapped[bool] = mapped_column(default=False)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    team: Mapped[DigitalTeam] = relationship(back_populates="members")
    user: Mapped[User] = relationship()
