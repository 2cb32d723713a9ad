"""Teams and their tutors: a commune officer creates teams and adds tutors; the team's page shows
its tutors and figures. Thin: find the record through the policy, call a service, commit once."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from learning.access import policy
from learning.accounts.models import Role
from learning.accounts.phone import display_phone
from learning.claims.services import issue_claim_code
from learning.events.queries import events_of
from learning.extensions import db
from learning.geography.models import Commune
from learning.refusals import Refusal, show_error
from learning.team_pages import figures
from learning.teams import queries, services
from learning.teams.forms import MemberForm, TeamForm
from learning.teams.lookup import member_or_404, team_or_404
from learning.web.pages import Confirmation, confirm_then, render_form

bp = Blueprint("teams", __name__)


@bp.app_context_processor
def inject_policy() -> dict:
    """Templates ask the authorization layer too (e.g. which links the menu shows)."""
    return {"policy": policy, "shown_phone": display_phone}


@bp.get("/team")
@login_required
def my_team():
    """The way in from the menu: a tutor's own team, an officer's commune, all teams for admins."""
    membership = policy.membership_of(current_user)
    if membership is not None:
        return redirect(url_for("teams.team", team_id=membership.team_id))
    if policy.has_role(current_user, Role.COMMUNE_OFFICER) and current_user.commune_code:
        return redirect(url_for("geography.commune", code=current_user.commune_code))
    if policy.is_admin(current_user):
        return redirect(url_for("admin.teams"))
    abort(403)


@bp.route("/communes/<code>/teams/new", methods=["GET", "POST"])
@login_required
def create(code: str):
    policy.require(policy.sees_teams(current_user))
    commune = policy.visible_or_404(db.session.get(Commune, code),
                                    policy.can_see_commune(current_user, code))
    policy.require(policy.can_manage_teams_of(current_user, code))
    form = TeamForm()
    if form.validate_on_submit():
        try:
            team = services.create_team(current_user, code, form.area_kind.data,
                                        form.area_name.data)
        except Refusal as error:
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The team is created. Now add its tutors."))
            return redirect(url_for("teams.team", team_id=team.id))
    return render_form("teams/team_form.html", form, commune=commune)


def _render_team(team, member_form=None, status: int = 200):
    is_member = policy.is_member_of(current_user, team)
    detailed = policy.is_team_lead(current_user, team) or policy.can_manage_team(current_user,
                                                                                team)
    members = queries.members_of(team)
    return render_template(
        "teams/team.html", team=team, members=members,
        figures=figures.team_figures(team),
        my_figures=figures.tutor_figures(current_user) if is_member else None,
        tutor_figures={m.user_id: figures.tutor_figures(m.user) for m in members}
        if detailed else {},
        roster_size=queries.roster_size(team), is_member=is_member,
        manages=policy.can_manage_team(current_user, team),
        events=events_of(current_user, team)[:3],
        member_form=member_form or MemberForm(formdata=None)), status


@bp.get("/teams/<int:team_id>")
@login_required
def team(team_id: int):
    return _render_team(team_or_404(team_id))


@bp.route("/teams/<int:team_id>/edit", methods=["GET", "POST"])
@login_required
def edit(team_id: int):
    team = team_or_404(team_id)
    policy.require(policy.can_manage_team(current_user, team))
    form = TeamForm(obj=team)
    if form.validate_on_submit():
        try:
            services.update_team(current_user, team, form.area_kind.data, form.area_name.data)
        except Refusal as error:
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The team is saved."))
            return redirect(url_for("teams.team", team_id=team.id))
    return render_form("teams/team_form.html", form, commune=team.commune, team=team)


@bp.route("/teams/<int:team_id>/delete", methods=["GET", "POST"])
@login_required
def delete(team_id: int):
    team = team_or_404(team_id)
    policy.require(policy.can_manage_team(current_user, team))

    def act():
        commune_code = team.commune_code
        try:
            services.delete_team(current_user, team)
        except Refusal as error:
            flash(error.message)
            return redirect(url_for("teams.team", team_id=team.id))
        db.session.commit()
        flash(_("The team is deleted."))
        return redirect(url_for("geography.commune", code=commune_code))

    return confirm_then(act, Confirmation(
        title=_("Delete the team of %(place)s?", place=team.area_name),
        explanation=_("Only a team created by mistake can be deleted: one without tutors, "
                      "learners or events. This cannot be undone."),
        statement=_("Delete this team"), button=_("Delete the team"),
        back=url_for("teams.team", team_id=team.id)))


@bp.post("/teams/<int:team_id>/members")
@login_required
def add_member(team_id: int):
    team = team_or_404(team_id)
    policy.require(policy.can_manage_team(current_user, team))
    form = MemberForm()
    if form.validate_on_submit():
        try:
            member, code = services.add_member(current_user, team, form.phone.data,
                                               form.full_name.data or "")
        except Refusal as error:
            show_error(form, error)
        else:
            db.session.commit()
            if code:
                return render_template("roster/claim_code.html", person=member.user, code=code,
                                       back=url_for("teams.team", team_id=team.id))
            flash(_("%(name)s is now a tutor of this team.", name=member.user.full_name))
            return redirect(url_for("teams.team", team_id=team.id))
    return _render_team(team, form, 422)


@bp.post("/teams/<int:team_id>/members/<int:member_id>/lead")
@login_required
def make_lead(team_id: int, member_id: int):
    team = team_or_404(team_id)
    policy.require(policy.can_manage_team(current_user, team))
    member = member_or_404(team, member_id)
    services.make_lead(current_user, member)
    db.session.commit()
    flash(_("%(name)s is now the team lead.", name=member.user.full_name))
    return redirect(url_for("teams.team", team_id=team.id))


@bp.route("/teams/<int:team_id>/members/<int:member_id>/remove", methods=["GET", "POST"])
@login_required
def remove_member(team_id: int, member_id: int):
    team = team_or_404(team_id)
    policy.require(policy.can_manage_team(current_user, team))
    member = member_or_404(team, member_id)
    name = member.user.full_name

    def act():
        services.remove_member(current_user, member)
        db.session.commit()
        flash(_("%(name)s is no longer a tutor of this team.", name=name))
        return redirect(url_for("teams.team", team_id=team.id))

    return confirm_then(act, Confirmation(
        title=_("Remove %(name)s from the team?", name=name),
        explanation=_("They stay on the site as a learner. What they recorded as a tutor keeps "
                      "their name. They can be added again later."),
        statement=_("Remove this tutor"), button=_("Remove the tutor"),
        back=url_for("teams.team", team_id=team.id)))


@bp.post("/teams/<int:team_id>/members/<int:member_id>/claim-code")
@login_required
def member_claim_code(team_id: int, member_id: int):
    """A new code for a tutor whose account was created by the officer and not yet taken over."""
    team = team_or_404(team_id)
    member = member_or_404(team, member_id)
    policy.require(policy.can_issue_tutor_claim_code(current_user, member))
    code = issue_claim_code(current_user, member.user)
    db.session.commit()
    return render_template("roster/claim_code.html", person=member.user, code=code,
                           back=url_for("teams.team", team_id=team.id))
