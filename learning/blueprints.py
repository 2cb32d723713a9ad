"""Every part of the site, registered on the app in one place."""

from flask import Flask


def register(app: Flask) -> None:
    from learning.accounts.views import bp as accounts
    from learning.catalog.views import bp as catalog
    from learning.progress.views import bp as progress

    for blueprint in (catalog, accounts, progress):
        app.register_blueprint(blueprint)
