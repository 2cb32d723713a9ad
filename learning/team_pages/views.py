"""Teams and their tutors: a commune officer creates teams and adds tutors (a person who has an
account is invited, and answers on /invitations); the team's page shows its tutors and figures.
Thin: find the record through the policy, call a service, commit once."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from learning.access import policy
from learning.accounts.models import Role
from learning.claims.services import issue_claim_code
from learning.events.queries import events_of
from learning.extensions import db
from learning.refusals import Refusal, show_error
from learning.team_pages import figures
from learning.teams import queries, services, throttle
from learning.teams.forms import MemberForm, TeamForm
from learning.teams.lookup import member_or_404, team_or_404
from learning.teams.models import TeamInvitation
from learning.web.pages import Confirmation, confirm_then, delete_or_refuse, render_form

bp = Blueprint("teams", __name__)


@bp.get("/team")
@login_required
def my_team():
    """The way in from the menu: a tutor's own team, an officer's commune, all teams for admins."""
    membership = queries.membership_of(current_user)
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
    commune = policy.commune_or_404(current_user, code)
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
        links_commune=policy.sees_communes(current_user),
        unclaimed={m.id for m in members
                   if policy.can_issue_tutor_claim_code(current_user, m)},
        events=events_of(current_user, team)[:3],
        invited=queries.invited_to(team) if policy.can_manage_team(current_user, team) else [],
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
        return delete_or_refuse(lambda: services.delete_team(current_user, team),
                                done=_("The team is deleted."),
                                then=url_for("geography.commune", code=team.commune_code),
                                refused=url_for("teams.team", team_id=team.id))

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
            throttle.count_lookup(current_user)  # (refused look-ups count too)
            added, code = services.add_member(current_user, team, form.phone.data,
                                              form.full_name.data or "")
        except Refusal as error:
            show_error(form, error)
        else:
            db.session.commit()
            if code:
                return render_template("roster/claim_code.html", person=added.user, code=code,
                                       back=url_for("teams.team", team_id=team.id))
            if isinstance(added, TeamInvitation):
                flash(_("%(name)s is invited to tutor in this team. They become a tutor when "
                        "they accept, after signing in.", name=added.user.full_name))
            else:
                flash(_("%(name)s is now a tutor of this team.", name=added.user.full_name))
            return redirect(url_for("teams.team", team_id=team.id))
    return _render_team(team, form, 422)


@bp.get("/invitations")
@login_required
def invitations():
    """The person's invitations to tutor in a team, to accept or decline."""
    return render_template("teams/invitations.html",
                           invitations=queries.invitations_of(current_user))


def _invitation_or_404(invitation_id: int) -> TeamInvitation:
    return policy.get_or_404(TeamInvitation, invitation_id,
                             lambda invitation: policy.answers_invitation(current_user,
                                                                          invitation))


@bp.post("/invitations/<int:invitation_id>/accept")
@login_required
def accept_invitation(invitation_id: int):
    invitation = _invitation_or_404(invitation_id)
    team = invitation.team
    try:
        services.accept_invitation(current_user, invitation)
    except Refusal as error:
        db.session.commit()  # the invitation that no longer applies is withdrawn
        flash(error.message)
        return redirect(url_for("teams.invitations"))
    db.session.commit()
    flash(_("You are now a tutor of the team of %(place)s.", place=team.area_name))
    return redirect(url_for("teams.team", team_id=team.id))


@bp.post("/invitations/<int:invitation_id>/decline")
@login_required
def decline_invitation(invitation_id: int):
    invitation = _invitation_or_404(invitation_id)
    services.decline_invitation(current_user, invitation)
    db.session.commit()
    flash(_("You declined the invitation."))
    return redirect(url_for("teams.invitations"))


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
