"""The review pages: the completions held in a commune (who, what, which rule, when), a page at a
time, each with Confirm and Reject buttons (plain forms: no JavaScript needed)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from learning.access import policy
from learning.catalog.records import current_catalogue, record_ids
from learning.extensions import db
from learning.geography.models import Commune
from learning.i18n import select_locale
from learning.progress.models import CompletionHold, HoldStatus
from learning.refusals import Refusal
from learning.review import queries, services
from learning.review.labels import RULE_LABELS, STATUS_LABELS, rule_detail

bp = Blueprint("review", __name__)


@bp.get("/review")
@login_required
def index():
    """An officer goes to their commune; province staff and administrators choose one."""
    policy.require(policy.reviews_completions(current_user))
    if policy.has_role(current_user, "commune_officer") and current_user.commune_code:
        return redirect(url_for("review.commune", code=current_user.commune_code))
    communes = [c for c in db.session.scalars(select(Commune).where(
        Commune.code.in_(policy.communes_in_scope(current_user))).order_by(Commune.code))
        if policy.can_review_commune(current_user, c)]
    pending = queries.pending_by_commune([c.code for c in communes])
    waiting = sorted((c for c in communes if pending.get(c.code)),
                     key=lambda c: (-pending[c.code], c.code))
    return render_template("review/index.html", communes=waiting, pending=pending)


def _commune(code: str) -> Commune:
    policy.require(policy.reviews_completions(current_user))
    return policy.get_or_404(Commune, code,
                             lambda commune: policy.can_review_commune(current_user, commune))


def _lesson_names() -> dict[int, tuple[str, str]]:
    locale = select_locale()
    catalogue = current_catalogue()
    names = {}
    for (course_slug, lesson_slug), lesson_id in record_ids().lessons.items():
        course = catalogue.course(course_slug)
        lesson = course.lesson(lesson_slug) if course is not None else None
        names[lesson_id] = (course.title(locale) if course else course_slug,
                            lesson.text(locale).title if lesson else lesson_slug)
    return names


@bp.get("/review/communes/<code>")
@login_required
def commune(code: str):
    commune = _commune(code)
    status = request.args.get("status", HoldStatus.PENDING)
    if status not in queries.STATUSES:
        status = HoldStatus.PENDING
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        page = 1
    pager = queries.page_of(code, status, page)
    rows = pager.rows
    return render_template(
        "review/commune.html", commune=commune, status=status, pager=pager, rows=rows,
        counts=queries.counts_by_status(code), statuses=queries.STATUSES,
        status_labels=STATUS_LABELS, rule_labels=RULE_LABELS, rule_detail=rule_detail,
        lessons=_lesson_names(), names=policy.names_flagged_learners(current_user, commune),
        back_to_all=not policy.has_role(current_user, "commune_officer"))


@bp.post("/review/holds/<int:hold_id>/<any(confirm, reject):decision>")
@login_required
def decide(hold_id: int, decision: str):
    policy.require(policy.reviews_completions(current_user))
    hold = db.session.get(CompletionHold, hold_id)
    code = queries.commune_of_hold(hold) if hold is not None else None
    commune = db.session.get(Commune, code) if code is not None else None
    policy.visible_or_404(hold, commune is not None
                          and policy.can_review_commune(current_user, commune))
    assert hold is not None and commune is not None
    try:
        page = max(int(request.form.get("page", "1")), 1)
    except ValueError:
        page = 1
    status = HoldStatus.CONFIRMED if decision == "confirm" else HoldStatus.REJECTED
    try:
        changed = services.review(current_user, hold, status)
    except Refusal as refusal:
        db.session.rollback()
        flash(refusal.message)
    else:
        db.session.commit()
        if status == HoldStatus.CONFIRMED:
            flash(_("Completion confirmed: it is now counted, on the day it was completed.")
                  if changed else _("This completion was already confirmed."))
        else:
            flash(_("Completion rejected: it will not be counted.")
                  if changed else _("This completion was already rejected."))
    return redirect(url_for("review.commune", code=commune.code, page=page))
