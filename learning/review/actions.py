"""The review's entries in the audit log, in words (added to learning.audit.actions)."""

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "completion.confirm": _l("Flagged completion confirmed"),
    "completion.reject": _l("Flagged completion rejected"),
}
DETAIL_LABELS = {
    "hold": _l("review number"),
    "lesson": _l("lesson"),
    "rules": _l("rules"),
}
