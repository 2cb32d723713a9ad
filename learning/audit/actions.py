"""What each audit action means, in words a reader of the log understands."""

from contextlib import suppress
from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from learning.vocabulary import AreaKind, Role

ACTION_LABELS = {
    "geo.import": _l("Communes imported"),
    "geo.targets": _l("Coverage targets imported"),
    "commune.target": _l("Coverage target changed"),
    "commune.officials": _l("Number of officials changed"),
    "team.create": _l("Team created"),
    "team.update": _l("Team changed"),
    "team.delete": _l("Team deleted"),
    "member.add": _l("Tutor added to a team"),
    "member.invite": _l("Person invited to tutor in a team"),
    "member.accept": _l("Invitation to tutor in a team accepted"),
    "member.decline": _l("Invitation to tutor in a team declined"),
    "member.lead": _l("Team lead chosen"),
    "member.remove": _l("Tutor removed from a team"),
    "learner.signup": _l("Person signed up by a tutor"),
    "learner.roster_add": _l("Learner added to a team's list"),
    "learner.roster_remove": _l("Learner removed from a team's list"),
    "learner.update": _l("Learner's details corrected"),
    "learner.claim_code": _l("Claim code issued"),
    "account.claim": _l("Account claimed by its owner"),
    "account.correct": _l("Own details corrected"),
    "account.delete": _l("Account deleted"),
    "account.leave_team": _l("Learner left a team's list"),
    "event.create": _l("Event created"),
    "event.update": _l("Event changed"),
    "event.delete": _l("Event deleted"),
    "attendance.add": _l("Attendance recorded"),
    "attendance.remove": _l("Attendance removed"),
    "user.role": _l("Role or scope changed"),
}


def action_label(action: str) -> object:
    return ACTION_LABELS.get(action, action)

TARGET_LABELS = {
    "user": _l("person"),
    "team": _l("team"),
    "event": _l("event"),
    "commune": _l("commune"),
    "file": _l("file"),
}

DETAIL_LABELS = {
    "team": _l("team"),
    "commune": _l("commune"),
    "province": _l("province"),
    "role": _l("role"),
    "area": _l("place served"),
    "before": _l("before"),
    "after": _l("after"),
    "lead": _l("team lead"),
    "was_lead": _l("was the team lead"),
    "new_account": _l("account created"),
    "left_list": _l("taken off the list of team"),
    "held_on": _l("date"),
    "title": _l("title"),
    "event": _l("event"),
    "fields": _l("details changed"),
    "by_owner": _l("by the person themself"),
    "what": _l("what"),
    "added": _l("added"),
    "changed": _l("changed"),
    "deleted": _l("deleted"),
    "refused": _l("refused"),
    "codes": _l("codes"),
}

FIELD_LABELS = {
    "full_name": _l("full name"),
    "birth_year": _l("year of birth"),
    "gender": _l("gender"),
    "commune_code": _l("commune"),
    "team_id": _l("team"),
}


def target_label(target_type: str) -> object:
    return TARGET_LABELS.get(target_type, target_type)


def _value(key: str, value: Any) -> str:
    """A logged value in words: yes/no, dates by Babel, field names, roles and kinds of place
    in the reader's language."""
    if isinstance(value, bool):
        return str(_l("yes") if value else _l("no"))
    if value is None or value == "":
        return "–"
    if isinstance(value, dict):
        return ", ".join(f"{DETAIL_LABELS.get(k, k)}: {_value(k, v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value(key, item) for item in value)
    if key == "held_on":
        with suppress(ValueError):
            return format_date(date.fromisoformat(str(value)), format="medium")
    text = str(value)
    kind, _sep, name = text.partition(": ")
    if key in ("area", "before", "after") and kind in AreaKind.values():
        return f"{AreaKind.label_of(kind)}: {name}"
    labels = {"role": Role.labels(), "fields": FIELD_LABELS}.get(key, {})
    return str(labels.get(text, text))


def details_text(details: dict[str, Any] | None) -> str:
    """What the log entry records besides who, what and when, in the reader's language."""
    return "; ".join(f"{DETAIL_LABELS.get(key, key)}: {_value(key, value)}"
                     for key, value in (details or {}).items())
