"""Read-only queries for the team screens: its tutors, the team's and the tutor's figures for
this week and month, the teams of a commune. Each screen takes a constant number of queries,
whatever the number of learners."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import ColumnElement, case, func, or_, select

from learning.accounts.models import Role, User, utcnow
from learning.events.models import TeamEvent
from learning.extensions import db
from learning.progress.models import LessonProgress, QuizAttempt
from learning.teams.models import DigitalTeam, TeamMember
from learning.text import fold


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
