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
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from learning.accounts.passwords import MAX_LENGTH, MIN_LENGTH, weakness
from learning.accounts.phone import normalize_phone
from learning.geography.picker import CommunePickerMixin
from learning.vocabulary import Gender
from learning.web.forms import StringField

GENDER_CHOICES = [*(SelectChoice(value, label) for value, label in Gender.choices()),
                  SelectChoice("", _l("I prefer not to say"))]
LOCALE_CHOICES = [SelectChoice("vi", "Tiếng Việt"), SelectChoice("fr", "Français"),
                  SelectChoice("en", "English")]


def vietnamese_mobile(form: FlaskForm, field: StringField) -> None:
    if field.data and normalize_phone(field.data) is None:
        raise ValidationError(_l("Enter a Vietnamese mobile number, for example 0912 345 678."))


WEAKNESS = {
    "short": _l("The password needs at least %(min)s characters.", min=MIN_LENGTH),
    "common": _l("This password is one of the most used ones and easy to guess. Choose another "
                 "one, for example three words you will remember."),
    "pattern": _l("A sequence (like 12345678 or abcdefgh) or a repeated character is easy to "
                  "guess. Choose another password."),
    "phone": _l("Your phone number is easy to guess. Choose another password."),
}


class NewPassword:
    """The rule for a new password (learning/accounts/passwords.py), with the reason in the
    person's language. ``phone``: the form field holding their number, or a function giving it.
    """

    def __init__(self, phone: str | None = "phone") -> None:
        self.phone = phone

    def __call__(self, form: FlaskForm, field: PasswordField) -> None:
        phone_field = getattr(form, self.phone or "", None)
        phone = phone_field.data if phone_field is not None else getattr(form, "own_phone", None)
        why = weakness(field.data or "", phone)
        if why is not None:
            raise ValidationError(WEAKNESS[why])


def new_password_field(label: str) -> PasswordField:
    return PasswordField(label, validators=[
        InputRequired(_l("Choose a password.")), Length(max=MAX_LENGTH), NewPassword()])


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
    password = new_password_field(_l("Password (at least 8 characters)"))
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
    # Off unless ticked: phones are often shared.
    remember = BooleanField(_l("Keep me signed in on this phone"), default=False)
    submit = SubmitField(_l("Sign in"))


class PreferencesForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=LOCALE_CHOICES)
    large_text = BooleanField(_l("Larger text"))
    submit = SubmitField(_l("Save"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Your current password"), validators=[
        InputRequired(_l("Enter your current password."))])
    password = new_password_field(_l("New password (at least 8 characters)"))
    password_again = PasswordField(_l("The new password again"), validators=[
        InputRequired(_l("Type the password again.")),
        EqualTo("password", message=_l("The two passwords are not the same."))])
    submit = SubmitField(_l("Change my password"))

    def __init__(self, own_phone: str | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.own_phone = own_phone


class SignOutEverywhereForm(FlaskForm):
    submit = SubmitField(_l("Sign out on all devices"))
