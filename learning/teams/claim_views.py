"""Claiming an account: a person signed up in person by a tutor takes it over with the code on the
paper the tutor gave them, their own phone number and a password."""

import time

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from learning.database import reads_first
from learning.extensions import db
from learning.teams.claims import claim_account
from learning.teams.errors import TeamError, show_error
from learning.teams.forms import ClaimForm

bp = Blueprint("claim", __name__)
MAX_TRIES, PAUSE_SECONDS = 8, 15 * 60


def _too_many_tries() -> bool:
    tries = [t for t in session.get("claim_tries", []) if t > time.time() - PAUSE_SECONDS]
    session["claim_tries"] = tries
    return len(tries) >= MAX_TRIES


@bp.route("/claim", methods=["GET", "POST"])
@reads_first
def claim():
    if current_user.is_authenticated:
        return render_template("teams/claim.html", form=None)
    form = ClaimForm()
    if form.validate_on_submit():
        if _too_many_tries():
            form.code.errors = [_("Too many tries. Wait 15 minutes, or ask your tutor.")]
            return render_template("teams/claim.html", form=form), 429
        try:
            user = claim_account(form.code.data, form.phone.data, form.password.data)
        except TeamError as error:
            session["claim_tries"] = [*session.get("claim_tries", []), time.time()]
            show_error(form, error)
        else:
            db.session.commit()
            session.pop("claim_tries", None)
            login_user(user, remember=True)
            flash(_("Welcome, %(name)s! Your account is yours now: sign in with your phone "
                    "number and password.", name=user.full_name))
            return redirect(url_for("progress.dashboard"))
    status = 422 if request.method == "POST" else 200
    return render_template("teams/claim.html", form=form), status
