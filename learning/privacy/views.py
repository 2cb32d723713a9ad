"""“My data”: a person sees everything stored about them, downloads it, corrects it, leaves their
team's list, or deletes their account (personal data removed, anonymous counts kept)."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from learning.access import policy
from learning.accounts.services import authenticate
from learning.extensions import db
from learning.geography.picker import chosen_commune, fill_commune_choices, searching
from learning.privacy import services
from learning.privacy.forms import DeleteAccountForm, DetailsForm
from learning.privacy.queries import as_json, everything_about
from learning.refusals import Refusal
from learning.roster.lookup import learner_or_404
from learning.teams.models import DigitalTeam
from learning.web.pages import Confirmation, confirm_then, render_form

bp = Blueprint("privacy", __name__)
LATEST_CHANGES = 20  # on the page; the download has them all


@bp.get("/my-data")
@login_required
def my_data():
    team = db.session.get(DigitalTeam, current_user.team_id) if current_user.team_id else None
    return render_template("privacy/my_data.html", team=team,
                           data=everything_about(current_user, latest_changes=LATEST_CHANGES))


@bp.get("/my-data/download")
@login_required
def download():
    """Everything stored about the signed-in person, as a JSON file."""
    body = as_json(everything_about(current_user))
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": "attachment; filename=my-data.json",
        "Cache-Control": "no-store"})


@bp.route("/my-data/edit", methods=["GET", "POST"])
@login_required
def edit():
    form = DetailsForm(obj=current_user)
    if request.method == "GET":
        form.commune.data, form.gender.data = current_user.commune_code, current_user.gender or ""
    fill_commune_choices(form)
    if request.method == "POST" and searching(form):
        return render_template("privacy/edit.html", form=form)
    if form.validate_on_submit():
        commune = chosen_commune(form)
        if form.commune.data and commune is None:
            form.commune.errors = [_("Choose your commune in the list (search for it first).")]
        else:
            services.correct_details(current_user, full_name=form.full_name.data,
                                     birth_year=form.birth_year.data, gender=form.gender.data,
                                     commune_code=commune.code if commune else None)
            db.session.commit()
            flash(_("Your details are saved."))
            return redirect(url_for("privacy.my_data"))
    return render_form("privacy/edit.html", form)


@bp.post("/my-data/leave-team")
@login_required
def leave_team():
    services.leave_team(current_user)
    db.session.commit()
    flash(_("The team no longer follows your learning."))
    return redirect(url_for("privacy.my_data"))


@bp.route("/my-data/delete", methods=["GET", "POST"])
@login_required
def delete():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        owner = authenticate(current_user.phone or "", form.password.data)
        if owner is None or owner.id != current_user.id:
            form.password.errors = [_("This password is not right.")]
        else:
            try:
                services.delete_account(current_user, current_user)
            except Refusal as error:
                form.form_errors.append(error.message)
            else:
                db.session.commit()
                logout_user()
                flash(_("Your account is deleted. Your personal details were removed."))
                return redirect(url_for("lessons.home"))
    return render_form("privacy/delete.html", form)


@bp.route("/learners/<int:learner_id>/delete", methods=["GET", "POST"])
@login_required
def delete_learner(learner_id: int):
    """Delete an account at the request of its owner (who may not be able to sign in)."""
    learner = learner_or_404(learner_id)
    policy.require(policy.can_delete_learner(current_user, learner))

    def act():
        services.delete_account(current_user, learner)
        db.session.commit()
        flash(_("The account is deleted: personal details removed, anonymous counts kept."))
        return redirect(url_for("teams.my_team"))

    return confirm_then(act, Confirmation(
        title=_("Delete the account of %(name)s", name=learner.full_name),
        explanation=_("Only at the person's own request. Their name, phone number, year of "
                      "birth and other details are removed for good; their completed lessons "
                      "stay in the commune's figures, without their name."),
        statement=_("The person asked me to delete their account"),
        button=_("Delete the account"), back=url_for("roster.learner", learner_id=learner.id)))
