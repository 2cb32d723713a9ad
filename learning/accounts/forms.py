"""Sign-up, sign-in and settings forms. Labels through lazy gettext."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from learning.accounts.phone import normalize_phone
from learning.geography.picker import CommunePickerMixin
from learning.vocabulary import Gender

GENDER_CHOICES = [*(SelectChoice(value, label) for value, label in Gender.choices()),
                  SelectChoice("", _l("I prefer not to say"))]
LOCALE_CHOICES = [SelectChoice("vi", "Tiếng Việt"), SelectChoice("fr", "Français"),
                  SelectChoice("en", "English")]


def vietnamese_mobile(form: FlaskForm, field: StringField) -> None:
    if field.data and normalize_phone(field.data) is None:
        raise ValidationError(_l("Enter a Vietnamese mobile number, for example 0912 345 678."))


class SignUpForm(CommunePickerMixin, FlaskForm):
    phone = StringField(_l("Mobile phone number"), validators=[
        InputRequired(_l("Enter your mobile phone number.")), vietnamese_mobile])
    full_name = StringField(_l("Full name"), validators=[
        InputRequired(_l("Enter your full name.")), Length(max=120)])
    birth_year = IntegerField(_l("Year of birth"), validators=[
        InputRequired(_l("Enter your year of birth, for example 1965.")),
        NumberRange(min=1900, max=date.today().year - 6,
                    message=_l("Enter a year of birth between %(min)s and %(max)s."))])
    gender = RadioField(_l("Gender (optional)"), choices=GENDER_CHOICES, default="",
                        validators=[Optional()])
    password = PasswordField(_l("Password (at least 6 characters)"), validators=[
        InputRequired(_l("Choose a password.")),
        Length(min=6, max=128, message=_l("The password needs at least 6 characters."))])
    consent = BooleanField(_l("I agree that my name, year of birth, commune and learning "
                              "progress are kept to record my learning and count the "
                              "movement's progress in my commune."),
                           validators=[InputRequired(_l("Your agreement is needed to create "
                                                        "an account."))])
    submit = SubmitField(_l("Create my account"))


class SignInForm(FlaskForm):
    phone = StringField(_l("Mobile phone number"), validators=[
        InputRequired(_l("Enter your mobile phone number.")), vietnamese_mobile])
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your "
                                                                          "password."))])
    remember = BooleanField(_l("Keep me signed in on this phone"), default=True)
    submit = SubmitField(_l("Sign in"))


class PreferencesForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=LOCALE_CHOICES)
    large_text = BooleanField(_l("Larger text"))
    submit = SubmitField(_l("Save"))
