"""Every part of the site, registered on the app in one place."""

from flask import Flask


def register(app: Flask) -> None:
    from learning.accounts.views import bp as accounts
    from learning.lessons.views import bp as lessons
    from learning.offline.api import bp as sync_api
    from learning.offline.views import bp as offline
    from learning.progress.views import bp as progress

    for blueprint in (lessons, accounts, progress, offline, sync_api):
        app.register_blueprint(blueprint)
    register_teams(app)
    register_statistics(app)
    register_support(app)
    register_review(app)


def register_review(app: Flask) -> None:
    """Flagged completions under review (issue 13), and their words in the audit log."""
    from learning.audit import actions
    from learning.review import actions as review_actions
    from learning.review.views import bp as review

    app.register_blueprint(review)
    actions.ACTION_LABELS.update(review_actions.ACTION_LABELS)
    actions.DETAIL_LABELS.update(review_actions.DETAIL_LABELS)


def register_statistics(app: Flask) -> None:
    """Coverage statistics, reports, exports and the read-only statistics API (issue 4)."""
    from learning.reporting.api import bp as statistics_api
    from learning.reporting.views import bp as statistics

    for blueprint in (statistics, statistics_api):
        app.register_blueprint(blueprint)


def register_support(app: Flask) -> None:
    """No one left stuck (issue 11): account recovery, certificates, help."""
    from learning.accounts.views import LANDING_PAGES, SIGN_UP_HOOKS
    from learning.audit import actions
    from learning.certificates.views import bp as certificates
    from learning.help.views import bp as help_pages
    from learning.landing import landing_page
    from learning.recovery import actions as support_actions
    from learning.recovery.services import issue_personal_code
    from learning.recovery.views import bp as recovery
    from learning.recovery.views import remember_first_code

    for blueprint in (recovery, certificates, help_pages):
        app.register_blueprint(blueprint)
    actions.ACTION_LABELS.update(support_actions.ACTION_LABELS)  # the audit log's words
    actions.DETAIL_LABELS.update(support_actions.DETAIL_LABELS)
    LANDING_PAGES[:] = [landing_page]  # staff land on their work after signing in
    if not SIGN_UP_HOOKS:  # the printable recovery code, shown once after sign-up
        SIGN_UP_HOOKS.append(lambda user: remember_first_code(issue_personal_code(user)))


def register_teams(app: Flask) -> None:
    """Geography, teams, their roster, tutoring (online and offline), events, privacy,
    administration (issue 3)."""
    from learning.admin.views import bp as admin
    from learning.claims.views import bp as claims
    from learning.communes.views import bp as geography
    from learning.events.views import bp as events
    from learning.privacy.views import bp as privacy
    from learning.roster.views import bp as roster
    from learning.team_pages.views import bp as teams
    from learning.tutoring.offline.views import bp as offline_tutoring
    from learning.tutoring.views import bp as tutoring

    for blueprint in (geography, teams, roster, tutoring, offline_tutoring, events, claims,
                      privacy, admin):
        app.register_blueprint(blueprint)
