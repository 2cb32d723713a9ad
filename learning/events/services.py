"""Every write about sessions and events: the event (date, place, courses covered) and who
attended it (people of the team's list, or signed up on the spot)."""

from datetime import date

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError

from learning.access import policy
from learning.accounts.models import User
from learning.audit.services import record_change
from learning.catalog.models import CourseRecord
from learning.catalog.records import record_ids
from learning.database import insert_ignore
from learning.events.models import EventAttendance, TeamEvent, event_course
from learning.extensions import db
from learning.progress.models import QuizAttempt
from learning.refusals import Refusal
from learning.teams.models import DigitalTeam
from learning.text import squash


def _course_records(course_slugs: list[str]) -> list[CourseRecord]:
    ids = [record_ids().courses[slug] for slug in course_slugs if slug in record_ids().courses]
    if not ids:
        return []
    return list(db.session.scalars(select(CourseRecord).where(CourseRecord.id.in_(ids))))


def event_made_with(actor: User, team: DigitalTeam, form_id: str) -> TeamEvent | None:
    """The team's event, in the actor's scope, already created with this form (the same form
    sent twice). The id of a form sent for another team finds nothing."""
    return db.session.scalar(policy.events_in_scope(actor).where(
        TeamEvent.team_id == team.id, TeamEvent.form_id == form_id))


def create_event(actor: User, team: DigitalTeam, *, held_on: date, place: str, title: str,
                 course_slugs: list[str], form_id: str) -> TeamEvent:
    """A new event (the same form sent twice, even at the same moment, creates it once)."""
    existing = event_made_with(actor, team, form_id)
    if existing is not None:
        return existing
    details = {"held_on": held_on, "place": squash(place), "title": squash(title)}
    try:
        with db.session.begin_nested():
            return _new_event(actor, team, details, course_slugs, form_id)
    except IntegrityError:  # the form id is taken already
        existing = event_made_with(actor, team, form_id)
        if existing is not None:
            return existing  # the same form, sent twice at once
    return _new_event(actor, team, details, course_slugs, None)  # a form sent for another team


def _new_event(actor: User, team: DigitalTeam, details: dict, course_slugs: list[str],
               form_id: str | None) -> TeamEvent:
    event = TeamEvent(team_id=team.id, created_by_id=actor.id, form_id=form_id, **details)
    event.courses = _course_records(course_slugs)
    db.session.add(event)
    db.session.flush()
    record_change(actor, "event.create", "event", event.id, team=team.id,
                  held_on=details["held_on"])
    return event


def update_event(actor: User, event: TeamEvent, *, held_on: date, place: str, title: str,
                 course_slugs: list[str]) -> None:
    event.held_on, event.place, event.title = held_on, squash(place), squash(title)
    event.courses = _course_records(course_slugs)
    db.session.flush()
    record_change(actor, "event.update", "event", event.id, team=event.team_id, held_on=held_on)


def delete_event(actor: User, event: TeamEvent) -> None:
    """Only an event created by mistake: once progress was recorded at it, it stays."""
    if db.session.scalar(select(exists().where(QuizAttempt.event_id == event.id))):
        raise Refusal(None, "event_has_progress")
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
