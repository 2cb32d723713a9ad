"""The form to revoke a certificate. Labels through lazy gettext."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField
from wtforms.validators import InputRequired, Length

from learning.web.forms import StringField


class RevokeForm(FlaskForm):
    reason = StringField(_l("Reason (shown on the verification page)"), validators=[
        InputRequired(_l("Say why the certificate is revoked.")), Length(max=300)])
    confirm = BooleanField(_l("I confirm: this certificate is no longer valid"), validators=[
        InputRequired(_l("Tick the box to confirm."))])
    submit = SubmitField(_l("Revoke the certificate"))
