"""The one authorization layer: who may see or change which communes, teams and learners.

Every view, export and query asks here; no view decides access on its own. Out-of-scope records
answer 404 (``visible_or_404``), so that their existence is not revealed.

Scopes by role:
- learner: themself only;
- tutor and team lead: the learners on their team's roster, in their commune;
- commune officer: everything in their commune;
- province staff: their province, as aggregates only (no individual learner);
- administrator: everything.
"""

from dataclasses import dataclass
from typing import TypeVar

from flask import abort
from sqlalchemy import Select, select

from learning.accounts.models import Role, User
from learning.extensions import db
from learning.geography.models import Commune

T = TypeVar("T")

TEAM_ROLES = (Role.TUTOR, Role.TEAM_LEAD)
STAFF_ROLES = (Role.COMMUNE_OFFICER, Role.PROVINCE_STAFF, Role.ADMIN)


@dataclass(frozen=True)
class Scope:
    role: str
    user_id: int
    commune_code: str | None
    province_code: str | None
    team_id: int | None


def scope_of(user: User) -> Scope:
    from learning.teams.models import TeamMember

    team_id = None
    if user.role in TEAM_ROLES:
        team_id = db.session.scalar(select(TeamMember.team_id).where(TeamMember.user_id == user.id))
    province = user.province_code
    if province is None and user.commune is not None:
        province = user.commune.province_code
    return Scope(user.role, user.id, user.commune_code, province, team_id)


def has_role(user: User, *roles: str) -> bool:
    return user.is_authenticated and user.role in roles


def sees_statistics(user: User) -> bool:
    return has_role(user, Role.COMMUNE_OFFICER, Role.PROVINCE_STAFF, Role.ADMIN)


def communes_in_scope(user: User) -> Select:
    """Codes of the communes whose figures the user may see."""
    statement = select(Commune.code)
    if user.role == Role.ADMIN:
        return statement
    scope = scope_of(user)
    if user.role == Role.PROVINCE_STAFF and scope.province_code:
        return statement.where(Commune.province_code == scope.province_code)
    if user.role in (Role.COMMUNE_OFFICER, *TEAM_ROLES) and scope.commune_code:
        return statement.where(Commune.code == scope.commune_code)
    return statement.where(False)


def can_see_commune(user: User, code: str) -> bool:
    if not user.is_authenticated:
        return False
    return db.session.scalar(communes_in_scope(user).where(Commune.code == code)) is not None


def learners_in_scope(user: User) -> Select:
    """The learners (as User rows) whose personal details the user may see."""
    statement = select(User).where(User.role == Role.LEARNER, User.deleted_at.is_(None))
    if user.role == Role.ADMIN:
        return statement
    scope = scope_of(user)
    if user.role == Role.COMMUNE_OFFICER and scope.commune_code:
        return statement.where(User.commune_code == scope.commune_code)
    if user.role in TEAM_ROLES and scope.team_id is not None:
        return statement.where(User.team_id == scope.team_id)
    return statement.where(User.id == user.id)


def can_see_learner(user: User, learner: User) -> bool:
    if not user.is_authenticated:
        return False
    if learner.id == user.id:
        return True
    return db.session.scalar(learners_in_scope(user).where(User.id == learner.id)) is not None


def visible_or_404(record: T | None, allowed: bool) -> T:
    """The record, or a 404 when it does not exist or is out of the user's scope."""
    if record is None or not allowed:
        abort(404)
    return record
