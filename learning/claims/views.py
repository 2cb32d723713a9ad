"""/claim: a person takes over the account made for them. Thin: parse, call the service, commit."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user

from learning.accounts.services import begin_session
from learning.claims import tries
from learning.claims.forms import ClaimForm
from learning.claims.services import claim_account
from learning.database import reads_first, write_transaction
from learning.extensions import db
from learning.refusals import Refusal, show_error
from learning.web.pages import render_form

bp = Blueprint("claims", __name__)


@bp.route("/claim", methods=["GET", "POST"])
@reads_first  # the password is hashed before the claim is written (claims.services)
def claim():
    """A person signed up in person takes over their account with the code on the paper the
    tutor gave them, their own phone number and a password."""
    if current_user.is_authenticated:
        return render_template("claims/claim.html", form=None)
    form = ClaimForm()
    if form.validate_on_submit():
        address = request.remote_addr or ""
        with write_transaction():  # the try counts whatever follows
            wait = tries.take(form.code.data, address)
        if wait:
            form.code.errors = [ngettext(
                "Too many tries. Wait %(num)s second, then try again, or ask your tutor.",
                "Too many tries. Wait %(num)s seconds, then try again, or ask your tutor.", wait)]
            return render_form("claims/claim.html", form, 429)
        try:
            user = claim_account(form.code.data, form.phone.data, form.password.data)
        except Refusal as error:
            db.session.rollback()
            show_error(form, error)
        else:
            tries.forgive(form.code.data, address)
            begin_session(user)
            db.session.commit()
            login_user(user)
            flash(_("Welcome, %(name)s! Your account is yours now: sign in with your phone "
                    "number and password.", name=user.full_name))
            return redirect(url_for("progress.dashboard"))
    return render_form("claims/claim.html", form)
