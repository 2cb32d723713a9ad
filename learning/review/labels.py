"""The rules and decisions in words, for the review pages (in the reader's language)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from learning.progress.models import HoldStatus
from learning.review.rules import CLAMPED, INSTANT, SIGNUP_ADDRESS, SIGNUP_TUTOR, TUTOR_BURST

RULE_LABELS = {
    INSTANT: _l("Quiz passed too soon after the lesson was opened"),
    TUTOR_BURST: _l("A tutor recorded many completions in a minute"),
    SIGNUP_ADDRESS: _l("One of many accounts signed up from one network address"),
    SIGNUP_TUTOR: _l("One of many people signed up by one tutor in a few minutes"),
    CLAMPED: _l("The phone's clock was wrong when the answer was given"),
}
STATUS_LABELS = {
    HoldStatus.PENDING: _l("Under review"),
    HoldStatus.CONFIRMED: _l("Confirmed"),
    HoldStatus.REJECTED: _l("Rejected"),
}
CLOCK_LABELS = {
    "account": _l("dated before the account existed"),
    "old": _l("dated more than 60 days back"),
    "future": _l("dated in the future"),
}


def rule_detail(rule: str, detail: dict) -> str:
    """The figures that made the rule fire, in words."""
    if rule == INSTANT:
        minimum = ngettext("%(num)d second", "%(num)d seconds", int(detail.get("minimum") or 0))
        if detail.get("seconds") is None:
            return _("The lesson was never opened before the quiz (at least %(minimum)s "
                     "expected).", minimum=minimum)
        taken = ngettext("%(num)d second", "%(num)d seconds", max(int(detail["seconds"]), 0))
        return _("Passed %(taken)s after opening the lesson (at least %(minimum)s expected).",
                 taken=taken, minimum=minimum)
    if rule == TUTOR_BURST:
        return ngettext("%(num)d completion recorded by the same tutor within %(seconds)s "
                        "seconds.", "%(num)d completions recorded by the same tutor within "
                        "%(seconds)s seconds.", int(detail.get("count") or 0),
                        seconds=detail.get("seconds"))
    if rule == SIGNUP_ADDRESS:
        return ngettext("%(num)d account signed up from the same address within %(minutes)s "
                        "minutes.", "%(num)d accounts signed up from the same address within "
                        "%(minutes)s minutes.", int(detail.get("count") or 0),
                        minutes=detail.get("minutes"))
    if rule == SIGNUP_TUTOR:
        return ngettext("%(num)d person signed up by the same tutor within %(minutes)s "
                        "minutes.", "%(num)d people signed up by the same tutor within "
                        "%(minutes)s minutes.", int(detail.get("count") or 0),
                        minutes=detail.get("minutes"))
    if rule == CLAMPED:
        return str(CLOCK_LABELS.get(str(detail.get("why")), detail.get("why")))
    return rule
