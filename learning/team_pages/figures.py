"""The team's and each tutor's figures for this week and month: people helped in person and
lessons completed with help (recorded by the team's tutors or at its events; completions held for
review are not counted until confirmed)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import ColumnElement, case, func, or_, select

from learning.accounts.models import User, utcnow
from learning.events.models import TeamEvent
from learning.extensions import db
from learning.progress.facts import lesson_held
from learning.progress.models import LessonProgress, QuizAttempt
from learning.teams.models import DigitalTeam, TeamMember


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
    ).where(progress_filter, LessonProgress.completed_at >= since,
            # held for review (learning.review): not counted until confirmed
            ~lesson_held(LessonProgress.learner_id, LessonProgress.lesson_id))).one()
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
