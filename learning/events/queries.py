"""Read-only queries for the event screens: a team's events with their attendance, the recent
events progress may belong to, who attended (within the viewer's scope), a person's events."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Select, func, select

from learning.access import policy
from learning.access.scope import Scope
from learning.accounts.models import User
from learning.events.models import EventAttendance, TeamEvent
from learning.extensions import db
from learning.teams.models import DigitalTeam
from learning.teams.queries import teams_in_scope
from learning.text import collation


def events_of(viewer: User, team: DigitalTeam) -> list[tuple[TeamEvent, int]]:
    """The team's events, latest first, with how many people attended each."""
    counts = (select(EventAttendance.event_id, func.count().label("n"))
              .group_by(EventAttendance.event_id).subquery())
    rows = db.session.execute(
        events_in_scope(viewer).where(TeamEvent.team_id == team.id)
        .add_columns(func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.event_id == TeamEvent.id)
        .order_by(TeamEvent.held_on.desc(), TeamEvent.id.desc()))
    return [(event, count) for event, count in rows]


def _today():
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def recent_events(team: DigitalTeam, days: int = 7, ahead: int = 0) -> list[TeamEvent]:
    """Events of the last days, that progress recorded now may belong to (with ``ahead``: and
    those of the next days, which a tutor's phone keeps to work at them offline)."""
    today = _today()
    return list(db.session.scalars(select(TeamEvent).where(
        TeamEvent.team_id == team.id, TeamEvent.held_on >= today - timedelta(days=days),
        TeamEvent.held_on <= today + timedelta(days=ahead)).order_by(TeamEvent.held_on.desc())))


def attendees_of(viewer: User, event: TeamEvent) -> list[User]:
    """The event's attendees that the viewer may see (all of them, for its team and officer)."""
    return list(db.session.scalars(attendees_in_scope(viewer, event)
                                   .order_by(User.full_name.collate(collation()), User.id)))


def attended_events(learner: User) -> list[TeamEvent]:
    return list(db.session.scalars(select(TeamEvent).join(
        EventAttendance, EventAttendance.event_id == TeamEvent.id).where(
        EventAttendance.learner_id == learner.id).order_by(TeamEvent.held_on.desc())))


def team_learners(viewer: User, team: DigitalTeam) -> list[User]:
    """The people on the team's list that the viewer may see, by name: who can be marked as
    having attended the team's event."""
    return list(db.session.scalars(policy.learners_in_scope(viewer)
                                   .where(User.team_id == team.id)
                                   .order_by(User.full_name.collate(collation()), User.id)))


def events_in_scope(who: "User | Scope") -> Select:
    """The events (as TeamEvent rows) of the teams the user may open."""
    teams = teams_in_scope(who).with_only_columns(DigitalTeam.id)
    return select(TeamEvent).where(TeamEvent.team_id.in_(teams))


def attendees_in_scope(who: "User | Scope", event: TeamEvent) -> Select:
    """The event's attendees (as User rows) whose details the user may see."""
    attended = select(EventAttendance.learner_id).where(EventAttendance.event_id == event.id)
    return policy.learners_in_scope(who).where(User.id.in_(attended))
