"""Forms of account recovery. Labels through lazy gettext."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length

from learning.accounts.forms import new_password_field, vietnamese_mobile
from learning.web.forms import StringField


def new_password_fields() -> tuple[PasswordField, PasswordField]:
    return (
        new_password_field(_l("New password (at least 8 characters)")),
        PasswordField(_l("The same password again"), validators=[
            InputRequired(_l("Type the password again.")),
            EqualTo("password", message=_l("The two passwords are not the same."))]),
    )


class ResetForm(FlaskForm):
    phone = StringField(_l("Your mobile phone number"), validators=[
        InputRequired(_l("Enter your mobile phone number.")), vietnamese_mobile])
    code = StringField(_l("Code"), validators=[
        InputRequired(_l("Enter the code from your tutor or your recovery code.")),
        Length(max=30)])
    password, password_again = new_password_fields()
    submit = SubmitField(_l("Set my new password"))


class CurrentPasswordForm(FlaskForm):
    current_password = PasswordField(_l("Your current password"), validators=[
        InputRequired(_l("Enter your password."))])
    submit = SubmitField(_l("Make a new recovery code"))
