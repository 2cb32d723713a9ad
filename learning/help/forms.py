"""The form of a commune's help contacts. Labels through lazy gettext."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField
from wtforms.validators import Length

from learning.help.models import MAX_CONTACTS_LENGTH
from learning.web.forms import TextAreaField


class ContactsForm(FlaskForm):
    contacts = TextAreaField(_l("Who to ask in this commune"), validators=[
        Length(max=MAX_CONTACTS_LENGTH)])
    submit = SubmitField(_l("Save"))
