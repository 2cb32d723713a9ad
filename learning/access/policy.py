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

Every predicate takes the user or their ``Scope`` (``access.scope``: built once per request) and
runs no query; the ``*_in_scope`` functions return the statements that list what a user may see
(the teams and events packages add theirs, built on the same scope).
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from flask import abort
from sqlalchemy import Select, select

from learning.access.scope import Membership, Scope, scope_of
from learning.accounts.models import Role, User
from learning.extensions import db
from learning.geography.models import Commune

if TYPE_CHECKING:  # records of the packages above access, read through their attributes only
    from learning.events.models import TeamEvent
    from learning.teams.models import DigitalTeam, TeamInvitation, TeamMember

T = TypeVar("T")
Who = "User | Scope | Any"

TEAM_ROLES = (Role.TUTOR, Role.TEAM_LEAD)
STAFF_ROLES = (Role.COMMUNE_OFFICER, Role.PROVINCE_STAFF, Role.ADMIN)

__all__ = ["Membership", "Scope", "scope_of"]


def has_role(who: Who, *roles: str) -> bool:
    scope = scope_of(who)
    return scope.authenticated and scope.role in roles


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


def get_or_404(model: type[T], record_id: int | str, visible: Callable[[T], bool]) -> T:
    """The record with this id, or a 404 when there is none or ``visible`` says no."""
    record = db.session.get(model, record_id)
    return visible_or_404(record, record is not None and visible(record))


def commune_or_404(who: Who, code: str) -> Commune:
    """A commune the user may see (404 otherwise, whoever asks)."""
    return get_or_404(Commune, code, lambda commune: can_see_commune(who, commune.code))


# --- What kind of pages a role uses (403 otherwise) ----------------------------------------

def works_in_team(who: Who) -> bool:
    """A tutor or team lead who is a member of a team."""
    scope = scope_of(who)
    return scope.role in TEAM_ROLES and scope.team_id is not None


def is_team_lead(who: Who, team: "DigitalTeam | None" = None) -> bool:
    scope = scope_of(who)
    return works_in_team(scope) and scope.is_lead and (team is None or scope.team_id == team.id)


def sees_learners(who: Who) -> bool:
    """May open the pages about other people (rosters, learner pages)."""
    return has_role(who, Role.COMMUNE_OFFICER, Role.ADMIN) or works_in_team(who)


def sees_teams(who: Who) -> bool:
    return sees_learners(who)


def sees_communes(who: Who) -> bool:
    """May open the pages about communes (figures, targets)."""
    return has_role(who, *STAFF_ROLES)


def sees_statistics(who: Who) -> bool:
    return has_role(who, Role.COMMUNE_OFFICER, Role.PROVINCE_STAFF, Role.ADMIN)


def is_admin(who: Who) -> bool:
    return has_role(who, Role.ADMIN)


def manages_users(who: Who) -> bool:
    return is_admin(who)


def reads_audit_log(who: Who) -> bool:
    return is_admin(who)


def uploads_targets(who: Who) -> bool:
    return is_admin(who) or (has_role(who, Role.PROVINCE_STAFF)
                             and scope_of(who).province_code is not None)


# --- Scopes: which records (404 outside) ---------------------------------------------------

def communes_in_scope(who: Who) -> Select:
    """Codes of the communes whose figures the user may see."""
    scope = scope_of(who)
    statement = select(Commune.code)
    if not scope.authenticated:
        return statement.where(False)
    if scope.role == Role.ADMIN:
        return statement
    if scope.role == Role.PROVINCE_STAFF and scope.province_code:
        return statement.where(Commune.province_code == scope.province_code)
    if scope.role in (Role.COMMUNE_OFFICER, *TEAM_ROLES) and scope.commune_code:
        return statement.where(Commune.code == scope.commune_code)
    return statement.where(False)


def can_see_commune(who: Who, code: str) -> bool:
    scope = scope_of(who)
    if not scope.authenticated:
        return False
    if scope.role == Role.ADMIN:
        return True
    if scope.role == Role.PROVINCE_STAFF:
        return bool(scope.province_code) and _province_of(code) == scope.province_code
    if scope.role in (Role.COMMUNE_OFFICER, *TEAM_ROLES):
        return scope.commune_code == code
    return False


def _province_of(code: str) -> str | None:
    return db.session.scalar(select(Commune.province_code).where(Commune.code == code))


def learners_in_scope(who: Who) -> Select:
    """The learners (as User rows) whose personal details the user may see."""
    scope = scope_of(who)
    statement = select(User).where(User.role == Role.LEARNER, User.deleted_at.is_(None))
    if not scope.authenticated:
        return statement.where(False)
    if scope.role == Role.ADMIN:
        return statement
    if scope.role == Role.COMMUNE_OFFICER and scope.commune_code:
        return statement.where(User.commune_code == scope.commune_code)
    if scope.role in TEAM_ROLES and scope.team_id is not None:
        return statement.where(User.team_id == scope.team_id)
    return statement.where(User.id == scope.user_id)


def can_see_team(who: Who, team: "DigitalTeam") -> bool:
    """The teams a user may open: all (admin), their commune's (officer), their own (tutor)."""
    scope = scope_of(who)
    if not scope.authenticated:
        return False
    if scope.role == Role.ADMIN:
        return True
    if scope.role == Role.COMMUNE_OFFICER:
        return bool(scope.commune_code) and team.commune_code == scope.commune_code
    return works_in_team(scope) and team.id == scope.team_id


def can_see_event(who: Who, event: "TeamEvent") -> bool:
    return can_see_team(who, event.team)


# --- Actions on records in scope (403 when not the user's to take) -------------------------

def can_manage_teams_of(who: Who, commune_code: str | None) -> bool:
    """Create teams in a commune, add and remove their tutors: its officer, or an admin."""
    scope = scope_of(who)
    return is_admin(scope) or (has_role(scope, Role.COMMUNE_OFFICER)
                               and commune_code is not None
                               and scope.user_commune_code == commune_code)


def can_manage_team(who: Who, team: "DigitalTeam") -> bool:
    return can_manage_teams_of(who, team.commune_code)


def is_member_of(who: Who, team: "DigitalTeam") -> bool:
    scope = scope_of(who)
    return works_in_team(scope) and scope.team_id == team.id


def can_change_roster(who: Who, team: "DigitalTeam") -> bool:
    """Sign people up for the team, add them to its list, correct their details."""
    return is_member_of(who, team) or can_manage_team(who, team)


def can_remove_from_roster(who: Who, team: "DigitalTeam") -> bool:
    return is_team_lead(who, team) or can_manage_team(who, team)


def can_tutor(who: Who, learner: User) -> bool:
    """Record progress for a learner in person: a tutor of the learner's team."""
    scope = scope_of(who)
    return (works_in_team(scope) and learner.team_id == scope.team_id
            and learner.deleted_at is None and learner.role == Role.LEARNER)


def can_edit_learner(who: Who, learner: User) -> bool:
    """Correct the details of a learner: a tutor of their team, or their commune's officer (a
    team serves the people of its own commune)."""
    scope = scope_of(who)
    return (learner.team_id is not None and works_in_team(scope)
            and learner.team_id == scope.team_id) or can_manage_teams_of(scope,
                                                                         learner.commune_code)


def can_issue_claim_code(who: Who, learner: User) -> bool:
    """A code with which a person signed up in person takes over their account."""
    return learner.password_hash is None and can_edit_learner(who, learner)


def answers_invitation(who: Who, invitation: "TeamInvitation") -> bool:
    """An invitation to tutor is seen and answered by the person invited only (404 for anyone
    else, their officer included)."""
    scope = scope_of(who)
    return scope.authenticated and invitation.user_id == scope.user_id


def can_issue_tutor_claim_code(who: Who, member: "TeamMember") -> bool:
    """A new code for a tutor whose account the officer created and nobody has taken over."""
    return member.user.password_hash is None and can_manage_team(who, member.team)


def can_delete_learner(who: Who, learner: User) -> bool:
    """Staff delete an account at the request of a person who cannot do it themselves: only an
    account signed up in person that nobody has taken over (no password yet). Anyone who can sign
    in deletes their own account on "My data"."""
    return (learner.password_hash is None and learner.role == Role.LEARNER
            and learner.deleted_at is None and learner.commune_code is not None
            and can_manage_teams_of(who, learner.commune_code))


def can_record_at_event(who: Who, event: "TeamEvent") -> bool:
    return is_member_of(who, event.team)


def can_change_attendance(who: Who, event: "TeamEvent") -> bool:
    return can_change_roster(who, event.team)


def can_edit_event(who: Who, event: "TeamEvent") -> bool:
    scope = scope_of(who)
    return (event.created_by_id == scope.user_id and is_member_of(scope, event.team)) or \
        is_team_lead(scope, event.team) or can_manage_team(scope, event.team)


def target_communes(who: Who) -> set[str] | None:
    """Codes of the communes whose coverage targets the user may change (None: every commune)."""
    if is_admin(who):
        return None
    if not uploads_targets(who):
        return set()
    return set(db.session.scalars(communes_in_scope(who)))


def can_edit_target(who: Who, commune: Commune) -> bool:
    if is_admin(who):
        return True
    return has_role(who, Role.PROVINCE_STAFF) and \
        scope_of(who).province_code == commune.province_code


# --- Statistics (issue 4) -------------------------------------------------------------------

def can_see_province(who: Who, code: str) -> bool:
    """Province figures (all its communes): administrators, and the province's own staff."""
    if is_admin(who):
        return True
    return has_role(who, Role.PROVINCE_STAFF) and scope_of(who).province_code == code


def sees_exact_breakdowns(who: Who, commune_code: str | None = None) -> bool:
    """The split of people by age band, gender and team shown exactly, as it stands today, on
    screen: to administrators, and to a commune officer about their own commune (they already
    see its people one by one). Everyone else — province staff, API tokens — and every export
    and published report get only the released tables (reporting/disclosure.py). Counts of
    people per commune, course and period are exact for everyone who sees statistics."""
    if is_admin(who):
        return True
    return commune_code is not None and has_role(who, Role.COMMUNE_OFFICER) and \
        scope_of(who).user_commune_code == commune_code


# --- Account recovery, certificates, help contacts (issue 11) -------------------------------

def can_issue_reset_code(who: Who, learner: User) -> bool:
    """A one-time code to choose a new password, given in person after checking the ID card: a
    tutor of the person's team, their commune officer, or an administrator. Only for an account
    that has a password (one signed up in person and not taken over gets a claim code)."""
    return (learner.password_hash is not None and learner.phone is not None
            and learner.deleted_at is None and can_edit_learner(who, learner))


def can_revoke_certificates(who: Who) -> bool:
    return is_admin(who)


def can_edit_help_contacts(who: Who, commune_code: str) -> bool:
    """Who to ask for help in a commune: its officer, or an administrator."""
    return can_manage_teams_of(who, commune_code)


# --- Flagged completions (issue 13) ---------------------------------------------------------

def reviews_completions(who: Who) -> bool:
    """May open the pages of completions held for review: commune officers, province staff,
    administrators."""
    return has_role(who, Role.COMMUNE_OFFICER, Role.PROVINCE_STAFF, Role.ADMIN)


def can_review_commune(who: Who, commune: Commune) -> bool:
    """See and confirm or reject a commune's held completions: its officer, the staff of its
    province, an administrator (404 for any other commune)."""
    scope = scope_of(who)
    if is_admin(scope):
        return True
    if has_role(scope, Role.COMMUNE_OFFICER):
        return scope.user_commune_code == commune.code
    if has_role(scope, Role.PROVINCE_STAFF):
        return bool(scope.province_code) and commune.province_code == scope.province_code
    return False


def names_flagged_learners(who: Who, commune: Commune) -> bool:
    """The review page shows learners' names to their commune's officer and administrators;
    province staff, who see no individual learner elsewhere, see an account number."""
    scope = scope_of(who)
    return is_admin(scope) or (has_role(scope, Role.COMMUNE_OFFICER)
                               and scope.user_commune_code == commune.code)
