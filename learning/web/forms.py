"""Form pieces shared by several screens: confirming, a form sent twice acting once, a list of
boxes to tick, a year of birth. Labels through lazy gettext."""

import uuid
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectMultipleField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

OLDEST_YEAR = 1900


def youngest_year() -> int:
    return date.today().year - 6


class BirthYear:
    """A year of birth from OLDEST_YEAR to six years ago, the bound taken on the day the form is
    sent (not when the server started)."""

    def __call__(self, form: object, field: IntegerField) -> None:
        NumberRange(min=OLDEST_YEAR, max=youngest_year(),
                    message=_l("Enter a year of birth between %(min)s and %(max)s."))(form, field)


def birth_year_field(label: object, required: bool) -> IntegerField:
    first = (InputRequired(_l("Enter the year of birth, for example 1955.")) if required
             else Optional())
    return IntegerField(label, validators=[first, BirthYear()])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FormIdMixin:
    """The id the form was rendered with, so that sending it twice acts once."""

    form_id = HiddenField()

    def ensure_form_id(self) -> str:
        try:
            self.form_id.data = str(uuid.UUID(self.form_id.data or ""))
        except ValueError:
            self.form_id.data = str(uuid.uuid4())
        return self.form_id.data


class ConfirmForm(FlaskForm):
    """A box to tick and a button, to confirm a change that cannot be undone."""

    confirm = BooleanField(_l("I confirm"), validators=[
        InputRequired(_l("Tick the box to confirm."))])
    submit = SubmitField(_l("Confirm"))
