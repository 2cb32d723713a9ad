"""Every part of the site, registered on the app in one place."""

from flask import Flask

from learning.vocabulary import VOCABULARY


def register(app: Flask) -> None:
    from learning.accounts.views import bp as accounts
    from learning.lessons.views import bp as lessons
    from learning.offline.api import bp as sync_api
    from learning.offline.views import bp as offline
    from learning.progress.views import bp as progress

    for blueprint in (lessons, accounts, progress, offline, sync_api):
        app.register_blueprint(blueprint)
    app.jinja_env.globals.update(VOCABULARY)  # Role, Gender, Method, AreaKind and their labels
    register_teams(app)
    register_statistics(app)


def register_statistics(app: Flask) -> None:
    """Coverage statistics, reports, exports and the read-only statistics API (issue 4)."""
    from learning.reporting.api import bp as statistics_api
    from learning.reporting.views import bp as statistics

    for blueprint in (statistics, statistics_api):
        app.register_blueprint(blueprint)


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
