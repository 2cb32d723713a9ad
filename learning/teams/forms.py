"""Forms of the team screens: the team and its tutors. Labels through lazy gettext."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from learning.accounts.forms import vietnamese_mobile
from learning.vocabulary import AreaKind
from learning.web.forms import StringField

AREA_KIND_CHOICES = [SelectChoice(value, label) for value, label in AreaKind.choices()]


class TeamForm(FlaskForm):
    area_kind = RadioField(_l("The team serves a"), choices=AREA_KIND_CHOICES,
                           default=AreaKind.THON.value,
                           validators=[InputRequired(_l("Choose what kind of place."))])
    area_name = StringField(_l("Name of the village, group or commune"), validators=[
        InputRequired(_l("Enter the name of the village, group or commune, for example Thôn "
                         "3.")),
        Length(max=120)])
    submit = SubmitField(_l("Save the team"))


class MemberForm(FlaskForm):
    phone = StringField(_l("Tutor's mobile phone number"), validators=[
        InputRequired(_l("Enter the tutor's mobile phone number.")), vietnamese_mobile])
    full_name = StringField(_l("Full name (only if they have no account yet)"),
                            validators=[Length(max=120)])
    submit = SubmitField(_l("Add the tutor"))
