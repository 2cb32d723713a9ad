"""Sign up, sign in, sign out (here or everywhere), password change and preferences. Thin:
parse, call a service, commit, render."""

from collections.abc import Callable

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
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from learning.accounts import services
from learning.accounts.forms import (
    ChangePasswordForm,
    PreferencesForm,
    SignInForm,
    SignOutEverywhereForm,
    SignUpForm,
)
from learning.accounts.models import User
from learning.accounts.passwords import check_password, hash_password
from learning.database import reads_first, write_transaction, writes
from learning.extensions import db, login_manager
from learning.geography.picker import chosen_commune, fill_commune_choices, searching
from learning.i18n import safe_next
from learning.serving.public import csrf_when_signed_in
from learning.web.pages import render_form

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.sign_in"
login_manager.login_message = None

# Called with each new account before its sign-up is committed (recovery registers the printable
# recovery code shown once after sign-up: learning.recovery).
SIGN_UP_HOOKS: list[Callable[[User], None]] = []
# Where a person lands after signing in, given by learning.landing (registered by create_app).
LANDING_PAGES: list[Callable[[User], str]] = []


def landing_page(user: User) -> str:
    return LANDING_PAGES[0](user) if LANDING_PAGES else url_for("progress.dashboard")


@bp.route("/signup", methods=["GET", "POST"])
def sign_up():
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
        elif wait := take_try(services.take_sign_up_try(request.remote_addr or "")):
            form.phone.errors = [wait]
            return render_form("accounts/sign_up.html", form, 429)
        else:
            password_hash = hash_password(form.password.data)  # before the write begins
            try:
                user = services.register_learner(
                    phone=form.phone.data, full_name=form.full_name.data,
                    birth_year=form.birth_year.data, gender=form.gender.data,
                    commune_code=commune.code, password_hash=password_hash,
                    locale=session.get("locale"), address=request.remote_addr or "")
            except services.PhoneTaken:
                db.session.rollback()
                form.phone.errors = [_("This number already has an account. Sign in instead.")]
            else:
                services.begin_session(user)
                for hook in SIGN_UP_HOOKS:
                    hook(user)
                db.session.commit()
                login_user(user)
                flash(_("Welcome, %(name)s! Your account is ready.", name=user.full_name))
                return redirect(url_for("progress.dashboard"))
    return render_form("accounts/sign_up.html", form)


def take_try(wait_seconds: int) -> str | None:
    """Commit the counted try (so that it is counted whatever follows); the message asking to
    wait when the try was refused."""
    db.session.commit()
    return wait_message(wait_seconds)


def wait_message(wait_seconds: int) -> str | None:
    """The message asking to wait when a try was refused (None when it was allowed)."""
    if not wait_seconds:
        return None
    return ngettext("Too many tries. Wait %(num)s second, then try again.",
                    "Too many tries. Wait %(num)s seconds, then try again.", wait_seconds)


@bp.route("/signin", methods=["GET", "POST"])
@reads_first  # the write lock only for the counted try and the new session, never while hashing
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("progress.dashboard"))
    form = SignInForm()
    address = request.remote_addr or ""
    if form.validate_on_submit():
        with write_transaction():  # committed: the try counts whatever follows
            wait_seconds = services.take_sign_in_try(form.phone.data, address)
        if wait := wait_message(wait_seconds):
            form.password.errors = [wait]
            return render_form("accounts/sign_in.html", form, 429)
        user_id, stored = services.password_of(form.phone.data)
        db.session.commit()  # no transaction held while the password is checked
        right, rehash = check_password(stored, form.password.data)
        if right and user_id is not None:
            new_hash = hash_password(form.password.data) if rehash else None
            with write_transaction():
                user = services.signed_in(user_id, address, new_hash)
            login_user(user, remember=form.remember.data)
            if user.locale:
                session["locale"] = user.locale
            return redirect(safe_next(request.args.get("next"), landing_page(user)))
        form.password.errors = [_("The phone number or the password is not right.")]
    return render_form("accounts/sign_in.html", form)


@bp.post("/signout")
def sign_out():
    if current_user.is_authenticated:
        services.end_session(current_user)
        db.session.commit()
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
    return render_settings(form)


def render_settings(form: PreferencesForm | None = None,
                    password_form: ChangePasswordForm | None = None, status: int = 200):
    return render_template(
        "accounts/settings.html", form=form or PreferencesForm(obj=current_user),
        password_form=password_form or ChangePasswordForm(formdata=None),
        everywhere_form=SignOutEverywhereForm(formdata=None)), status


@bp.post("/settings/password")
@login_required
def change_password():
    """A new password, given the current one; every other browser signed in is signed out."""
    form = ChangePasswordForm(own_phone=current_user.phone)
    if not form.validate():
        return render_settings(password_form=form, status=422)
    stored = current_user.password_hash
    if wait := take_try(services.take_sign_in_try(current_user.phone or "", request.remote_addr
                                                   or "")):
        form.current_password.errors = [wait]
        return render_settings(password_form=form, status=429)
    right, _rehash = check_password(stored, form.current_password.data)
    if not right:
        form.current_password.errors = [_("This password is not right.")]
        return render_settings(password_form=form, status=422)
    new_hash = hash_password(form.password.data)  # before the write begins
    user = services.signed_in(current_user.id, request.remote_addr or "")  # a new session here
    services.change_password(user, new_hash)  # …and every other one ends
    db.session.commit()
    login_user(user, remember=current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
               in request.cookies)
    flash(_("Your password is changed. Other phones and computers signed in to your account "
            "are signed out."))
    return redirect(url_for("accounts.settings"))


@bp.post("/settings/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    if SignOutEverywhereForm().validate():
        services.end_all_sessions(current_user)
        db.session.commit()
        logout_user()
        flash(_("You are signed out on all your devices."))
    return redirect(url_for("lessons.home"))


@bp.post("/text-size")
@csrf_when_signed_in  # a visitor's choice is kept in their own session only
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
