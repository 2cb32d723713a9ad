"""Community digital technology teams (tổ công nghệ số cộng đồng), their tutors and events."""

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User, utcnow
from learning.catalog.models import CourseRecord
from learning.extensions import db
from learning.geography.models import Commune

AREA_KINDS = ("thon", "ban", "to_dan_pho")  # village, hamlet (bản), residential group


class DigitalTeam(db.Model):
    __tablename__ = "digital_team"

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("commune.code"), index=True)
    area_kind: Mapped[str] = mapped_column(String(12))
    area_name: Mapped[str] = mapped_column(String(120))  # the village or group it serves
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list["TeamMember"]] = relationship(back_populates="team")
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
    # The id the creation form was rendered with: submitting it twice creates one event.
    form_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    team: Mapped[DigitalTeam] = relationship()
    attendances: Mapped[list["EventAttendance"]] = relationship(back_populates="event")
    courses: Mapped[list[CourseRecord]] = relationship(secondary=event_course,
                                                       order_by=CourseRecord.position)


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
