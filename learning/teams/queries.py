"""Read-only queries about teams: their tutors, the size of their list, the teams of a commune,
the teams a user may open, and a tutor's membership for the authorization layer."""

from sqlalchemy import ColumnElement, Select, func, select

from learning.access import policy
from learning.access.scope import Membership, Scope, scope_of
from learning.accounts.models import Role, User
from learning.extensions import db
from learning.geography.models import Commune
from learning.teams.models import DigitalTeam, TeamInvitation, TeamMember
from learning.text import collation, sort_key


def members_of(team: DigitalTeam) -> list[TeamMember]:
    return sorted(team.members, key=lambda m: (not m.is_lead, sort_key(m.user.full_name)))


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
        .where(DigitalTeam.commune_code == code)
        .order_by(DigitalTeam.area_name.collate(collation()), DigitalTeam.id))
    return [(team, n_tutors, n_learners) for team, n_tutors, n_learners in rows]


def membership_of(user: User) -> TeamMember | None:
    """The user's membership of a team (tutors and team leads), with its team."""
    if not user.is_authenticated or user.role not in (Role.TUTOR, Role.TEAM_LEAD):
        return None
    return db.session.scalars(select(TeamMember).where(TeamMember.user_id == user.id)).first()


def membership(user_id: int) -> Membership | None:
    """What the authorization layer needs of a tutor's team, in one query (registered with
    ``access.scope.register_membership`` by ``create_app``)."""
    row = db.session.execute(
        select(TeamMember.team_id, TeamMember.is_lead, DigitalTeam.commune_code,
               Commune.province_code)
        .join(DigitalTeam, DigitalTeam.id == TeamMember.team_id)
        .join(Commune, Commune.code == DigitalTeam.commune_code)
        .where(TeamMember.user_id == user_id)).first()
    return Membership(*row) if row is not None else None


def teams_in_scope(who: "User | Scope") -> Select:
    """The teams (as DigitalTeam rows) the user may open (``policy.can_see_team``)."""
    scope = scope_of(who)
    statement = select(DigitalTeam)
    if policy.is_admin(scope):
        return statement
    if policy.has_role(scope, Role.COMMUNE_OFFICER) and scope.commune_code:
        return statement.where(DigitalTeam.commune_code == scope.commune_code)
    if policy.works_in_team(scope):
        return statement.where(DigitalTeam.id == scope.team_id)
    return statement.where(False)


def invitations_of(user: User) -> list[TeamInvitation]:
    """The person's invitations to tutor, waiting for their answer (oldest first)."""
    if not user.is_authenticated or user.role != Role.LEARNER:
        return []
    return list(db.session.scalars(select(TeamInvitation).where(TeamInvitation.user_id == user.id)
                                   .order_by(TeamInvitation.created_at, TeamInvitation.id)))


def invited_to(team: DigitalTeam) -> list[TeamInvitation]:
    """The people invited to tutor in the team who have not answered yet."""
    return sorted(db.session.scalars(select(TeamInvitation).where(
        TeamInvitation.team_id == team.id)), key=lambda i: sort_key(i.user.full_name))
