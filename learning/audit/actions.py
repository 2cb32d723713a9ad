"""What each audit action means, in words a reader of the log understands."""

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "geo.import": _l("Communes imported"),
    "geo.targets": _l("Coverage targets imported"),
    "commune.target": _l("Coverage target changed"),
    "team.create": _l("Team created"),
    "team.update": _l("Team changed"),
    "team.delete": _l("Team deleted"),
    "member.add": _l("Tutor added to a team"),
    "member.lead": _l("Team lead chosen"),
    "member.remove": _l("Tutor removed from a team"),
    "learner.signup": _l("Person signed up by a tutor"),
    "learner.roster_add": _l("Learner added to a team's list"),
    "learner.roster_remove": _l("Learner removed from a team's list"),
    "learner.update": _l("Learner's details corrected"),
    "learner.claim_code": _l("Claim code issued"),
    "account.claim": _l("Account claimed by its owner"),
    "account.correct": _l("Own details corrected"),
    "account.delete": _l("Account deleted"),
    "account.leave_team": _l("Learner left a team's list"),
    "event.create": _l("Event created"),
    "event.update": _l("Event changed"),
    "event.delete": _l("Event deleted"),
    "attendance.add": _l("Attendance recorded"),
    "attendance.remove": _l("Attendance removed"),
    "user.role": _l("Role or scope changed"),
}


def action_label(action: str) -> object:
    return ACTION_LABELS.get(action, action)
