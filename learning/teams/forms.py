"""Forms of the team screens. Labels through lazy gettext; every field has a label."""

import uuid
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from learning.accounts.forms import GENDER_CHOICES, vietnamese_mobile

AREA_KIND_LABELS = {
    "thon": _l("Village (thôn)"),
    "ban": _l("Hamlet (bản)"),
    "to_dan_pho": _l("Residential group (tổ dân phố)"),
}
AREA_KIND_CHOICES = [SelectChoice(value, label) for value, label in AREA_KIND_LABELS.items()]
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


class TeamForm(FlaskForm):
    area_kind = RadioField(_l("The team serves a"), choices=AREA_KIND_CHOICES, default="thon",
                           validators=[InputRequired(_l("Choose what kind of place."))])
    area_name = StringField(_l("Name of the village or group"), validators=[
        InputRequired(_l("Enter the name of the village or group, for example Thôn 3.")),
        Length(max=120)])
    submit = SubmitField(_l("Save the team"))


class MemberForm(FlaskForm):
    phone = StringField(_l("Tutor's mobile phone number"), validators=[
        InputRequired(_l("Enter the tutor's mobile phone number.")), vietnamese_mobile])
    full_name = StringField(_l("Full name (only if they have no account yet)"),
                            validators=[Length(max=120)])
    submit = SubmitField(_l("Add the tutor"))


class AssistedSignUpForm(FormIdMixin, FlaskForm):
    full_name = StringField(_l("Full name"), validators=[
        InputRequired(_l("Enter the person's full name.")), Length(max=120)])
    birth_year = birth_year_field(_l("Year of birth (if they agree to give it)"), False)
    gender = RadioField(_l("Gender (optional)"), choices=GENDER_CHOICES, default="",
                        validators=[Optional()])
    consent = BooleanField(_l("I read this to the person and they agree: their name, year of "
                              "birth, commune and learning progress are kept to record their "
                              "learning and count the movement's progress in the commune."),
                           validators=[InputRequired(_l("The person's agreement is needed to "
                                                        "create their account."))])
    confirm_new = BooleanField(_l("It is another person with the same name: create the "
                                  "account"))
    submit = SubmitField(_l("Create the account"))


class AddLearnerForm(FlaskForm):
    phone = StringField(_l("The person's mobile phone number"), validators=[
        InputRequired(_l("Enter the person's mobile phone number.")), vietnamese_mobile])
    birth_year = birth_year_field(_l("Their year of birth"), True)
    submit = SubmitField(_l("Add to the list"))


class LearnerForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[
        InputRequired(_l("Enter the person's full name.")), Length(max=120)])
    birth_year = birth_year_field(_l("Year of birth (optional)"), False)
    gender = RadioField(_l("Gender (optional)"), choices=GENDER_CHOICES, default="",
                        validators=[Optional()])
    submit = SubmitField(_l("Save"))


class EventForm(FormIdMixin, FlaskForm):
    title = StringField(_l("What it is"), validators=[
        InputRequired(_l("Say what the event is, for example “Digital Saturday”.")),
        Length(max=200)])
    held_on = DateField(_l("Date"), validators=[
        InputRequired(_l("Enter the date of the event, for example 2025-09-20."))])
    place = StringField(_l("Place"), validators=[
        InputRequired(_l("Enter where it is held, for example the cultural house.")),
        Length(max=200)])
    courses = MultiCheckboxField(_l("Courses covered"), choices=[])
    submit = SubmitField(_l("Save the event"))


class AttendeesForm(FlaskForm):
    learners = MultiCheckboxField(_l("People of the team's list who came"), choices=[],
                                  coerce=int)
    submit = SubmitField(_l("Mark as attended"))


class ClaimForm(FlaskForm):
    code = StringField(_l("Code on the paper from your tutor"), validators=[
        InputRequired(_l("Enter the code your tutor gave you.")), Length(max=20)])
    phone = StringField(_l("Your mobile phone number"), validators=[
        InputRequired(_l("Enter your mobile phone number.")), vietnamese_mobile])
    password = PasswordField(_l("Choose a password (at least 6 characters)"), validators=[
        InputRequired(_l("Choose a password.")),
        Length(min=6, max=128, message=_l("The password needs at least 6 characters."))])
    password_again = PasswordField(_l("The same password again"), validators=[
        InputRequired(_l("Type the password again.")),
        EqualTo("password", message=_l("The two passwords are not the same."))])
    submit = SubmitField(_l("Take over my account"))


class ConfirmForm(FlaskForm):
    """A button that asks to confirm a change that cannot be undone."""

    confirm = BooleanField(_l("I confirm"), validators=[
        InputRequired(_l("Tick the box to confirm."))])
    submit = SubmitField(_l("Confirm"))
