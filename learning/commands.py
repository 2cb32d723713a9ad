"""`flask` command groups, one per domain, registered on the app in one place."""

from flask import Flask


def register(app: Flask) -> None:
    from learning.catalog.commands import courses
    from learning.communes.commands import geo
    from learning.demo import demo
    from learning.reporting.commands import stats

    for group in (courses, demo, geo, stats):
        app.cli.add_command(group)
