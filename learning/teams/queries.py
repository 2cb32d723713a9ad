"""Read-only queries about teams: their tutors, the size of their list, the teams of a commune."""


from sqlalchemy import ColumnElement, func, select

from learning.accounts.models import Role, User
from learning.extensions import db
from learning.teams.models import DigitalTeam, TeamMember
from learning.text import fold


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
