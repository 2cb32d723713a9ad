"""Reading the completions held for review: the list a reviewer pages through, and the numbers
under review shown beside the confirmed figures (a few rows: holds are rare)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import aliased

from learning.accounts.models import User
from learning.counting.definitions import day_start_utc
from learning.counting.models import StatisticsProfile
from learning.extensions import db
from learning.progress.models import CompletionHold, HoldStatus, LessonProgress

STATUSES = (HoldStatus.PENDING, HoldStatus.CONFIRMED, HoldStatus.REJECTED)
PER_PAGE = 20
H, P, LP = CompletionHold, StatisticsProfile, LessonProgress


def under_review(codes: Sequence[str], start: date | None = None,
                 end: date | None = None) -> dict[str, int]:
    """Completions held and not yet reviewed, per commune (where the learner is counted), of
    lessons completed on the days from ``start`` to before ``end`` (None: open)."""
    if not codes:
        return {}
    statement = (select(P.commune_code, func.count()).select_from(H)
                 .join(P, P.learner_id == H.learner_id)
                 .join(LP, and_(LP.learner_id == H.learner_id, LP.lesson_id == H.lesson_id))
                 .where(H.status == HoldStatus.PENDING, P.commune_code.in_(list(codes)))
                 .group_by(P.commune_code))
    if start is not None:
        statement = statement.where(LP.completed_at >= day_start_utc(start))
    if end is not None:
        statement = statement.where(LP.completed_at < day_start_utc(end))
    return {code: n for code, n in db.session.execute(statement)}


@dataclass(frozen=True)
class HeldRow:
    hold: CompletionHold
    learner: User
    completed_at: datetime | None
    started_at: datetime | None
    method: str | None
    tutor: User | None
    reviewer: User | None


def holds_in(commune_code: str, status: str) -> Select:
    """The commune's held completions of one status, the latest flagged first."""
    tutor, reviewer = aliased(User), aliased(User)
    return (select(H, User, LP.completed_at, LP.started_at, LP.method, tutor, reviewer)
            .join(P, P.learner_id == H.learner_id)
            .join(User, User.id == H.learner_id)
            .outerjoin(LP, and_(LP.learner_id == H.learner_id, LP.lesson_id == H.lesson_id))
            .outerjoin(tutor, tutor.id == LP.tutor_id)
            .outerjoin(reviewer, reviewer.id == H.reviewed_by_id)
            .where(P.commune_code == commune_code, H.status == status)
            .order_by(H.flagged_at.desc(), H.id.desc()))


@dataclass(frozen=True)
class Page:
    """One page of held completions (what templates/geography/_pager.html reads)."""

    rows: list[HeldRow]
    page: int
    pages: int
    total: int


def page_of(commune_code: str, status: str, page: int, per_page: int = PER_PAGE) -> Page:
    """A page of the list (a page past the end gives the last one)."""
    statement = holds_in(commune_code, status)
    total = db.session.scalar(select(func.count()).select_from(
        statement.with_only_columns(H.id).order_by(None).subquery())) or 0
    pages = max((total + per_page - 1) // per_page, 1)
    page = min(max(page, 1), pages)
    items = db.session.execute(statement.limit(per_page).offset((page - 1) * per_page)).all()
    return Page([HeldRow(*item) for item in items], page, pages, total)


def counts_by_status(commune_code: str) -> dict[str, int]:
    rows = db.session.execute(select(H.status, func.count()).join(
        P, P.learner_id == H.learner_id).where(P.commune_code == commune_code)
        .group_by(H.status))
    return {status: n for status, n in rows}


def pending_by_commune(codes: Sequence[str] | None) -> dict[str, int]:
    """Completions waiting for review per commune (None: every commune)."""
    statement = (select(P.commune_code, func.count()).select_from(H)
                 .join(P, P.learner_id == H.learner_id)
                 .where(H.status == HoldStatus.PENDING).group_by(P.commune_code))
    if codes is not None:
        statement = statement.where(P.commune_code.in_(list(codes)))
    return {code: n for code, n in db.session.execute(statement)}


def commune_of_hold(hold: CompletionHold) -> str | None:
    """The commune where the held completion's learner is counted."""
    return db.session.scalar(select(P.commune_code).where(P.learner_id == hold.learner_id))
