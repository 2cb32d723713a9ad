"""Words shown for stored codes (how progress was earned, kinds of places)."""

from flask_babel import lazy_gettext as _l

from learning.progress.models import Method
from learning.teams.forms import AREA_KIND_LABELS

METHOD_LABELS = {
    Method.SELF: _l("on their own"),
    Method.TUTOR: _l("with a tutor, in person"),
    Method.EVENT: _l("at an event"),
}
GENDER_LABELS = {"female": _l("Female"), "male": _l("Male"), "other": _l("Other")}

__all__ = ["AREA_KIND_LABELS", "GENDER_LABELS", "METHOD_LABELS"]
