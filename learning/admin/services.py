"""Administrators give people their role and scope (a commune officer's commune, province staff's
province). Tutors and team leads are made by adding them to a team, not here."""

import logging

from sqlalchemy import func, select

from learning.accounts.models import Role, User
from learning.audit.services import record_change
from learning.extensions import db
from learning.refusals import Refusal

log = logging.getLogger(__name__)

ASSIGNABLE_ROLES = (Role.LEARNER, Role.COMMUNE_OFFICER, Role.PROVINCE_STAFF, Role.ADMIN)


def set_role(actor: User, user: User, role: str, *, commune_code: str | None,
             province_code: str | None) -> bool:
    """Give ``user`` a role with its scope. True when something changed."""
    if role not in ASSIGNABLE_ROLES:
        raise ValueError(role)
    if user.role in (Role.TUTOR, Role.TEAM_LEAD) and role != user.role:
        raise Refusal("role", "member_role")
    if user.role == Role.ADMIN and role != Role.ADMIN and db.session.scalar(
            select(func.count()).where(User.role == Role.ADMIN,
                                       User.deleted_at.is_(None))) <= 1:
        raise Refusal("role", "last_admin")
    if role == Role.COMMUNE_OFFICER and not commune_code:
        raise Refusal("commune", "scope_commune")
    if role == Role.PROVINCE_STAFF and not province_code:
        raise Refusal("province", "scope_province")
    before = (user.role, user.commune_code, user.province_code)
    user.role = role
    if role == Role.COMMUNE_OFFICER or (commune_code and role == Role.LEARNER):
        user.commune_code = commune_code
    user.province_code = province_code if role == Role.PROVINCE_STAFF else None
    after = (user.role, user.commune_code, user.province_code)
    if before == after:
        return False
    # Staff are on no team's list of learners; a team serves the people of its own commune.
    left_list = user.team_id if role != Role.LEARNER or user.commune_code != before[1] else None
    if left_list is not None:
        user.team_id = None
    record_change(actor, "user.role", "user", user.id,
                  before={"role": before[0], "commune": before[1], "province": before[2]},
                  after={"role": after[0], "commune": after[1], "province": after[2]},
                  **({"left_list": left_list} if left_list is not None else {}))
    log.info("role of user %s changed by %s: %s -> %s", user.id, actor.id, before, after)
    db.session.flush()
    return True
