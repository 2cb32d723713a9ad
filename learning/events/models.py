"""The events of community digital teams (sessions, "digital Saturdays") and who attended."""

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User, utcnow
from learning.catalog.models import CourseRecord
from learning.extensions import db
from learning.teams.models import DigitalTeam

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

    team: Mapped[DigitalTeam] = relationship(back_populates="events")
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
