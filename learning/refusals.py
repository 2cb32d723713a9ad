"""Refusals of the services (teams, their lists and events, claims, administration), each with
the form field it concerns and a translated message; views show them next to that field."""

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "taken": _l("A team already serves “%(name)s” in this commune."),
    "commune_team_taken": _l("This commune already has a commune-level team: “%(name)s”."),
    "team_in_use": _l("This team has tutors, learners or events: it cannot be deleted. Remove "
                      "its tutors and learners first."),
    "phone": _l("Enter a Vietnamese mobile number, for example 0912 345 678."),
    "name_needed": _l("This number has no account yet: enter the person's full name to create "
                      "one."),
    "staff_account": _l("This number belongs to a staff account, which cannot join a team."),
    "other_team": _l("This person is already a tutor of another team. A tutor belongs to one "
                     "team."),
    "no_match": _l("No learner account of this commune matches this phone number and year of "
                   "birth. A person registered in another commune can change their commune in "
                   "“My data”, then be added."),
    "not_in_commune": _l("This number cannot be added to a team of this commune. A person "
                         "registered in another commune can change their commune in “My "
                         "data”, then be added."),
    "too_many_lookups": _l("Too many numbers tried in a short time. Wait a minute, then try "
                           "again."),
    "invitation_void": _l("This invitation no longer applies: you are already a tutor, or "
                          "your account changed commune or role. Ask the commune officer."),
    "on_other_roster": _l("This person is already followed by another team."),
    "event_has_progress": _l("Progress was recorded at this event: it cannot be deleted."),
    "phone_taken": _l("This number already has an account. Sign in with it instead."),
    "claim_invalid": _l("This code is not right, was already used or has expired. Ask your "
                        "tutor for a new one."),
    "claim_phone": _l("This code was given for another phone number."),
    "last_admin": _l("This is the last administrator: choose another one first."),
    "member_role": _l("This person is a tutor: remove them from their team first."),
    "scope_commune": _l("Choose the commune this person works for."),
    "scope_province": _l("Choose the province this person works for."),
    "already_reviewed": _l("This completion was already reviewed: the decision stands."),
    "possible_duplicate": _l("Someone with this name and year of birth is already on the list. "
                             "If it is another person, tick the box to confirm."),
    "possible_duplicate_year": _l("Someone with this name is already on the list, with a year "
                                  "of birth given only once: it may be the same person. Check "
                                  "the person below; if it is another person, tick the box to "
                                  "confirm."),
}


class Refusal(ValueError):
    """A refused change: ``field`` is the form field it concerns (None: the whole form)."""

    def __init__(self, field: str | None, code: str, **params: object) -> None:
        super().__init__(code)
        self.field, self.code, self.params = field, code, params

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % self.params if self.params else str(MESSAGES[self.code])


def show_error(form: object, error: Refusal) -> None:
    """Put the refusal next to its field on the form (or above the form)."""
    field = getattr(form, error.field or "", None)
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)  # type: ignore[attr-defined]
