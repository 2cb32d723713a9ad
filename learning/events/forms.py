"""Forms of the event screens: the event, and who came. Labels through lazy gettext."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SubmitField
from wtforms.validators import InputRequired, Length

from learning.counting.definitions import today as vietnam_today
from learning.web.forms import FormIdMixin, MultiCheckboxField, StringField


class EventForm(FormIdMixin, FlaskForm):
    title = StringField(_l("What it is"), validators=[
        InputRequired(_l("Say what the event is, for example “Digital Saturday”.")),
        Length(max=200)])
    # pre-filled with the day in Vietnam (not the server's: 17:00-24:00 UTC is already tomorrow)
    held_on = DateField(_l("Date"), default=vietnam_today, validators=[
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
