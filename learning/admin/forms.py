"""Administration forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from learning.admin.services import ASSIGNABLE_ROLES
from learning.geography.picker import CommunePickerMixin
from learning.vocabulary import Role


class RoleForm(CommunePickerMixin, FlaskForm):
    role = RadioField(_l("Role"), choices=[
        SelectChoice(role, Role.label_of(role)) for role in ASSIGNABLE_ROLES],
        validators=[InputRequired(_l("Choose a role."))])
    province = SelectField(_l("Province (for province staff)"), choices=[],
                           validate_choice=False)
    submit = SubmitField(_l("Save the role"))

    def validate_province(self, field: SelectField) -> None:
        """Only a province of the list (the choices are filled by the view)."""
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose a province from the list."))
