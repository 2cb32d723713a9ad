"""The claim form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length

from learning.accounts.forms import vietnamese_mobile


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
