"""Forms of "My data": correcting one's details, deleting one's account."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional

from learning.accounts.forms import GENDER_CHOICES
from learning.geography.picker import CommunePickerMixin
from learning.web.forms import birth_year_field


class DetailsForm(CommunePickerMixin, FlaskForm):
    full_name = StringField(_l("Full name"), validators=[
        InputRequired(_l("Enter your full name.")), Length(max=120)])
    birth_year = birth_year_field(_l("Year of birth (optional)"), False)
    gender = RadioField(_l("Gender (optional)"), choices=GENDER_CHOICES, default="",
                        validators=[Optional()])
    submit = SubmitField(_l("Save my details"))


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[
        InputRequired(_l("Enter your password."))])
    confirm = BooleanField(_l("I understand: my name, phone number and details are removed for "
                              "good, and I cannot sign in any more."),
                           validators=[InputRequired(_l("Tick the box to confirm."))])
    submit = SubmitField(_l("Delete my account"))
