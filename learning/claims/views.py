"""/claim: a person takes over the account made for them. Thin: parse, call the service, commit."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from learning.claims import tries
from learning.claims.forms import ClaimForm
from learning.claims.services import claim_account
from learning.extensions import db
from learning.refusals import Refusal, show_error
from learning.web.pages import render_form

bp = Blueprint("claims", __name__)


@bp.route("/claim", methods=["GET", "POST"])
def claim():
    """A person signed up in person takes over their account with the code on the paper the
    tutor gave them, their own phone number and a password."""
    if current_user.is_authenticated:
        return render_template("claims/claim.html", form=None)
    form = ClaimForm()
    if form.validate_on_submit():
        if tries.too_many():
            form.code.errors = [_("Too many tries. Wait 15 minutes, or ask your tutor.")]
            return render_form("claims/claim.html", form, 429)
        try:
            user = claim_account(form.code.data, form.phone.data, form.password.data)
        except Refusal as error:
            tries.count_one()
            show_error(form, error)
        else:
            db.session.commit()
            tries.forget()
            login_user(user, remember=True)
            flash(_("Welcome, %(name)s! Your account is yours now: sign in with your phone "
                    "number and password.", name=user.full_name))
            return redirect(url_for("progress.dashboard"))
    return render_form("claims/claim.html", form)
