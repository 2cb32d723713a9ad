"""Read-only queries for the team screens: the roster with each learner's progress, the team's and
the tutor's figures for this week and month, events and their attendees. Each screen takes a
constant number of queries, whatever the number of learners. Lists of people always start from
the authorization layer's scope (learning.access.policy)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import ColumnElement, case, func, or_, select

from learning.access import policy
from learning.accounts.models import Role, User, utcnow
from learning.extensions import db
from learning.progress.models import CourseProgress, LessonProgress, QuizAttempt
from learning.teams.models import DigitalTeam, EventAttendance, TeamEvent, TeamMember
from learning.text import fold


@dataclass(frozen=True)
class LearnerSummary:
    lessons_completed: int = 0
    courses_completed: int = 0
    last_active: datetime | None = None


@dataclass(frozen=True)
class RosterRow:
    learner: User
    summary: LearnerSummary


@dataclass(frozen=True)
class Figures:
    """People helped in person and lessons completed with help, this week and this month."""

    helped_week: int = 0
    helped_month: int = 0
    lessons_week: int = 0
    lessons_month: int = 0


def period_starts(now: datetime | None = None) -> tuple[datetime, datetime]:
    """Start of this week (Monday) and this month in local time, as naive UTC (as stored)."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    local = (now or utcnow()).replace(tzinfo=UTC).astimezone(zone)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    week, month = day - timedelta(days=day.weekday()), day.replace(day=1)
    return tuple(moment.astimezone(UTC).replace(tzinfo=None)  # type: ignore[return-value]
                 for moment in (week, month))


def matches(learner: User, query: str) -> bool:
    """Search by name (accents and case aside) or by phone digits (0912… or +84912…)."""
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= 3:
        digits = digits[1:] if digits.startswith("0") else digits
        return digits in (learner.phone or "")
    return all(word in fold(learner.full_name) for word in fold(query).split())


def roster(viewer: User, team: DigitalTeam, query: str = "") -> list[RosterRow]:
    learners = list(db.session.scalars(policy.learners_in_scope(viewer)
                                       .where(User.team_id == team.id)
                                       .order_by(User.full_name, User.id)))
    if query.strip():
        learners = [learner for learner in learners if matches(learner, query)]
    summaries = learner_summaries([learner.id for learner in learners])
    return [RosterRow(learner, summaries.get(learner.id, LearnerSummary()))
            for learner in learners]


def commune_learners(viewer: User, code: str, query: str = "",
                     limit: int = 50) -> list[User]:
    """The commune's learners the viewer may see: the latest sign-ups, or those matching."""
    statement = policy.learners_in_scope(viewer).where(User.commune_code == code)
    if not query.strip():
        return list(db.session.scalars(statement.order_by(User.created_at.desc(), User.id.desc())
                                       .limit(limit)))
    found = [learner for learner in db.session.scalars(statement.order_by(User.full_name))
             if matches(learner, query)]
    return found[:limit]


def learner_summaries(ids: list[int]) -> dict[int, LearnerSummary]:
    """Lessons and courses completed and last activity, for many learners in two queries."""
    if not ids:
        return {}
    lessons = dict((row[0], row[1:]) for row in db.session.execute(
        select(LessonProgress.learner_id, func.count(LessonProgress.completed_at),
               func.max(LessonProgress.started_at), func.max(LessonProgress.completed_at))
        .where(LessonProgress.learner_id.in_(ids)).group_by(LessonProgress.learner_id)))
    courses = dict(db.session.execute(
        select(CourseProgress.learner_id, func.count(CourseProgress.completed_at))
        .where(CourseProgress.learner_id.in_(ids)).group_by(CourseProgress.learner_id)).all())
    summaries = {}
    for learner_id, (count, started, completed) in lessons.items():
        moments = [moment for moment in (started, completed) if moment is not None]
        summaries[learner_id] = LearnerSummary(count, courses.get(learner_id, 0),
                                               max(moments) if moments else None)
    return summaries


def _figures(attempt_filter: ColumnElement, progress_filter: ColumnElement,
             now: datetime | None = None) -> Figures:
    week, month = period_starts(now)
    since = min(week, month)
    helped = db.session.execute(select(
        func.count(func.distinct(case((QuizAttempt.submitted_at >= week,
                                       QuizAttempt.learner_id)))),
        func.count(func.distinct(case((QuizAttempt.submitted_at >= month,
                                       QuizAttempt.learner_id)))),
    ).where(attempt_filter, QuizAttempt.submitted_at >= since)).one()
    lessons = db.session.execute(select(
        func.count(case((LessonProgress.completed_at >= week, 1))),
        func.count(case((LessonProgress.completed_at >= month, 1))),
    ).where(progress_filter, LessonProgress.completed_at >= since)).one()
    return Figures(helped[0], helped[1], lessons[0], lessons[1])


def tutor_figures(tutor: User, now: datetime | None = None) -> Figures:
    return _figures(QuizAttempt.tutor_id == tutor.id, LessonProgress.tutor_id == tutor.id, now)


def team_figures(team: DigitalTeam, now: datetime | None = None) -> Figures:
    """Everything the team's tutors recorded, and everything recorded at the team's events."""
    tutors = select(TeamMember.user_id).where(TeamMember.team_id == team.id)
    events = select(TeamEvent.id).where(TeamEvent.team_id == team.id)
    return _figures(or_(QuizAttempt.tutor_id.in_(tutors), QuizAttempt.event_id.in_(events)),
                    or_(LessonProgress.tutor_id.in_(tutors), LessonProgress.event_id.in_(events)),
                    now)


def members_of(team: DigitalTeam) -> list[TeamMember]:
    return sorted(team.members, key=lambda m: (not m.is_lead, fold(m.user.full_name)))


def _on_a_list() -> ColumnElement[bool]:
    """Learners followed by a team: not its tutors, not deleted accounts."""
    return (User.team_id.is_not(None) & (User.role == Role.LEARNER)
            & User.deleted_at.is_(None))


def roster_size(team: DigitalTeam) -> int:
    return db.session.scalar(select(func.count()).where(
        _on_a_list(), User.team_id == team.id)) or 0


def events_of(viewer: User, team: DigitalTeam) -> list[tuple[TeamEvent, int]]:
    """The team's events, latest first, with how many people attended each."""
    counts = (select(EventAttendance.event_id, func.count().label("n"))
              .group_by(EventAttendance.event_id).subquery())
    rows = db.session.execute(
        policy.events_in_scope(viewer).where(TeamEvent.team_id == team.id)
        .add_columns(func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.event_id == TeamEvent.id)
        .order_by(TeamEvent.held_on.desc(), TeamEvent.id.desc()))
    return [(event, count) for event, count in rows]


def recent_events(team: DigitalTeam, days: int = 7) -> list[TeamEvent]:
    """Events of the last days, that progress recorded now may belong to."""
    today = datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()
    return list(db.session.scalars(select(TeamEvent).where(
        TeamEvent.team_id == team.id, TeamEvent.held_on >= today - timedelta(days=days),
        TeamEvent.held_on <= today).order_by(TeamEvent.held_on.desc())))


def attendees_of(viewer: User, event: TeamEvent) -> list[User]:
    """The event's attendees that the viewer may see (all of them, for its team and officer)."""
    return list(db.session.scalars(policy.attendees_in_scope(viewer, event)
                                   .order_by(User.full_name)))


def teams_of_commune(code: str) -> list[tuple[DigitalTeam, int, int]]:
    """The commune's teams with their number of tutors and of learners followed (counts only)."""
    tutors = (select(TeamMember.team_id, func.count().label("n"))
              .group_by(TeamMember.team_id).subquery())
    learners = (select(User.team_id, func.count().label("n")).where(_on_a_list())
                .group_by(User.team_id).subquery())
    rows = db.session.execute(
        select(DigitalTeam, func.coalesce(tutors.c.n, 0), func.coalesce(learners.c.n, 0))
        .outerjoin(tutors, tutors.c.team_id == DigitalTeam.id)
        .outerjoin(learners, learners.c.team_id == DigitalTeam.id)
        .where(DigitalTeam.commune_code == code).order_by(DigitalTeam.area_name))
    return [(team, n_tutors, n_learners) for team, n_tutors, n_learners in rows]


def attended_events(learner: User) -> list[TeamEvent]:
    return list(db.session.scalars(select(TeamEvent).join(
        EventAttendance, EventAttendance.event_id == TeamEvent.id).where(
        EventAttendance.learner_id == learner.id).order_by(TeamEvent.held_on.desc())))
