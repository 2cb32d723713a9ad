"""Choosing a commune in a form without JavaScript: type part of its name, press Search, pick it
from the list (templates/geography/_commune_picker.html shows the fields)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from learning.geography.models import Commune
from learning.geography.queries import commune_by_code, search_communes
from learning.web.forms import StringField


class CommunePickerMixin:
    commune_query = StringField(_l("Commune or ward"), validators=[Length(max=80)])
    commune = RadioField(_l("Choose the commune"), choices=[], validate_choice=False)
    find_commune = SubmitField(_l("Search"))


def fill_commune_choices(form: CommunePickerMixin) -> None:
    chosen = commune_by_code(form.commune.data)
    matches = search_communes(form.commune_query.data or "") if form.commune_query.data else []
    if chosen and chosen not in matches:
        matches.insert(0, chosen)
    form.commune.choices = [SelectChoice(c.code, f"{c.full_name}, {c.province.name}")
                            for c in matches]


def searching(form: CommunePickerMixin) -> bool:
    """The Search button was pressed: show the matches (and say when there are none)."""
    if not form.find_commune.data:
        return False
    if not form.commune.choices:
        form.commune_query.errors = [_("No commune matches. Try another spelling.")]
    return True


def chosen_commune(form: CommunePickerMixin) -> Commune | None:
    return commune_by_code(form.commune.data)
