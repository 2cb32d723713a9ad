"""Reading the audit log: newest first, a page at a time, with the names of the people."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from learning.accounts.models import User
from learning.audit.models import AuditEntry
from learning.extensions import db


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    names: dict[int, str]  # user id -> name, for actors and user targets
    page: int
    pages: int
    total: int


def audit_page(page: int = 1, per_page: int = 50, action: str | None = None,
               actor_id: int | None = None) -> AuditPage:
    statement = select(AuditEntry)
    if action:
        statement = statement.where(AuditEntry.action == action)
    if actor_id:
        statement = statement.where(AuditEntry.actor_id == actor_id)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    entries = list(db.session.scalars(statement.order_by(AuditEntry.at.desc(),
                                                         AuditEntry.id.desc())
                                      .offset((page - 1) * per_page).limit(per_page)))
    return AuditPage(entries, names_of(entries), page, pages, total)


def names_of(entries: list[AuditEntry]) -> dict[int, str]:
    ids = {e.actor_id for e in entries if e.actor_id}
    ids |= {int(e.target_id) for e in entries if e.target_type == "user"
            and e.target_id.isdigit()}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(ids)))
                .all())


def entries_about(user: User) -> list[AuditEntry]:
    """Changes made to a person's account or by them (what the privacy page shows them)."""
    return list(db.session.scalars(select(AuditEntry).where(or_(
        (AuditEntry.target_type == "user") & (AuditEntry.target_id == str(user.id)),
        AuditEntry.actor_id == user.id)).order_by(AuditEntry.at.desc()).limit(200)))


def actions_in_log() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).distinct()
                                   .order_by(AuditEntry.action)))
