"""`flask demo load`: demo data for trying the site, marked as such on every page.

Only run when asked (the README's `make run` does, after importing the province's real communes
with `flask geo import` when their list is at hand). It adds Nghệ An (with a few of its real
communes written here by hand when no list was imported), one account per role, and a province's
worth of sample activity (``province``): teams, tutors, events and a few thousand learners whose
lessons are spread over the last four months. Running it again adds nothing. Refused in
production: the demo accounts' password is published.
"""

import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import exists, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from learning.audit.models import AuditEntry
from learning.audit.services import record_change
from learning.demo.province import LEARNERS, Loaded, load_activity
from learning.demo.sample import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    NGHE_AN,
    load_demo_accounts,
    load_demo_geography,
    load_demo_team,
)
from learning.extensions import db

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "demo", "demo_loaded", "load_demo",
           "load_demo_accounts", "load_demo_geography", "load_demo_team", "note_demo_data"]

LOADED = "demo.load"  # the audit entry that says the database holds demo data


def demo_loaded() -> bool:
    return bool(db.session.scalar(select(exists().where(AuditEntry.action == LOADED))))


def note_demo_data(app: Flask) -> None:
    """DEMO_DATA in the app's configuration when the database holds demo data: every page then
    says so (read once at start; `make run` loads the demo before it starts the server)."""
    with app.app_context():
        try:
            app.config["DEMO_DATA"] = demo_loaded()
        except (OperationalError, ProgrammingError):
            db.session.rollback()  # not migrated yet
        finally:
            db.session.remove()


def load_demo(learners: int | None = None, seed: int = 2025) -> Loaded | None:
    """Everything the demo adds; None when it was loaded before (then only the accounts and the
    team are checked)."""
    load_demo_geography()
    load_demo_accounts()
    load_demo_team()
    if demo_loaded():
        db.session.commit()
        return None
    loaded = load_activity(NGHE_AN[0], learners, seed)
    record_change(None, LOADED, "province", NGHE_AN[0], communes=loaded.communes,
                  learners=loaded.learners, teams=loaded.teams, events=loaded.events)
    db.session.commit()
    return loaded


@click.group(help="Demo data for trying the site.")
def demo() -> None:
    pass


@demo.command("load")
@click.option("--learners", type=int, default=None,
              help=f"How many sample learners to add (default: {LEARNERS}, fewer in a province "
                   "with small targets).")
@click.option("--seed", default=2025, show_default=True, help="Seed of the random sample.")
@with_appcontext
def load(learners: int | None, seed: int) -> None:
    """Add Nghệ An, one account per role and a province's worth of sample activity (once)."""
    if current_app.config.get("APP_ENV") == "production":
        raise click.ClickException("demo data (accounts with a published password) is refused "
                                   "in production (APP_ENV=production)")
    began = time.perf_counter()
    loaded = load_demo(learners, seed)
    if loaded is None:
        click.echo("Demo data was loaded before: nothing added.")
    else:
        click.echo(f"Demo data: {loaded.communes} communes, {loaded.teams} teams, "
                   f"{loaded.tutors} tutors, {loaded.events} events, {loaded.learners} learners, "
                   f"{loaded.answers} quiz answers in {time.perf_counter() - began:.1f} s.")
    click.echo("Demo accounts (phone number / password):")
    for phone, name, role, _commune in DEMO_ACCOUNTS:
        click.echo(f"  {role:<16} {phone}  /  {DEMO_PASSWORD}   ({name})")
