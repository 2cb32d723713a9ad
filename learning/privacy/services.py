"""A person's rights over their data (Decree 13/2023/NĐ-CP): correct it, leave a team's list,
delete the account. Deleting removes every personal detail and keeps anonymous counts: the
account row stays, blank, so that progress still counts for its commune."""

from sqlalchemy import delete, func, select, update

from learning.accounts.models import Consent, Role, User, utcnow
from learning.audit.services import record_change
from learning.claims.models import AccountClaim
from learning.extensions import db
from learning.refusals import Refusal
from learning.reporting.models import ApiToken
from learning.teams.models import TeamMember
from learning.text import squash

CORRECTABLE = ("full_name", "birth_year", "gender", "commune_code")


def correct_details(user: User, *, full_name: str, birth_year: int | None, gender: str | None,
                    commune_code: str | None) -> list[str]:
    """The person corrects their own details. Moving to another commune takes them off their
    team's list (teams serve one commune). The log says which fields, not the values."""
    wanted = {"full_name": squash(full_name), "birth_year": birth_year,
              "gender": gender or None, "commune_code": commune_code or user.commune_code}
    changed = [name for name in CORRECTABLE if getattr(user, name) != wanted[name]]
    for name in changed:
        setattr(user, name, wanted[name])
    if "commune_code" in changed and user.team_id is not None:
        user.team_id = None
        changed.append("team_id")
    if changed:
        record_change(user, "account.correct", "user", user.id, fields=changed)
        db.session.flush()
    return changed


def leave_team(user: User) -> None:
    """The learner asks that their team no longer follows them."""
    if user.team_id is None:
        return
    record_change(user, "account.leave_team", "user", user.id, team=user.team_id)
    user.team_id = None
    db.session.flush()


def delete_account(actor: User, user: User) -> None:
    """Remove the person's personal data; keep the blank row and its progress for counts."""
    if user.role == Role.ADMIN and db.session.scalar(select(func.count()).where(
            User.role == Role.ADMIN, User.deleted_at.is_(None))) <= 1:
        raise Refusal(None, "last_admin")
    now = utcnow()
    db.session.execute(delete(TeamMember).where(TeamMember.user_id == user.id))
    db.session.execute(delete(AccountClaim).where(AccountClaim.user_id == user.id))
    # The reporting area has no function for it: the person's API tokens, by a plain query.
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    db.session.execute(update(Consent).where(Consent.user_id == user.id,
                                             Consent.withdrawn_at.is_(None))
                       .values(withdrawn_at=now))
    user.full_name, user.phone, user.password_hash = "", None, None
    user.birth_year = user.gender = user.locale = user.province_code = None
    # Nothing left that ties the blank row to a team or a tutor; its commune stays for counts
    # (and the statistics profile keeps only the anonymous attributes it is counted under).
    user.team_id = user.registered_by_id = user.claimed_at = None
    user.role, user.large_text = Role.LEARNER, False
    user.deleted_at = now
    user.session_version += 1  # signed out everywhere
    record_change(actor, "account.delete", "user", user.id,
                  by_owner=actor.id == user.id)
    db.session.flush()
