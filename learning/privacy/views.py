"""“My data”: a person sees everything stored about them, downloads it, corrects it, leaves their
team's list, or deletes their account (personal data removed, anonymous counts kept)."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from learning.accounts.services import authenticate
from learning.extensions import db
from learning.geography.picker import chosen_commune, fill_commune_choices, searching
from learning.privacy import services
from learning.privacy.forms import DeleteAccountForm, DetailsForm
from learning.privacy.queries import as_json, everything_about
from learning.teams.errors import TeamError
from learning.teams.models import DigitalTeam
from learning.web.pages import render_form

bp = Blueprint("privacy", __name__, url_prefix="/my-data")
LATEST_CHANGES = 20  # on the page; the download has them all


@bp.get("")
@login_required
def my_data():
    team = db.session.get(DigitalTeam, current_user.team_id) if current_user.team_id else None
    return render_template("privacy/my_data.html", team=team,
                           data=everything_about(current_user, latest_changes=LATEST_CHANGES))


@bp.get("/download")
@login_required
def download():
    """Everything stored about the signed-in person, as a JSON file."""
    body = as_json(everything_about(current_user))
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": "attachment; filename=my-data.json",
        "Cache-Control": "no-store"})


@bp.route("/edit", methods=["GET", "POST"])
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


@bp.post("/leave-team")
@login_required
def leave_team():
    services.leave_team(current_user)
    db.session.commit()
    flash(_("The team no longer follows your learning."))
    return redirect(url_for("privacy.my_data"))


@bp.route("/delete", methods=["GET", "POST"])
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
            except TeamError as error:
                form.form_errors.append(error.message)
            else:
                db.session.commit()
                logout_user()
                flash(_("Your account is deleted. Your personal details were removed."))
                return redirect(url_for("lessons.home"))
    return render_form("privacy/delete.html", form)
