"""`flask geo import FILE` and `flask geo targets FILE`: the official lists and coverage targets."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from learning.audit.services import record_change
from learning.communes.importer import import_geography, is_province_list
from learning.communes.targets import import_targets
from learning.extensions import db
from learning.geography.csvfile import ImportFileError, ImportReport, read_csv_path

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _options(command):
    command = click.option("--lang", type=click.Choice(["vi", "fr", "en"]), default="vi",
                           show_default=True, help="Language of the report.")(command)
    command = click.option("--strict", is_flag=True,
                           help="Change nothing if any row is refused.")(command)
    return click.option("--dry-run", is_flag=True,
                        help="Only report what would change.")(command)


@click.group(help="Provinces, communes and their coverage targets.")
def geo() -> None:
    pass


@geo.command("import")
@click.argument("path", type=FILE)
@click.option("--delete-missing", is_flag=True,
              help="Delete the communes of the file's provinces that the file no longer lists "
                   "(never those with learners, staff or teams).")
@_options
@with_appcontext
def import_command(path: Path, delete_missing: bool, dry_run: bool, strict: bool,
                   lang: str) -> None:
    """Import provinces and communes from a CSV in the official list's format."""
    with force_locale(lang):
        try:
            rows = read_csv_path(path)
            report = import_geography(rows, delete_missing=delete_missing, dry_run=dry_run,
                                      strict=strict)
        except ImportFileError as error:
            raise click.ClickException(f"{path}: {error.message}") from error
        what = _("provinces") if is_province_list(rows) else _("communes")
        if report.applied and (report.added or report.changed or report.deleted):
            record_change(None, "geo.import", "file", path.name[:40], what=str(what),
                          added=len(report.added), changed=len(report.changed),
                          deleted=len(report.deleted), refused=len(report.refused))
        extra = []
        if not is_province_list(rows):
            extra.append(_("%(what)s: %(counts)s", what=_("provinces"), counts=counted(
                added=len(report.provinces_added), changed=len(report.provinces_changed))))
        if report.deleted or report.kept:
            extra.append(_("deleted: %(deleted)s; kept because people or teams use them: "
                           "%(kept)s", deleted=", ".join(report.deleted) or "-",
                           kept=", ".join(report.kept) or "-"))
        _finish(path, report, what, dry_run, extra)
        if report.refused:
            raise SystemExit(1)


@geo.command("targets")
@click.argument("path", type=FILE)
@_options
@with_appcontext
def targets_command(path: Path, dry_run: bool, strict: bool, lang: str) -> None:
    """Import coverage targets and numbers of officials from a CSV: a code column and a target
    column, an officials column, or both."""
    with force_locale(lang):
        try:
            report = import_targets(read_csv_path(path), dry_run=dry_run, strict=strict)
        except ImportFileError as error:
            raise click.ClickException(f"{path}: {error.message}") from error
        _finish(path, report, _("targets"), dry_run)
        if report.refused:
            raise SystemExit(1)


def counted(**counts: int) -> str:
    """ "1 added, 0 changed…", each count in its plural form (French: "1 ajoutée, 2 modifiées")."""
    phrases = {
        "added": lambda n: ngettext("%(num)d added", "%(num)d added", n),
        "changed": lambda n: ngettext("%(num)d changed", "%(num)d changed", n),
        "unchanged": lambda n: ngettext("%(num)d unchanged", "%(num)d unchanged", n),
        "refused": lambda n: ngettext("%(num)d refused", "%(num)d refused", n),
    }
    return ", ".join(phrases[name](n) for name, n in counts.items())


def _finish(path: Path, report: ImportReport, what: object, dry_run: bool,
            extra: list[str] | None = None) -> None:
    for problem in report.refused:
        click.echo(_("%(file)s, line %(line)d: refused: %(reason)s", file=str(path),
                     line=problem.line, reason=str(problem.reason)), err=True)
    click.echo(_("%(what)s: %(counts)s", what=what, counts=counted(
        added=len(report.added), changed=len(report.changed), unchanged=report.unchanged,
        refused=len(report.refused))))
    for line in extra or []:
        click.echo(line)
    if report.applied:
        db.session.commit()
    else:
        db.session.rollback()
        if dry_run:
            click.echo(_("Dry run: nothing was changed."))
        else:
            click.echo(_("Nothing was changed, because rows were refused (--strict)."))
    current_app.logger.info("geo import of %s: applied=%s", path, report.applied)
