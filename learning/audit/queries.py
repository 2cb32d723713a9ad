"""Reading the audit log: newest first, a page at a time, with the names of the people."""

from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import or_, select

from learning.accounts.models import User
from learning.audit.models import AuditEntry
from learning.extensions import db
from learning.paging import paginate


@dataclass(frozen=True)
class AuditPage:
    pager: Pagination  # the entries of this page (pager.items), newest first
    names: dict[int, str]  # user id -> name, for actors and user targets


def audit_page(page: int = 1, action: str | None = None,
               actor_id: int | None = None) -> AuditPage:
    statement = select(AuditEntry)
    if action:
        statement = statement.where(AuditEntry.action == action)
    if actor_id:
        statement = statement.where(AuditEntry.actor_id == actor_id)
    pager = paginate(statement.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()), page)
    return AuditPage(pager, names_of(pager.items))


def names_of(entries: list[AuditEntry]) -> dict[int, str]:
    ids = {e.actor_id for e in entries if e.actor_id}
    ids |= {int(e.target_id) for e in entries if e.target_type == "user"
            and e.target_id.isdigit()}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(ids)))
                .all())


def entries_about(user: User, limit: int | None = None) -> list[AuditEntry]:
    """Changes made to a person's account or by them, newest first: all of them (what they
    download), or the latest ``limit`` (what the privacy page shows them)."""
    statement = select(AuditEntry).where(or_(
        (AuditEntry.target_type == "user") & (AuditEntry.target_id == str(user.id)),
        AuditEntry.actor_id == user.id)).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if limit is not None:
        statement = statement.limit(limit)
    return list(db.session.scalars(statement))


def actions_in_log() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).distinct()
                                   .order_by(AuditEntry.action)))
