"""The one authorization layer: who may see or change which communes, teams, learners, events and
progress records. Every view, export and query asks here; no view decides access on its own.

Scopes by role:
- learner: themself only;
- tutor and team lead: the learners on their team's roster, their team and its events;
- commune officer: everything in their commune (teams, rosters, events, learners);
- province staff: the communes of their province, as aggregates only (no individual learner);
- administrator: everything, and the users, roles and audit log.

How a request is answered, always in this order:
1. not signed in -> sign-in page (``login_required``);
2. the role has no use of this kind of page at all -> 403 (``require(sees_learners(user))``);
3. the record does not exist or is out of the user's scope -> 404 (``visible_or_404``), so that
   its existence is not revealed, whoever asks;
4. the record is in scope but this action is not the user's to take -> 403 (``require(...)``).
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from flask import abort
from sqlalchemy import Select, select

from learning.accounts.models import Role, User
from learning.extensions import db
from learning.geography.models import Commune

if TYPE_CHECKING:
    from learning.events.models import TeamEvent
    from learning.teams.models import DigitalTeam, TeamMember

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


def membership_of(user: User) -> "TeamMember | None":
    from learning.teams.models import TeamMember

    if not has_role(user, *TEAM_ROLES):
        return None
    return db.session.scalars(select(TeamMember).where(TeamMember.user_id == user.id)).first()


def scope_of(user: User) -> Scope:
    membership = membership_of(user)
    commune = membership.team.commune if membership else user.commune  # a tutor: the team's
    province = user.province_code or (commune.province_code if commune else None)
    return Scope(user.role, user.id, commune.code if commune else user.commune_code, province,
                 membership.team_id if membership else None)


def has_role(user: User, *roles: str) -> bool:
    return user.is_authenticated and user.role in roles


def require(allowed: bool) -> None:
    """403 unless allowed: for a kind of page the role has no use of, or an action on an
    in-scope record that is not the user's to take."""
    if not allowed:
        abort(403)


def visible_or_404(record: T | None, allowed: bool) -> T:
    """The record, or a 404 when it does not exist or is out of the user's scope."""
    if record is None or not allowed:
        abort(404)
    return record


# --- What kind of pages a role uses (403 otherwise) ----------------------------------------

def works_in_team(user: User) -> bool:
    """A tutor or team lead who is a member of a team."""
    return membership_of(user) is not None


def is_team_lead(user: User, team: "DigitalTeam | None" = None) -> bool:
    membership = membership_of(user)
    return bool(membership and membership.is_lead
                and (team is None or membership.team_id == team.id))


def sees_learners(user: User) -> bool:
    """May open the pages about other people (rosters, learner pages)."""
    return has_role(user, Role.COMMUNE_OFFICER, Role.ADMIN) or works_in_team(user)


def sees_teams(user: User) -> bool:
    return sees_learners(user)


def sees_communes(user: User) -> bool:
    """May open the pages about communes (figures, targets)."""
    return has_role(user, *STAFF_ROLES)


def sees_statistics(user: User) -> bool:
    return has_role(user, Role.COMMUNE_OFFICER, Role.PROVINCE_STAFF, Role.ADMIN)


def is_admin(user: User) -> bool:
    return has_role(user, Role.ADMIN)


def manages_users(user: User) -> bool:
    return is_admin(user)


def reads_audit_log(user: User) -> bool:
    return is_admin(user)


def uploads_targets(user: User) -> bool:
    return is_admin(user) or (has_role(user, Role.PROVINCE_STAFF)
                              and scope_of(user).province_code is not None)


# --- Scopes: which records (404 outside) ---------------------------------------------------

def communes_in_scope(user: User) -> Select:
    """Codes of the communes whose figures the user may see."""
    statement = select(Commune.code)
    if not user.is_authenticated:
        return statement.where(False)
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
    if not user.is_authenticated:
        return statement.where(False)
    if user.role == Role.ADMIN:
        return statement
    scope = scope_of(user)
    if user.role == Role.COMMUNE_OFFICER and scope.commune_code:
        return statement.where(User.commune_code == scope.commune_code)
    if user.role in TEAM_ROLES and scope.team_id is not None:
        return statement.where(User.team_id == scope.team_id)
    return statement.where(User.id == user.id)


def teams_in_scope(user: User) -> Select:
    """The teams (as DigitalTeam rows) the user may open."""
    from learning.teams.models import DigitalTeam

    statement = select(DigitalTeam)
    if is_admin(user):
        return statement
    if has_role(user, Role.COMMUNE_OFFICER) and user.commune_code:
        return statement.where(DigitalTeam.commune_code == user.commune_code)
    membership = membership_of(user)
    if membership is not None:
        return statement.where(DigitalTeam.id == membership.team_id)
    return statement.where(False)


def can_see_team(user: User, team: "DigitalTeam") -> bool:
    from learning.teams.models import DigitalTeam

    return user.is_authenticated and db.session.scalar(
        teams_in_scope(user).with_only_columns(DigitalTeam.id)
        .where(DigitalTeam.id == team.id)) is not None


def events_in_scope(user: User) -> Select:
    """The events (as TeamEvent rows) of the teams the user may open."""
    from learning.events.models import TeamEvent
    from learning.teams.models import DigitalTeam

    teams = teams_in_scope(user).with_only_columns(DigitalTeam.id)
    return select(TeamEvent).where(TeamEvent.team_id.in_(teams))


def can_see_event(user: User, event: "TeamEvent") -> bool:
    return user.is_authenticated and can_see_team(user, event.team)


def attendees_in_scope(user: User, event: "TeamEvent") -> Select:
    """The event's attendees (as User rows) whose details the user may see."""
    from learning.events.models import EventAttendance

    attended = select(EventAttendance.learner_id).where(EventAttendance.event_id == event.id)
    return learners_in_scope(user).where(User.id.in_(attended))


# --- Actions on records in scope (403 when not the user's to take) -------------------------

def can_manage_teams_of(user: User, commune_code: str) -> bool:
    """Create teams in a commune, add and remove their tutors: its officer, or an admin."""
    return is_admin(user) or (has_role(user, Role.COMMUNE_OFFICER)
                              and user.commune_code == commune_code)


def can_manage_team(user: User, team: "DigitalTeam") -> bool:
    return can_manage_teams_of(user, team.commune_code)


def is_member_of(user: User, team: "DigitalTeam") -> bool:
    membership = membership_of(user)
    return membership is not None and membership.team_id == team.id


def can_change_roster(user: User, team: "DigitalTeam") -> bool:
    """Sign people up for the team, add them to its list, correct their details."""
    return is_member_of(user, team) or can_manage_team(user, team)


def can_remove_from_roster(user: User, team: "DigitalTeam") -> bool:
    return is_team_lead(user, team) or can_manage_team(user, team)


def can_tutor(user: User, learner: User) -> bool:
    """Record progress for a learner in person: a tutor of the learner's team."""
    membership = membership_of(user)
    return (membership is not None and learner.team_id == membership.team_id
            and learner.deleted_at is None and learner.role == Role.LEARNER)


def _team_of(learner: User) -> "DigitalTeam | None":
    from learning.teams.models import DigitalTeam

    return db.session.get(DigitalTeam, learner.team_id) if learner.team_id else None


def can_edit_learner(user: User, learner: User) -> bool:
    team = _team_of(learner)
    return (team is not None and can_change_roster(user, team)) or (
        learner.commune_code is not None and can_manage_teams_of(user, learner.commune_code))


def can_issue_claim_code(user: User, learner: User) -> bool:
    """A code with which a person signed up in person takes over their account."""
    return learner.password_hash is None and can_edit_learner(user, learner)


def can_issue_tutor_claim_code(user: User, member: "TeamMember") -> bool:
    """A new code for a tutor whose account the officer created and nobody has taken over."""
    return member.user.password_hash is None and can_manage_team(user, member.team)


def can_delete_learner(user: User, learner: User) -> bool:
    """Staff delete an account at the request of a person who cannot do it themselves: only an
    account signed up in person that nobody has taken over (no password yet). Anyone who can sign
    in deletes their own account on "My data"."""
    return (learner.password_hash is None and learner.role == Role.LEARNER
            and learner.deleted_at is None and learner.commune_code is not None
            and can_manage_teams_of(user, learner.commune_code))


def can_record_at_event(user: User, event: "TeamEvent") -> bool:
    return is_member_of(user, event.team)


def can_change_attendance(user: User, event: "TeamEvent") -> bool:
    return can_change_roster(user, event.team)


def can_edit_event(user: User, event: "TeamEvent") -> bool:
    return (event.created_by_id == user.id and is_member_of(user, event.team)) or \
        is_team_lead(user, event.team) or can_manage_team(user, event.team)


def target_communes(user: User) -> set[str] | None:
    """Codes of the communes whose coverage targets the user may change (None: every commune)."""
    if is_admin(user):
        return None
    if not uploads_targets(user):
        return set()
    return set(db.session.scalars(communes_in_scope(user)))


def can_edit_target(user: User, commune: Commune) -> bool:
    if is_admin(user):
        return True
    return has_role(user, Role.PROVINCE_STAFF) and \
        scope_of(user).province_code == commune.province_code


# --- Statistics (issue 4) -------------------------------------------------------------------

def can_see_province(user: User, code: str) -> bool:
    """Province figures (all its communes): administrators, and the province's own staff."""
    if is_admin(user):
        return True
    return has_role(user, Role.PROVINCE_STAFF) and scope_of(user).province_code == code


def sees_small_counts(user: User, commune_code: str | None = None) -> bool:
    """Counts from 1 to SMALL_CELL_LIMIT - 1 shown exactly on screen: to administrators, and to a
    commune officer about their own commune. Province staff see "<5"; exports always do."""
    if is_admin(user):
        return True
    return commune_code is not None and has_role(user, Role.COMMUNE_OFFICER) and \
        user.commune_code == commune_code
