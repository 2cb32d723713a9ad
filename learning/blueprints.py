"""Every part of the site, registered on the app in one place."""

from flask import Flask


def register(app: Flask) -> None:
    from learning.accounts.views import bp as accounts
    from learning.lessons.views import bp as lessons
    from learning.offline.api import bp as sync_api
    from learning.offline.tutor_views import bp as offline_tutoring
    from learning.offline.views import bp as offline
    from learning.progress.views import bp as progress

    for blueprint in (lessons, accounts, progress, offline, offline_tutoring, sync_api):
        app.register_blueprint(blueprint)
    register_teams(app)
    register_statistics(app)


def register_statistics(app: Flask) -> None:
    """Coverage statistics, reports, exports and the read-only statistics API (issue 4)."""
    from learning.reporting.api import bp as statistics_api
    from learning.reporting.views import bp as statistics

    for blueprint in (statistics, statistics_api):
        app.register_blueprint(blueprint)


def register_teams(app: Flask) -> None:
    """Geography, teams, tutoring, events, privacy, administration (issue 3)."""
    from learning.admin.views import bp as admin
    from learning.communes.views import bp as geography
    from learning.privacy.views import bp as privacy
    from learning.teams.claim_views import bp as claim
    from learning.teams.event_views import bp as events
    from learning.teams.learner_views import bp as learners
    from learning.teams.tutoring_views import bp as tutoring
    from learning.teams.views import bp as teams

    for blueprint in (geography, teams, learners, tutoring, events, claim, privacy, admin):
        app.register_blueprint(blueprint)
