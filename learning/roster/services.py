"""Every write about the learners a team follows: signing up a person in person (with their
consent), adding someone who already has an account, correcting details, leaving the list."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learning.access import policy
from learning.accounts.models import Role, User
from learning.accounts.services import find_by_phone, record_consent
from learning.audit.services import record_change
from learning.claims.models import AccountClaim
from learning.claims.services import issue_claim_code
from learning.extensions import db
from learning.refusals import Refusal
from learning.teams.models import DigitalTeam
from learning.text import fold, squash

PERSONAL_FIELDS = ("full_name", "birth_year", "gender")


def signed_up_with(actor: User, team: DigitalTeam, form_id: str) -> User | None:
    """The person of this team, in the actor's scope, already signed up with this form (the same
    form sent twice). The id of a form sent for another team finds nobody."""
    return db.session.scalar(
        policy.learners_in_scope(actor).join(AccountClaim, AccountClaim.user_id == User.id)
        .where(AccountClaim.form_id == form_id, User.team_id == team.id))


def same_person_on_roster(team: DigitalTeam, full_name: str, birth_year: int | None) -> list[User]:
    """Learners of the team who may be the same person: the same name (accents, case and spaces
    aside) and the same year of birth, or no year of birth on one side or the other (the name
    entered once with and once without it)."""
    wanted = fold(full_name)
    statement = select(User).where(User.team_id == team.id, User.deleted_at.is_(None))
    if birth_year is not None:
        statement = statement.where(
            (User.birth_year == birth_year) | User.birth_year.is_(None))
    rows = db.session.scalars(statement.order_by(User.id))
    return [user for user in rows if fold(user.full_name) == wanted]


def lock_rosters(team_ids: set[int]) -> None:
    """Sign-ups into these teams one at a time (PostgreSQL: the teams' rows locked until the
    transaction ends, in id order; SQLite writes one transaction at a time anyway), so that two
    sign-ups of the same person sent at once cannot both miss each other in the duplicate
    check."""
    if team_ids:
        db.session.execute(select(DigitalTeam.id).where(DigitalTeam.id.in_(team_ids))
                           .order_by(DigitalTeam.id).with_for_update())


def sign_up_in_person(tutor: User, team: DigitalTeam, *, full_name: str, birth_year: int | None,
                      gender: str | None, form_id: str, locale: str | None = None,
                      confirmed_new: bool = False) -> tuple[User, str | None]:
    """Create the account of a person who has no phone or email of their own, on the team's list,
    with their consent recorded by the tutor (Decree 13/2023: purpose, when, by whom). Returns the
    person and the claim code to give them (None when this form had already been sent)."""
    lock_rosters({team.id})
    existing = signed_up_with(tutor, team, form_id)
    if existing is not None:
        return existing, None
    full_name = squash(full_name)
    if not confirmed_new:
        found = same_person_on_roster(team, full_name, birth_year)
        if any(user.birth_year == birth_year for user in found):
            raise Refusal("confirm_new", "possible_duplicate")
        if found:  # one of the two has no year of birth
            raise Refusal("confirm_new", "possible_duplicate_year")
    person = {"full_name": full_name, "birth_year": birth_year, "gender": gender or None,
              "locale": locale}
    try:
        with db.session.begin_nested():
            return _signed_up(tutor, team, person, form_id)
    except IntegrityError:  # the form id is taken already
        existing = signed_up_with(tutor, team, form_id)
        if existing is not None:
            return existing, None  # the same form, sent twice at once
    # The id of a form sent for someone out of this team (a form sent again elsewhere): a new
    # person all the same, whose sign-up is not tied to that form.
    return _signed_up(tutor, team, person, None)


def _signed_up(tutor: User, team: DigitalTeam, person: dict,
               form_id: str | None) -> tuple[User, str]:
    learner = User(phone=None, password_hash=None, commune_code=team.commune_code,
                   role=Role.LEARNER, team_id=team.id, registered_by_id=tutor.id, **person)
    db.session.add(learner)
    db.session.flush()
    record_consent(learner, recorded_by=tutor)
    code = issue_claim_code(tutor, learner, form_id=form_id)
    record_change(tutor, "learner.signup", "user", learner.id, team=team.id)
    return learner, code


def add_to_roster(actor: User, team: DigitalTeam, phone: str, birth_year: int) -> User:
    """Put a person who signed up on their own on the team's list. They must be of the team's
    commune, and both their phone number and year of birth must match (the person is there). A
    number with no account and one registered elsewhere get the same answer: the form tells
    nothing about people outside the team's commune."""
    learner = find_by_phone(phone)
    if (learner is None or learner.role != Role.LEARNER or learner.deleted_at is not None
            or learner.commune_code != team.commune_code or learner.birth_year != birth_year):
        raise Refusal("phone", "no_match")
    if learner.team_id == team.id:
        return learner  # already there (the same form sent twice)
    if learner.team_id is not None:
        raise Refusal("phone", "on_other_roster")
    learner.team_id = team.id
    db.session.flush()
    record_change(actor, "learner.roster_add", "user", learner.id, team=team.id)
    return learner


def remove_from_roster(actor: User, learner: User) -> None:
    """The person keeps their account and progress; the team no longer follows them."""
    record_change(actor, "learner.roster_remove", "user", learner.id, team=learner.team_id)
    learner.team_id = None
    db.session.flush()


def complete_details(actor: User, learner: User, *, birth_year: int | None,
                     gender: str | None) -> list[str]:
    """Fill in what a person's record lacks (year of birth, gender) from a sign-up found to be
    theirs; what it holds is never changed. The log says which fields, not the values."""
    given = {"birth_year": birth_year, "gender": gender or None}
    filled = [name for name, value in given.items()
              if value is not None and getattr(learner, name) is None]
    for name in filled:
        setattr(learner, name, given[name])
    if filled:
        record_change(actor, "learner.update", "user", learner.id, fields=filled)
        db.session.flush()
    return filled


def correct_learner(actor: User, learner: User, *, full_name: str, birth_year: int | None,
                    gender: str | None) -> list[str]:
    """Correct a person's details at their request. The log says which fields, not the values."""
    wanted = {"full_name": squash(full_name), "birth_year": birth_year,
              "gender": gender or None}
    changed = [name for name in PERSONAL_FIELDS if getattr(learner, name) != wanted[name]]
    for name in changed:
        setattr(learner, name, wanted[name])
    if changed:
        record_change(actor, "learner.update", "user", learner.id, fields=changed)
        db.session.flush()
    return changed
