"""Community digital technology teams (tổ công nghệ số cộng đồng), their tutors and events."""

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User, utcnow
from learning.extensions import db

AREA_KINDS = ("thon", "ban", "to_dan_pho")  # village, hamlet (bản), residential group


class DigitalTeam(db.Model):
    __tablename__ = "digital_team"

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("commune.code"), index=True)
    area_kind: Mapped[str] = mapped_column(String(12))
    area_name: Mapped[str] = mapped_column(String(120))  # the village or group it serves
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list["TeamMember"]] = relationship(back_populates="team")


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


event_course = Table(
    "event_course",
    db.metadata,
    Column("event_id", ForeignKey("team_event.id", ondelete="CASCADE"), primary_key=True),
    Column("course_id", ForeignKey("course.id"), primary_key=True),
)


class TeamEvent(db.Model):
    """A tutoring session or event, e.g. a "digital transformation Saturday"."""

    __tablename__ = "team_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("digital_team.id"), index=True)
    held_on: Mapped[date] = mapped_column(index=True)
    place: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    team: Mapped[DigitalTeam] = relationship()
    attendances: Mapped[list["EventAttendance"]] = relationship(back_populates="event")


class EventAttendance(db.Model):
    __tablename__ = "event_attendance"
    __table_args__ = (UniqueConstraint("event_id", "learner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("team_event.id", ondelete="CASCADE"))
    learner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                            index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[TeamEvent] = relationship(back_populates="attendances")
    learner: Mapped[User] = relationship(foreign_keys=[learner_id])
