"""Forms about communes: a coverage target, an upload of targets."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, SubmitField
from wtforms.validators import NumberRange, Optional

from learning.communes.targets import MAX_TARGET
from learning.counting.definitions import MAX_OFFICIALS


class TargetForm(FlaskForm):
    target_population = IntegerField(_l("Target: people to reach"), validators=[
        Optional(), NumberRange(min=1, max=MAX_TARGET,
                                message=_l("Enter a whole number from %(min)s to %(max)s."))])
    officials = IntegerField(_l("Officials: cadres, civil servants and public employees"),
                             validators=[Optional(), NumberRange(
                                 min=1, max=MAX_OFFICIALS,
                                 message=_l("Enter a whole number from %(min)s to %(max)s."))])
    submit = SubmitField(_l("Save"))


class TargetsUploadForm(FlaskForm):
    file = FileField(_l("CSV file with a code column and a target or officials column"),
                     validators=[
        FileRequired(_l("Choose the CSV file to import."))])
    check_only = BooleanField(_l("Only check the file, change nothing"))
    submit = SubmitField(_l("Import the targets"))
