"""Sign up, sign in, sign out and preferences. Thin: parse, call a service, commit, render."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from learning.accounts import services
from learning.accounts.forms import PreferencesForm, SignInForm, SignUpForm
from learning.database import reads_first, write_transaction, writes
from learning.extensions import db, login_manager
from learning.geography.picker import chosen_commune, fill_commune_choices, searching
from learning.i18n import safe_next

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.sign_in"
login_manager.login_message = None


@bp.route("/signup", methods=["GET", "POST"])
@reads_first
def sign_up():
    """The password is hashed before the short write transaction (SQLite: without the lock)."""
    if current_user.is_authenticated:
        return redirect(url_for("progress.dashboard"))
    form = SignUpForm()
    fill_commune_choices(form)
    if request.method == "POST" and searching(form):
        return render_template("accounts/sign_up.html", form=form), 200
    if form.validate_on_submit():
        commune = chosen_commune(form)
        if commune is None:
            form.commune.errors = [_("Choose your commune in the list (search for it first).")]
        else:
            try:
                if services.find_by_phone(form.phone.data) is not None:
                    raise services.PhoneTaken(form.phone.data)
                password_hash = services.hash_password(form.password.data)
                with write_transaction():
                    user = services.register_learner(
                        phone=form.phone.data, full_name=form.full_name.data,
                        birth_year=form.birth_year.data, gender=form.gender.data,
                        commune_code=commune.code, password_hash=password_hash,
                        locale=session.get("locale"))
            except services.PhoneTaken:
                form.phone.errors = [_("This number already has an account. Sign in instead.")]
            else:
                login_user(user, remember=True)
                flash(_("Welcome, %(name)s! Your account is ready.", name=user.full_name))
                return redirect(url_for("progress.dashboard"))
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/sign_up.html", form=form), status


@bp.route("/signin", methods=["GET", "POST"])
@reads_first
def sign_in():
    """The password is checked in a read transaction; only the short write that follows takes
    the write lock (SQLite), so people signing in never stall the site."""
    if current_user.is_authenticated:
        return redirect(url_for("progress.dashboard"))
    form = SignInForm()
    status = 422 if request.method == "POST" else 200
    address = request.remote_addr or ""
    if form.validate_on_submit():
        if services.sign_in_blocked(form.phone.data, address):
            form.password.errors = [_("Too many wrong passwords. Wait 15 minutes, or ask your "
                                      "community digital team for help.")]
            return render_template("accounts/sign_in.html", form=form), 429
        user = services.authenticate(form.phone.data, form.password.data)
        if user is not None:
            with write_transaction():
                services.clear_sign_in_failures(user)
            login_user(user, remember=form.remember.data)
            if user.locale:
                session["locale"] = user.locale
            return redirect(safe_next(request.args.get("next"), url_for("progress.dashboard")))
        with write_transaction():
            services.note_sign_in_failure(form.phone.data, address)
        form.password.errors = [_("The phone number or the password is not right.")]
    return render_template("accounts/sign_in.html", form=form), status


@bp.post("/signout")
def sign_out():
    logout_user()
    flash(_("You are signed out. See you soon!"))
    return redirect(url_for("lessons.home"))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    form = PreferencesForm(obj=current_user)
    if form.validate_on_submit():
        services.set_preferences(current_user, locale=form.locale.data,
                                 large_text=form.large_text.data)
        db.session.commit()
        session["locale"] = form.locale.data
        flash(_("Your preferences are saved."))
        return redirect(url_for("accounts.settings"))
    return render_template("accounts/settings.html", form=form)


@bp.post("/text-size")
def toggle_text_size():
    """The larger-text option, for visitors (session) and signed-in people (their account)."""
    large = not large_text_wanted()
    session["large_text"] = large
    if current_user.is_authenticated:
        services.set_preferences(current_user, large_text=large)
        db.session.commit()
    return redirect(safe_next(request.form.get("next")))


def large_text_wanted() -> bool:
    if current_user.is_authenticated:
        return bool(current_user.large_text)
    return bool(session.get("large_text"))


@bp.app_context_processor
def inject_preferences() -> dict:
    return {"large_text": large_text_wanted()}


@bp.get("/language/<code>")
@writes
def choose_language(code: str):
    """The language switcher at the foot of every page: remembered for the visitor, and in the
    signed-in user's settings."""
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        if current_user.is_authenticated and current_user.locale != code:
            services.set_preferences(current_user, locale=code)
            db.session.commit()
    return redirect(safe_next(request.args.get("next")))
