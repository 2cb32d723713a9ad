"""Who a course is for: the one list of audiences, in catalogue order, with translated headings."""

from flask_babel import lazy_gettext as _l

EVERYONE = "everyone"
TEAMS = "teams"  # members of the community digital technology teams
OFFICIALS = "officials"  # commune officials and civil servants
AUDIENCES = (EVERYONE, TEAMS, OFFICIALS)

HEADINGS = {
    EVERYONE: _l("For everyone"),
    TEAMS: _l("For community digital teams"),
    OFFICIALS: _l("For commune officials"),
}
