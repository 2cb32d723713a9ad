"""Forms of the roster screens: signing a person up in person, adding someone who has an
account, correcting details, claiming an account. Labels through lazy gettext."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from learning.accounts.forms import vietnamese_mobile
from learning.vocabulary import Gender
from learning.web.forms import FormIdMixin, StringField, birth_year_field

# Read by a tutor about the person in front of them: the last choice is in the third person.
GENDER_CHOICES_FOR_TUTORS = [*(SelectChoice(value, label) for value, label in Gender.choices()),
                             SelectChoice("", _l("The person prefers not to say"))]


class AssistedSignUpForm(FormIdMixin, FlaskForm):
    """Also the rules of a sign-up made offline, checked when the phone sends it
    (learning/offline/teamwork.py)."""

    full_name = StringField(_l("Full name"), validators=[  # (spaces only: no name)
        DataRequired(_l("Enter the person's full name.")), Length(max=120)])
    birth_year = birth_year_field(_l("Year of birth (if they agree to give it)"), False)
    gender = RadioField(_l("Gender (optional)"), choices=GENDER_CHOICES_FOR_TUTORS, default="",
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
    gender = RadioField(_l("Gender (optional)"), choices=GENDER_CHOICES_FOR_TUTORS, default="",
                        validators=[Optional()])
    submit = SubmitField(_l("Save"))
