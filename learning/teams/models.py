"""Community digital technology teams (tổ công nghệ số cộng đồng), their tutors, the invitations
to tutor in them, and the lookups of phone numbers made to add people to them (throttled)."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
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


class TeamInvitation(db.Model):
    """An invitation to tutor in a team, sent by its officer to a person of the commune who has
    an account: they become a tutor only when they accept it, once signed in."""

    __tablename__ = "team_invitation"
    __table_args__ = (UniqueConstraint("user_id", "team_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("digital_team.id", ondelete="CASCADE"),
                                         index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    team: Mapped[DigitalTeam] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class PhoneLookup(db.Model):
    """One look-up of a phone number by a user adding someone to a team (kept a few minutes, to
    slow down anyone trying numbers one after the other)."""

    __tablename__ = "phone_lookup"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
