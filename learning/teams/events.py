"""Every write about sessions and events: the event (date, place, courses covered) and who
attended it (people of the team's list, or signed up on the spot)."""

from datetime import date

from sqlalchemy import delete, exists, select

from learning.accounts.models import User
from learning.audit.services import record_change
from learning.catalog.models import CourseRecord
from learning.catalog.records import record_ids
from learning.database import insert_ignore
from learning.extensions import db
from learning.progress.models import QuizAttempt
from learning.teams.errors import TeamError
from learning.teams.models import DigitalTeam, EventAttendance, TeamEvent, event_course


def _course_records(course_slugs: list[str]) -> list[CourseRecord]:
    ids = [record_ids().courses[slug] for slug in course_slugs if slug in record_ids().courses]
    if not ids:
        return []
    return list(db.session.scalars(select(CourseRecord).where(CourseRecord.id.in_(ids))))


def event_made_with(form_id: str) -> TeamEvent | None:
    return db.session.scalars(select(TeamEvent).where(TeamEvent.form_id == form_id)).first()


def create_event(actor: User, team: DigitalTeam, *, held_on: date, place: str, title: str,
                 course_slugs: list[str], form_id: str) -> TeamEvent:
    """A new event (the same form sent twice creates it once)."""
    existing = event_made_with(form_id)
    if existing is not None:
        return existing
    event = TeamEvent(team_id=team.id, held_on=held_on, place=" ".join(place.split()),
                      title=" ".join(title.split()), created_by_id=actor.id, form_id=form_id)
    event.courses = _course_records(course_slugs)
    db.session.add(event)
    db.session.flush()
    record_change(actor, "event.create", "event", event.id, team=team.id, held_on=held_on)
    return event


def update_event(actor: User, event: TeamEvent, *, held_on: date, place: str, title: str,
                 course_slugs: list[str]) -> None:
    event.held_on, event.place, event.title = held_on, " ".join(place.split()), \
        " ".join(title.split())
    event.courses = _course_records(course_slugs)
    db.session.flush()
    record_change(actor, "event.update", "event", event.id, team=event.team_id, held_on=held_on)


def delete_event(actor: User, event: TeamEvent) -> None:
    """Only an event created by mistake: once progress was recorded at it, it stays."""
    if db.session.scalar(select(exists().where(QuizAttempt.event_id == event.id))):
        raise TeamError(None, "event_has_progress")
    record_change(actor, "event.delete", "event", event.id, team=event.team_id,
                  held_on=event.held_on, title=event.title)
    db.session.execute(delete(EventAttendance).where(EventAttendance.event_id == event.id))
    db.session.execute(delete(event_course).where(event_course.c.event_id == event.id))
    db.session.execute(delete(TeamEvent).where(TeamEvent.id == event.id))
    db.session.expunge(event)


def mark_attended(actor: User, event: TeamEvent, learners: list[User]) -> int:
    """Record that these people attended (once each, however often it is sent). Returns how many
    were added."""
    added = 0
    for learner in learners:
        if insert_ignore(EventAttendance, {"event_id": event.id, "learner_id": learner.id,
                                           "recorded_by_id": actor.id},
                         ["event_id", "learner_id"]):
            added += 1
            record_change(actor, "attendance.add", "user", learner.id, event=event.id)
    db.session.flush()
    return added


def remove_attendance(actor: User, event: TeamEvent, learner: User) -> None:
    removed = db.session.execute(delete(EventAttendance).where(
        EventAttendance.event_id == event.id, EventAttendance.learner_id == learner.id))
    if removed.rowcount:
        record_change(actor, "attendance.remove", "user", learner.id, event=event.id)
    db.session.flush()
