"""`flask stats …`: rebuild and verify the counters; API tokens for reporting systems."""

import sys
import time

import click
from flask.cli import with_appcontext

from learning.accounts.services import find_by_phone
from learning.extensions import db
from learning.reporting.rebuild import rebuild, verify
from learning.reporting.tokens import create_token, revoke_token, tokens_of


@click.group(help="Coverage statistics: counters, verification, API tokens.")
def stats() -> None:
    pass


@stats.command("rebuild")
@with_appcontext
def rebuild_command() -> None:
    """Recompute every counter from raw progress records (one transaction)."""
    began = time.perf_counter()
    check = rebuild()
    db.session.commit()
    click.echo(f"{check.profiles} profiles corrected, {check.cells} counter cells written "
               f"in {time.perf_counter() - began:.1f} s")


@stats.command("verify")
@click.option("--show", default=20, help="How many differences to print.")
@with_appcontext
def verify_command(show: int) -> None:
    """Compare every counter with raw records; exit status 1 on any difference."""
    began = time.perf_counter()
    check = verify()
    db.session.rollback()
    for difference in check.differences[:show]:
        click.echo(str(difference))
    click.echo(f"{check.profiles} profiles and {check.cells} counter cells checked in "
               f"{time.perf_counter() - began:.1f} s: {len(check.differences)} differences")
    if check.differences:
        click.echo("Run `flask stats rebuild` to recompute the counters from raw records.")
        sys.exit(1)


@stats.command("publish")
@click.option("--day", default=None, help="Publish as on this day (YYYY-MM-DD; default today).")
@with_appcontext
def publish_command(day: str | None) -> None:
    """Issue the reports of the periods just closed (once) and deliver them (run by a timer)."""
    from datetime import date

    from learning.counting.definitions import today
    from learning.extensions import db
    from learning.reporting.publishing import deliver_pending, publish_due

    issued = publish_due(date.fromisoformat(day) if day else today())
    db.session.commit()
    delivered, failed = deliver_pending()
    click.echo(f"{len(issued)} reports issued, {delivered} deliveries made, {failed} failed")
    if failed:
        raise SystemExit(1)


@stats.group("token", help="Tokens with which a reporting system reads /api/v1.")
def token() -> None:
    pass


@token.command("create")
@click.option("--phone", required=True, help="Phone number of the staff account it acts for.")
@click.option("--name", required=True, help="What it is for, e.g. the provincial system.")
@with_appcontext
def create_command(phone: str, name: str) -> None:
    """Create a token (shown once) acting with the account's rights."""
    user = find_by_phone(phone)
    if user is None:
        raise click.BadParameter("no account with this phone number", param_hint="--phone")
    try:
        secret = create_token(user, name)
    except PermissionError as error:
        raise click.BadParameter(str(error), param_hint="--phone") from None
    db.session.commit()
    click.echo(secret)


@token.command("list")
@click.option("--phone", required=True)
@with_appcontext
def list_command(phone: str) -> None:
    user = find_by_phone(phone)
    if user is None:
        raise click.BadParameter("no account with this phone number", param_hint="--phone")
    for record in tokens_of(user):
        state = "revoked" if record.revoked_at else "active"
        used = record.last_used_at.isoformat(" ", "seconds") if record.last_used_at else "never"
        click.echo(f"{record.id}\t{state}\t{record.name}\tlast used: {used}")


@token.command("revoke")
@click.argument("token_id", type=int)
@with_appcontext
def revoke_command(token_id: int) -> None:
    if not revoke_token(token_id):
        raise click.BadParameter("no such active token", param_hint="TOKEN_ID")
    db.session.commit()
    click.echo("revoked")
