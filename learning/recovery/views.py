"""Account recovery pages: the public page where a person sets a new password with a code, the
reset code a tutor or commune officer gives from the person's page, and the person's own
recovery code (at sign-up, and from Settings). Thin: parse, check access, call a service, commit,
render."""

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from learning.access import policy
from learning.accounts.services import authenticate, begin_session
from learning.extensions import db
from learning.recovery import services, tries
from learning.recovery.forms import CurrentPasswordForm, ResetForm
from learning.recovery.models import CodeKind
from learning.roster.lookup import learner_or_404
from learning.web.pages import Confirmation, confirm_then, render_form

bp = Blueprint("recovery", __name__)

ONCE = "recovery_code_once"  # the code made at sign-up, shown once on the dashboard


@bp.route("/reset", methods=["GET", "POST"])
def reset():
    """Choose a new password with a code from one's tutor or commune officer, or with one's own
    printed recovery code."""
    if current_user.is_authenticated:
        return render_template("recovery/reset.html", form=None)
    form = ResetForm()
    if form.validate_on_submit():
        if tries.too_many():
            form.code.errors = [_("Too many tries. Wait 15 minutes, or ask your community "
                                  "digital team.")]
            return render_form("recovery/reset.html", form, 429)
        try:
            user, kind = services.reset_password(form.phone.data, form.code.data,
                                                 form.password.data)
        except services.RecoveryRefused:
            db.session.commit()  # the wrong try is counted against the account's codes
            tries.count_one()
            form.code.errors = [_("This phone number and code do not match, or the code was "
                                  "already used or has expired. Ask your community digital "
                                  "team for a new code.")]
        else:
            begin_session(user)  # this browser: the only session the person now has
            db.session.commit()
            tries.forget()
            login_user(user)
            if user.locale:
                session["locale"] = user.locale
            flash(_("Your new password is set. You are signed in; you are signed out on every "
                    "other phone."))
            if kind == CodeKind.PERSONAL:
                flash(_("Your recovery code is now used up: make a new one in Settings."))
            return redirect(url_for("progress.dashboard"))
    return render_form("recovery/reset.html", form)


@bp.route("/learners/<int:learner_id>/reset-code", methods=["GET", "POST"])
@login_required
def reset_code(learner_id: int):
    """A tutor of the person's team or their commune officer, with the person in front of them,
    gives a one-time code to choose a new password (after checking their ID card)."""
    learner = learner_or_404(learner_id)
    policy.require(policy.can_issue_reset_code(current_user, learner))

    def act():
        code = services.issue_reset_code(current_user, learner)
        db.session.commit()
        return render_template("recovery/reset_code.html", person=learner, code=code)

    return confirm_then(act, Confirmation(
        title=_("A code for %(name)s to choose a new password", name=learner.full_name),
        explanation=_("Only for the person themself, in front of you. Check their ID card: the "
                      "name and year of birth must be those of this account. The code works once, "
                      "for 24 hours; the person's other sessions end when they use it."),
        statement=_("I checked the ID card of the person in front of me: they are %(name)s",
                    name=learner.full_name),
        button=_("Make the code"), back=url_for("roster.learner", learner_id=learner.id)))


@bp.route("/settings/recovery-code", methods=["GET", "POST"])
@login_required
def new_code():
    """A new printable recovery code (the old one stops working), after the current password."""
    form = CurrentPasswordForm()
    if form.validate_on_submit():
        if tries.too_many():
            form.current_password.errors = [_("Too many tries. Wait 15 minutes.")]
            return render_form("recovery/new_code.html", form, 429)
        checked = authenticate(current_user.phone or "", form.current_password.data)
        if checked is not None and checked.id == current_user.id:
            code = services.issue_personal_code(current_user)
            db.session.commit()
            tries.forget()
            return render_template("recovery/personal_code.html", code=code)
        tries.count_one()
        form.current_password.errors = [_("This is not your password.")]
    return render_form("recovery/new_code.html", form,
                       has_code=services.has_personal_code(current_user))


def remember_first_code(code: str) -> None:
    """Called at sign-up: the code is shown once, on the first page after it."""
    session[ONCE] = code


def take_first_code() -> str | None:
    return session.pop(ONCE, None)


@bp.app_context_processor
def recovery_helpers() -> dict:
    return {"take_first_recovery_code": take_first_code}
