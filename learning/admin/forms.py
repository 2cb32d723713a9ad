"""Administration forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from learning.accounts.models import Role
from learning.admin.services import ASSIGNABLE_ROLES
from learning.geography.picker import CommunePickerMixin

ROLE_LABELS = {
    Role.LEARNER: _l("Learner"),
    Role.TUTOR: _l("Tutor"),
    Role.TEAM_LEAD: _l("Team lead"),
    Role.COMMUNE_OFFICER: _l("Commune officer"),
    Role.PROVINCE_STAFF: _l("Province staff"),
    Role.ADMIN: _l("Administrator"),
}


class RoleForm(CommunePickerMixin, FlaskForm):
    role = RadioField(_l("Role"), choices=[
        SelectChoice(role, ROLE_LABELS[role]) for role in ASSIGNABLE_ROLES],
        validators=[InputRequired(_l("Choose a role."))])
    province = SelectField(_l("Province (for province staff)"), choices=[],
                           validate_choice=False)
    submit = SubmitField(_l("Save the role"))

    def validate_province(self, field: SelectField) -> None:
        """Only a province of the list (the choices are filled by the view)."""
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose a province from the list."))
