"""Administration pages: users and their roles, teams, and the audit log. Communes and their
targets are on the geography pages, which administrators see in full."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from wtforms.fields.choices import SelectChoice

from learning.access import policy
from learning.accounts.models import Role, User
from learning.admin.forms import RoleForm
from learning.admin.services import set_role
from learning.audit.actions import ACTION_LABELS
from learning.audit.queries import actions_in_log, audit_page
from learning.extensions import db
from learning.geography.models import Commune, Province
from learning.geography.picker import chosen_commune, fill_commune_choices, searching
from learning.paging import paginate
from learning.refusals import Refusal, show_error
from learning.teams.models import DigitalTeam, TeamMember
from learning.teams.queries import teams_in_scope
from learning.text import collation
from learning.web.pages import render_form

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("")
@login_required
def index():
    policy.require(policy.is_admin(current_user))
    roles = dict(db.session.execute(select(User.role, func.count()).where(
        User.deleted_at.is_(None)).group_by(User.role)).all())
    counts = {"teams": db.session.scalar(select(func.count()).select_from(DigitalTeam)),
              "communes": db.session.scalar(select(func.count()).select_from(Commune)),
              "provinces": db.session.scalar(select(func.count()).select_from(Province))}
    return render_template("admin/index.html", roles=roles, counts=counts)


@bp.get("/users")
@login_required
def users():
    policy.require(policy.manages_users(current_user))
    query, role = request.args.get("q", "").strip()[:80], request.args.get("role", "")
    statement = select(User).where(User.deleted_at.is_(None)).order_by(
        User.full_name.collate(collation()), User.id)
    if role in Role.values():
        statement = statement.where(User.role == role)
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= 3:
        statement = statement.where(User.phone.contains(digits.removeprefix("0")))
    elif query:
        statement = statement.where(or_(*[User.full_name.ilike(f"%{word}%")
                                          for word in query.split()]))
    pager = paginate(statement, request.args.get("page", 1, type=int))
    return render_template("admin/users.html", pager=pager, query=query, role=role)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@login_required
def user(user_id: int):
    policy.require(policy.manages_users(current_user))
    person = db.session.get(User, user_id)
    person = policy.visible_or_404(person, person is not None and person.deleted_at is None)
    form = RoleForm(data={"role": person.role, "commune": person.commune_code,
                          "province": person.province_code or ""} if request.method == "GET"
                    else None)
    form.province.choices = [SelectChoice("", "–")] + [
        SelectChoice(p.code, p.name)
        for p in db.session.scalars(select(Province).order_by(Province.name.collate(collation())))]
    fill_commune_choices(form)
    membership = db.session.scalars(select(TeamMember).where(
        TeamMember.user_id == person.id)).first()
    if request.method == "POST" and searching(form):
        return _render_user(person, form, membership)
    if form.validate_on_submit():
        commune = chosen_commune(form)
        try:
            changed = set_role(current_user, person, form.role.data,
                               commune_code=commune.code if commune else None,
                               province_code=form.province.data or None)
        except Refusal as error:
            show_error(form, error)
        else:
            db.session.commit()
            if changed:
                flash(_("The role of %(name)s is saved.", name=person.full_name))
            return redirect(url_for("admin.user", user_id=person.id))
    return _render_user(person, form, membership, None)


def _render_user(person, form, membership, status: int | None = 200):
    """The person's page; ``status`` None: 422 when the form was sent and refused."""
    return render_form("admin/user.html", form, status, person=person, membership=membership)


@bp.get("/teams")
@login_required
def teams():
    policy.require(policy.is_admin(current_user))
    province = request.args.get("province", "")[:2]
    statement = (teams_in_scope(current_user).join(Commune)
                 .order_by(Commune.province_code, Commune.name.collate(collation()),
                           DigitalTeam.area_name.collate(collation()), DigitalTeam.id))
    if province:
        statement = statement.where(Commune.province_code == province)
    pager = paginate(statement, request.args.get("page", 1, type=int))
    provinces = list(db.session.scalars(
        select(Province).order_by(Province.name.collate(collation()))))
    return render_template("admin/teams.html", pager=pager, province=province,
                           provinces=provinces)


@bp.get("/audit")
@login_required
def audit():
    policy.require(policy.reads_audit_log(current_user))
    action = request.args.get("action", "")
    action = action if action in ACTION_LABELS else ""
    log = audit_page(request.args.get("page", 1, type=int), action or None)
    return render_template("admin/audit.html", log=log, action=action,
                           actions=actions_in_log())
