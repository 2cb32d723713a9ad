"""`flask courses check` and `flask courses sync`."""

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from learning.catalog.loader import load_catalogue
from learning.catalog.records import refresh_record_ids
from learning.extensions import db


@click.group(help="Course content in courses/.")
def courses() -> None:
    pass


@courses.command("check")
@click.option("--lang", default="en", help="Language of the messages (vi, fr, en).")
@with_appcontext
def check(lang: str) -> None:
    """List every problem in the course files, with file and line, and missing translations."""
    catalogue = load_catalogue(current_app.config["COURSES_DIR"], current_app.config["LANGUAGES"])
    with force_locale(lang):
        for problem in catalogue.problems:
            kind = "missing translation" if problem.missing_translation else "error"
            click.echo(f"{problem.path}:{problem.line}: {kind}: {problem.message}")
    lessons = sum(len(course.lessons) for course in catalogue.courses)
    click.echo(f"{len(catalogue.courses)} courses, {lessons} lessons, "
               f"{len(catalogue.problems)} problems")
    sys.exit(1 if catalogue.problems else 0)


@courses.command("sync")
@with_appcontext
def sync() -> None:
    """Record the courses and lessons in the database (done at start-up too)."""
    ids = refresh_record_ids()
    db.session.commit()
    click.echo(f"{len(ids.courses)} courses and {len(ids.lessons)} lessons recorded")
