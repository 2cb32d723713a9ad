"""Read-only queries for the roster screens: the learners a team follows with each one's progress,
the commune's learners, a search by name or phone. Lists of people always start from the
authorization layer's scope (learning.access.policy); a constant number of queries per screen."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from learning.access import policy
from learning.accounts.models import User
from learning.extensions import db
from learning.progress.models import CourseProgress, LessonProgress, QuizAttempt
from learning.teams.models import DigitalTeam
from learning.text import collation, fold


@dataclass(frozen=True)
class LearnerSummary:
    lessons_completed: int = 0
    courses_completed: int = 0
    last_active: datetime | None = None


@dataclass(frozen=True)
class RosterRow:
    learner: User
    summary: LearnerSummary


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
                                       .order_by(User.full_name.collate(collation()), User.id)))
    if query.strip():
        learners = [learner for learner in learners if matches(learner, query)]
    summaries = learner_summaries([learner.id for learner in learners])
    return [RosterRow(learner, summaries.get(learner.id, LearnerSummary()))
            for learner in learners]


@dataclass(frozen=True)
class PeoplePage:
    """One page of a list of people (templates/geography/_pager.html reads page and pages)."""

    people: list[User]
    page: int
    pages: int
    total: int


def by_name(learners: list[User]) -> list[User]:
    """People in the order their names are listed.

    Collation call site: this sorts by the names' characters; when the Vietnamese collation
    (issue 11: "Bạch Hà" before "Bình Minh") lands in learning/text.py, use its sort key here."""
    return sorted(learners, key=lambda learner: (learner.full_name, learner.id))


def team_list_page(viewer: User, team: DigitalTeam, page: int, per_page: int) -> PeoplePage:
    """One page of the people on the team's list, by name (a page past the end: the last one).
    A team serves a village: its whole list is read, then sorted by name in Python."""
    learners = by_name(list(db.session.scalars(policy.learners_in_scope(viewer)
                                               .where(User.team_id == team.id))))
    pages = max(1, -(-len(learners) // per_page))
    page = min(max(page, 1), pages)
    return PeoplePage(learners[(page - 1) * per_page:page * per_page], page, pages,
                      len(learners))


def commune_learners(viewer: User, code: str, query: str = "",
                     limit: int = 50) -> list[User]:
    """The commune's learners the viewer may see: the latest sign-ups, or those matching."""
    statement = policy.learners_in_scope(viewer).where(User.commune_code == code)
    if not query.strip():
        return list(db.session.scalars(statement.order_by(User.created_at.desc(), User.id.desc())
                                       .limit(limit)))
    by_name = statement.order_by(User.full_name.collate(collation()), User.id)
    found = [learner for learner in db.session.scalars(by_name)
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


def latest_attempts(learner: User, limit: int = 10) -> list[QuizAttempt]:
    """The learner's latest quiz answers, latest first."""
    return list(db.session.scalars(select(QuizAttempt).where(
        QuizAttempt.learner_id == learner.id).order_by(QuizAttempt.submitted_at.desc())
        .limit(limit)))
