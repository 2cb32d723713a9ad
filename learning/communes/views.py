"""Communes and their coverage targets, for commune officers, province staff and administrators:
the communes of one's scope, a commune's page with its teams, and editing targets."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from learning.access import policy
from learning.communes.forms import TargetForm, TargetsUploadForm
from learning.communes.targets import import_targets, set_officials, set_target
from learning.extensions import db
from learning.geography.csvfile import ImportFileError, read_csv
from learning.geography.models import Commune, Province
from learning.paging import paginate
from learning.teams.models import DigitalTeam
from learning.teams.queries import teams_of_commune
from learning.text import collation, fold
from learning.web.pages import render_form

bp = Blueprint("geography", __name__)


def page_url(page: int) -> str:
    """The current page's address for another page of its list."""
    args = request.args.to_dict()
    args["page"] = str(page)
    return url_for(request.endpoint or "", **(request.view_args or {}), **args)


@bp.get("/communes")
@login_required
def communes():
    policy.require(policy.sees_communes(current_user))
    query, province = request.args.get("q", "")[:80], request.args.get("province", "")[:2]
    statement = select(Commune).where(Commune.code.in_(policy.communes_in_scope(current_user)))
    if province:
        statement = statement.where(Commune.province_code == province)
    for word in fold(query).split():
        statement = statement.where(Commune.search_name.contains(word, autoescape=True))
    pager = paginate(statement.order_by(Commune.province_code, Commune.name.collate(collation()),
                                        Commune.code),
                     request.args.get("page", 1, type=int))
    teams = dict(db.session.execute(
        select(DigitalTeam.commune_code, func.count()).where(
            DigitalTeam.commune_code.in_([c.code for c in pager.items]))
        .group_by(DigitalTeam.commune_code)).all())
    provinces = list(db.session.scalars(select(Province).where(Province.code.in_(
        select(Commune.province_code).where(
            Commune.code.in_(policy.communes_in_scope(current_user))))).order_by(Province.name.collate(collation()))))
    return render_template("geography/communes.html", pager=pager, teams=teams, query=query,
                           province=province, provinces=provinces,
                           uploads=policy.uploads_targets(current_user))


def _commune_or_404(code: str) -> Commune:
    policy.require(policy.sees_communes(current_user))
    return policy.commune_or_404(current_user, code)


@bp.get("/communes/<code>")
@login_required
def commune(code: str):
    commune = _commune_or_404(code)
    teams = teams_of_commune(code)
    return render_template("geography/commune.html", commune=commune, teams=teams,
                           visible_teams={team.id for team, _tutors, _learners in teams
                                          if policy.can_see_team(current_user, team)},
                           links_province=policy.sees_communes(current_user)
                           and not policy.has_role(current_user, "commune_officer"),
                           exact=policy.sees_exact_breakdowns(current_user, code),
                           manages=policy.can_manage_teams_of(current_user, code),
                           edits_target=policy.can_edit_target(current_user, commune),
                           edits_help_contacts=policy.can_edit_help_contacts(current_user, code))


@bp.route("/communes/<code>/target", methods=["GET", "POST"])
@login_required
def target(code: str):
    commune = _commune_or_404(code)
    policy.require(policy.can_edit_target(current_user, commune))
    form = TargetForm(obj=commune)
    if form.validate_on_submit():
        changed = set_target(current_user, commune, form.target_population.data)
        if set_officials(current_user, commune, form.officials.data) or changed:
            db.session.commit()
        flash(_("The target of %(name)s is saved.", name=commune.full_name))
        return redirect(url_for("geography.commune", code=commune.code))
    return render_form("geography/target.html", form, commune=commune)


@bp.route("/communes/targets", methods=["GET", "POST"])
@login_required
def upload_targets():
    policy.require(policy.uploads_targets(current_user))
    form = TargetsUploadForm()
    report = None
    if form.validate_on_submit():
        try:
            report = import_targets(read_csv(form.file.data.stream), actor=current_user,
                                    allowed=policy.target_communes(current_user),
                                    dry_run=form.check_only.data)
        except ImportFileError as error:
            form.file.errors = [str(error.message)]
        else:
            if report.applied:
                db.session.commit()
            else:
                db.session.rollback()
    refused = form.errors or (report is not None and report.refused)
    return render_form("geography/upload_targets.html", form, None if refused else 200,
                       report=report, filename=form.file.data.filename if report else None)

