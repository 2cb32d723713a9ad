"""The help page (anyone, in each language) and the commune's help contacts (its officer)."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from learning.access import policy
from learning.extensions import db
from learning.help import services
from learning.help.forms import ContactsForm
from learning.web.pages import render_form

bp = Blueprint("help", __name__)


@bp.get("/help")
def help_page():
    commune = team = None
    if current_user.is_authenticated:
        commune = current_user.commune
        if current_user.team_id:
            from learning.teams.models import DigitalTeam

            team = db.session.get(DigitalTeam, current_user.team_id)
    return render_template("help/help.html", commune=commune, team=team,
                           contacts=services.contacts_of(commune.code if commune else None))


@bp.route("/communes/<code>/help-contacts", methods=["GET", "POST"])
@login_required
def contacts(code: str):
    policy.require(policy.sees_communes(current_user))
    commune = policy.commune_or_404(current_user, code)
    policy.require(policy.can_edit_help_contacts(current_user, code))
    form = ContactsForm(data={"contacts": services.contacts_of(code)})
    if form.validate_on_submit():
        services.set_contacts(current_user, code, form.contacts.data or "")
        db.session.commit()
        flash(_("The help contacts are saved. They are shown on the help page to the people "
                "of the commune."))
        return redirect(url_for("help.contacts", code=code))
    return render_form("help/contacts.html", form, commune=commune)
