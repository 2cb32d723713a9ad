"""Every write about teams and their tutors: create a team, add tutors (an invitation for a
person who has an account, accepted by them), choose the lead.

Called by the views after the access checks (learning.access.policy); each change is written to
the audit log. Flush, never commit: the view commits once.
"""

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError

from learning.accounts.models import Role, User
from learning.accounts.phone import normalize_phone
from learning.accounts.services import find_by_phone, record_consent
from learning.audit.services import record_change
from learning.claims.services import issue_claim_code
from learning.extensions import db
from learning.refusals import Refusal
from learning.teams.models import DigitalTeam, TeamInvitation, TeamMember
from learning.text import fold, squash
from learning.vocabulary import AreaKind


def create_team(actor: User, commune_code: str, area_kind: str, area_name: str) -> DigitalTeam:
    area_name = squash(area_name)
    _check_area_free(commune_code, area_name)
    _check_one_commune_team(commune_code, area_kind)
    team = DigitalTeam(commune_code=commune_code, area_kind=area_kind, area_name=area_name)
    db.session.add(team)
    db.session.flush()
    record_change(actor, "team.create", "team", team.id, commune=commune_code,
                  area=f"{area_kind}: {area_name}")
    return team


def update_team(actor: User, team: DigitalTeam, area_kind: str, area_name: str) -> None:
    area_name = squash(area_name)
    if (area_kind, area_name) == (team.area_kind, team.area_name):
        return
    _check_area_free(team.commune_code, area_name, but=team)
    _check_one_commune_team(team.commune_code, area_kind, but=team)
    record_change(actor, "team.update", "team", team.id,
                  before=f"{team.area_kind}: {team.area_name}", after=f"{area_kind}: {area_name}")
    team.area_kind, team.area_name = area_kind, area_name
    db.session.flush()


def _check_area_free(commune_code: str, area_name: str, but: DigitalTeam | None = None) -> None:
    """One team per village or residential group: the same name (accents and case aside) in the
    same commune is refused."""
    wanted = fold(area_name)
    for team in db.session.scalars(select(DigitalTeam).where(
            DigitalTeam.commune_code == commune_code)):
        if team is not but and fold(team.area_name) == wanted:
            raise Refusal("area_name", "taken", name=team.area_name)


def _check_one_commune_team(commune_code: str, area_kind: str,
                            but: DigitalTeam | None = None) -> None:
    """One commune-level team per commune (beside its village and group teams)."""
    if area_kind != AreaKind.COMMUNE:
        return
    for team in db.session.scalars(select(DigitalTeam).where(
            DigitalTeam.commune_code == commune_code, DigitalTeam.area_kind == AreaKind.COMMUNE)):
        if team is not but:
            raise Refusal("area_kind", "commune_team_taken", name=team.area_name)


def delete_team(actor: User, team: DigitalTeam) -> None:
    """Only a team created by mistake: without tutors, learners or events."""
    in_use = db.session.scalar(select(
        exists().where(TeamMember.team_id == team.id)
        | exists().where(User.team_id == team.id)
        | select(DigitalTeam.id).where(DigitalTeam.id == team.id,
                                       DigitalTeam.events.any()).exists()))
    if in_use:
        raise Refusal(None, "team_in_use")
    record_change(actor, "team.delete", "team", team.id, commune=team.commune_code,
                  area=f"{team.area_kind}: {team.area_name}")
    db.session.execute(delete(DigitalTeam).where(DigitalTeam.id == team.id))


def add_member(actor: User, team: DigitalTeam, phone: str,
               full_name: str) -> tuple[TeamMember | TeamInvitation, str | None]:
    """Add a tutor by their phone number.

    - A person without an account gets one, in the team's commune, with a claim code (returned)
      to choose their password: the officer makes it with them, in person, and they tutor at
      once.
    - A person of the team's commune who has an account is invited: they become a tutor only when
      they accept, once signed in (``accept_invitation``).
    - A number registered elsewhere is refused with one message, whoever it belongs to (a
      learner, a tutor or staff of another commune): nothing about them is revealed.

    Nobody becomes the lead by being added: the officer chooses the lead. The same form sent
    twice, even at the same moment, changes nothing."""
    normal = normalize_phone(phone)
    if normal is None:
        raise Refusal("phone", "phone")
    user = find_by_phone(normal)
    if user is None:
        user, code = _new_tutor_account(actor, team, normal, full_name)
        return _joined(actor, team, user, code), code
    existing = _membership(user)
    if user.commune_code != team.commune_code or (
            existing is not None and existing.team.commune_code != team.commune_code):
        raise Refusal("phone", "not_in_commune")
    if user.role not in (Role.LEARNER, Role.TUTOR, Role.TEAM_LEAD):
        raise Refusal("phone", "staff_account")
    if existing is not None:
        if existing.team_id != team.id:
            raise Refusal("phone", "other_team")
        return existing, None
    return _invite(actor, team, user), None


def _joined(actor: User, team: DigitalTeam, user: User, code: str | None) -> TeamMember:
    """The new account's membership (made once, even by the same form sent twice at once)."""
    existing = _membership(user)
    if existing is None:
        try:
            with db.session.begin_nested():
                return _join(actor, team, user, "member.add", new_account=code is not None)
        except IntegrityError:  # the same form, sent twice at once: the other one added them
            existing = _membership(user)
            if existing is None:
                raise
    if existing.team_id != team.id:
        raise Refusal("phone", "other_team")
    return existing


def _invitation(user: User, team: DigitalTeam) -> TeamInvitation | None:
    return db.session.scalars(select(TeamInvitation).where(
        TeamInvitation.user_id == user.id, TeamInvitation.team_id == team.id)).first()


def _invite(actor: User, team: DigitalTeam, user: User) -> TeamInvitation:
    existing = _invitation(user, team)
    if existing is not None:
        return existing
    try:
        with db.session.begin_nested():
            invitation = TeamInvitation(team_id=team.id, user_id=user.id, invited_by_id=actor.id)
            db.session.add(invitation)
            db.session.flush()
    except IntegrityError:  # the same form, sent twice at once
        existing = _invitation(user, team)
        if existing is None:
            raise
        return existing
    record_change(actor, "member.invite", "user", user.id, team=team.id)
    return invitation


def accept_invitation(user: User, invitation: TeamInvitation) -> TeamMember:
    """The person tutors in the team from now on, and leaves the list of the team that followed
    them. An invitation that no longer fits (they became a tutor or staff meanwhile, or moved to
    another commune) is withdrawn instead. Their other invitations end."""
    team = invitation.team
    if (user.role != Role.LEARNER or user.commune_code != team.commune_code
            or _membership(user) is not None):
        db.session.delete(invitation)
        db.session.flush()
        raise Refusal(None, "invitation_void")
    member = _join(user, team, user, "member.accept", new_account=False)
    db.session.execute(delete(TeamInvitation).where(TeamInvitation.user_id == user.id))
    return member


def decline_invitation(user: User, invitation: TeamInvitation) -> None:
    record_change(user, "member.decline", "user", user.id, team=invitation.team_id)
    db.session.delete(invitation)
    db.session.flush()


def _membership(user: User) -> TeamMember | None:
    return db.session.scalars(select(TeamMember).where(TeamMember.user_id == user.id)).first()


def _new_tutor_account(actor: User, team: DigitalTeam, phone: str,
                       full_name: str) -> tuple[User, str | None]:
    """The account of a tutor who has none, and its claim code (None when the same form, sent
    at the same moment, created it first)."""
    if not full_name.strip():
        raise Refusal("full_name", "name_needed")
    try:
        with db.session.begin_nested():
            user = User(phone=phone, full_name=squash(full_name), commune_code=team.commune_code,
                        role=Role.LEARNER, registered_by_id=actor.id)
            db.session.add(user)
            db.session.flush()
            record_consent(user, recorded_by=actor)
            return user, issue_claim_code(actor, user)
    except IntegrityError:
        created = find_by_phone(phone)
        if created is None:
            raise
        if created.commune_code != team.commune_code:
            raise Refusal("phone", "not_in_commune") from None
        return created, None


def _join(actor: User, team: DigitalTeam, user: User, action: str,
          new_account: bool) -> TeamMember:
    """A tutor is no learner of a team's list any more: their team is the one they tutor in.
    The officer chooses the lead (``make_lead``): nobody leads by being the first added."""
    member = TeamMember(team=team, user=user, is_lead=False)
    user.role = Role.TUTOR
    left_roster, user.team_id = user.team_id, None
    db.session.add(member)
    db.session.flush()
    record_change(actor, action, "user", user.id, team=team.id, new_account=new_account,
                  **({"left_list": left_roster} if left_roster else {}))
    return member


def make_lead(actor: User, member: TeamMember) -> None:
    """The team has one lead: choosing one makes the former lead a tutor."""
    for other in member.team.members:
        if other.is_lead and other is not member:
            other.is_lead, other.user.role = False, Role.TUTOR
    member.is_lead, member.user.role = True, Role.TEAM_LEAD
    db.session.flush()
    record_change(actor, "member.lead", "user", member.user_id, team=member.team_id)


def remove_member(actor: User, member: TeamMember) -> None:
    """The person stays, as a learner; what they recorded as a tutor keeps their name."""
    user = member.user
    record_change(actor, "member.remove", "user", user.id, team=member.team_id,
                  was_lead=member.is_lead)
    if user.role in (Role.TUTOR, Role.TEAM_LEAD):
        user.role = Role.LEARNER
    db.session.delete(member)
    db.session.flush()
