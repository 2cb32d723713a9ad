"""A community digital team's work recorded offline on a tutor's phone, sent with the progress
events to /api/v1/progress/sync (docs/api_sync.md): a person signed up on the spot (assisted
sign-up, at an event or not) and a person of the team's list who attended a team event.

The server is the authority: each sign-up is checked again with the online form itself
(``AssistedSignUpForm``: the same rules and the same messages), and against the team's list.
Merging is idempotent and order-independent:

- a sign-up is keyed by the id the phone made (kept as the sign-up form's id): sending it again
  finds the person it created (``duplicate``);
- a sign-up of someone already on the list (the same name, accents and case aside, and the same
  year of birth) creates nobody: the event's attendance goes to that person, and what their
  record lacked (year of birth, gender) is filled in from the sign-up (``merged``);
  where it is less sure (a year of birth given only on one side, or several such people) it is
  refused with ``possible_duplicate`` and the people it may be; the tutor answers on the phone,
  which sends the sign-up again with ``same_as`` (that person) or ``confirm_new``;
- an attendance is once per person and event, however often it is sent.
"""

from dataclasses import dataclass
from typing import Any

from flask import session
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from learning.access import policy
from learning.accounts.models import User
from learning.events.models import TeamEvent
from learning.events.services import mark_attended
from learning.extensions import db
from learning.offline.events import MAX_ID, Refused, device_id
from learning.roster.forms import AssistedSignUpForm
from learning.roster.services import (
    complete_details,
    lock_rosters,
    same_person_on_roster,
    sign_up_in_person,
    signed_up_with,
)
from learning.teams.models import DigitalTeam
from learning.teams.queries import teams_in_scope

SIGN_UP = "sign_up"
ATTENDANCE = "attendance"
TEAM_TYPES = (SIGN_UP, ATTENDANCE)


@dataclass(frozen=True)
class Done:
    """What became of one item: ``status`` is "recorded", "duplicate" or "merged"."""

    status: str
    learner: User
    message: str | None = None


def _number(value: Any, code: str) -> int | None:
    if value is None:
        return None
    if not _is_id(value):
        raise Refused(code)
    return value


def _event(sender: User, event_id: int | None) -> TeamEvent:
    team_event = db.session.get(TeamEvent, event_id) if event_id is not None else None
    if team_event is None or not policy.can_change_attendance(sender, team_event):
        raise Refused("unknown_event")  # the same answer whether or not it exists
    return team_event


def lock_teams_of(sender: User, raw_items: list[Any]) -> None:
    """Before a batch's team work: lock the teams its sign-ups go into (those the sender may
    open), first and in one order, so that batches sent at once wait for each other there
    instead of deadlocking later (learning/roster/services.py, ``lock_rosters``)."""
    sign_ups = [raw for raw in raw_items if isinstance(raw, dict) and raw.get("type") == SIGN_UP]
    team_ids = {raw["team"] for raw in sign_ups if _is_id(raw.get("team"))}
    event_ids = {raw["event"] for raw in sign_ups if _is_id(raw.get("event"))}
    if event_ids:
        team_ids |= set(db.session.scalars(select(TeamEvent.team_id)
                                           .where(TeamEvent.id.in_(event_ids))))
    if team_ids:
        visible = teams_in_scope(sender).with_only_columns(DigitalTeam.id)
        lock_rosters(set(db.session.scalars(visible.where(DigitalTeam.id.in_(team_ids)))))


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def record_team_work(sender: User, raw: dict[str, Any]) -> Done:
    """Record one item of team work (its ``type`` is one of TEAM_TYPES); raise Refused."""
    item_id = device_id(raw.get("id"))
    if raw["type"] == ATTENDANCE:
        return _attendance(sender, raw)
    return _sign_up(sender, item_id, raw)


def _attendance(sender: User, raw: dict[str, Any]) -> Done:
    team_event = _event(sender, _number(raw.get("event"), "unknown_event"))
    learner_id = _number(raw.get("learner"), "invalid_learner")
    learner = db.session.scalar(policy.learners_in_scope(sender).where(
        User.id == learner_id, User.team_id == team_event.team_id))
    if learner is None:
        raise Refused("not_on_list")
    added = mark_attended(sender, team_event, [learner])
    return Done("recorded" if added else "duplicate", learner)


def _team(sender: User, raw: dict[str, Any]) -> tuple[DigitalTeam, TeamEvent | None]:
    """The team the person is signed up in: the event's, at an event; the sender's to change."""
    event_id = _number(raw.get("event"), "unknown_event")
    team_event = _event(sender, event_id) if event_id is not None else None
    team_id = _number(raw.get("team"), "unknown_team")
    team = team_event.team if team_event is not None else (
        db.session.get(DigitalTeam, team_id) if team_id is not None else None)
    if team is None or (team_id is not None and team.id != team_id) or \
            not policy.can_change_roster(sender, team):
        raise Refused("unknown_team")
    return team, team_event


def _checked_form(raw: dict[str, Any]) -> AssistedSignUpForm:
    """The online form, filled in with what the phone sent and checked with its own rules."""
    def text(name: str) -> str:
        value = raw.get(name)
        if value is None or isinstance(value, bool):
            return ""
        if not isinstance(value, str | int):
            raise Refused("invalid_sign_up", _("The sign-up's fields must be text or numbers."))
        return str(value)

    data = MultiDict({"full_name": text("full_name"), "birth_year": text("birth_year"),
                      "gender": text("gender")})
    if raw.get("consent") is True:
        data["consent"] = "y"
    form = AssistedSignUpForm(formdata=data, meta={"csrf": False})
    if not form.validate():
        errors = [str(error) for field in form for error in field.errors]
        raise Refused("invalid_sign_up", " ".join(errors))
    return form


def _person(user: User) -> str:
    return f"{user.full_name} ({user.birth_year})" if user.birth_year else user.full_name


def _sign_up(sender: User, item_id: str, raw: dict[str, Any]) -> Done:
    team, team_event = _team(sender, raw)
    already = signed_up_with(sender, team, item_id)
    if already is not None:
        person, status, message = already, "duplicate", None
    else:
        form = _checked_form(raw)
        person, status = _new_or_existing(sender, team, item_id, form, raw)
        if status == "merged":  # what the list lacked about them, the sign-up gives
            complete_details(sender, person, birth_year=form.birth_year.data,
                             gender=form.gender.data)
        message = _("%(name)s was already on the team's list: this is recorded for them.",
                    name=_person(person)) if status == "merged" else None
    if team_event is not None:
        mark_attended(sender, team_event, [person])
    return Done(status, person, message)


def _new_or_existing(sender: User, team: DigitalTeam, item_id: str, form: AssistedSignUpForm,
                     raw: dict[str, Any]) -> tuple[User, str]:
    full_name, birth_year = form.full_name.data, form.birth_year.data
    same_as = _number(raw.get("same_as"), "not_on_list")
    if same_as is not None:
        person = db.session.scalar(policy.learners_in_scope(sender).where(
            User.id == same_as, User.team_id == team.id))
        if person is None:
            raise Refused("not_on_list")
        return person, "merged"
    if raw.get("confirm_new") is not True:
        found = same_person_on_roster(team, full_name, birth_year)
        exact = [user for user in found if birth_year is not None and user.birth_year == birth_year]
        if len(exact) == 1:
            return exact[0], "merged"
        if found:
            raise Refused("possible_duplicate", _(
                "Someone with this name is already on the team's list: %(people)s. Is it the "
                "same person?", people=", ".join(_person(user) for user in found)),
                existing=[{"id": user.id, "name": _person(user)} for user in found])
    person, _code = sign_up_in_person(  # in the tutor's language, as online
        sender, team, full_name=full_name, birth_year=birth_year, gender=form.gender.data,
        form_id=item_id, confirmed_new=True, locale=session.get("locale"))
    return person, "recorded"
