"""Certificate pages: the learner's certificates, one certificate (printable on A4 or A5), its
PDF, the public verification page its QR code leads to, and revoking (administrators)."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from learning.access import policy
from learning.catalog.records import current_catalogue
from learning.certificates import queries, services
from learning.certificates.forms import RevokeForm
from learning.certificates.models import Certificate
from learning.certificates.pdf import PAPERS, certificate_pdf
from learning.certificates.qr import qr_svg
from learning.database import writes
from learning.extensions import db
from learning.web.pages import render_form

bp = Blueprint("certificates", __name__)


def _issue_mine() -> list[Certificate]:
    catalogue = current_catalogue()
    return services.ensure_certificates(current_user, [c.id for c in catalogue.courses],
                                        queries.core_pathway())


def _own_or_404(certificate_id: str) -> Certificate:
    cert = queries.certificate(certificate_id)
    return policy.visible_or_404(cert, cert is not None and cert.learner_id == current_user.id)


def _paper() -> str:
    paper = request.args.get("paper", "a4")
    return paper if paper in PAPERS else "a4"


def verify_url(cert: Certificate) -> str:
    return url_for("certificates.verify", certificate_id=cert.id, _external=True)


@bp.get("/certificates")
@login_required
@writes
def mine():
    certificates = _issue_mine()
    db.session.commit()
    locale = str(get_locale())
    catalogue = current_catalogue()
    return render_template("certificates/mine.html", certificates=[
        queries.describe(cert, catalogue, locale) for cert in certificates])


@bp.get("/certificates/for/<course_id>")
@login_required
@writes
def for_course(course_id: str):
    """The certificate of a completed course (issued now if need be); 404 before completion."""
    found = next((cert for cert in _issue_mine() if cert.subject == course_id), None)
    db.session.commit()
    if found is None:
        abort(404)
    return redirect(url_for("certificates.show", certificate_id=found.id))


@bp.get("/certificates/<certificate_id>")
@login_required
def show(certificate_id: str):
    cert = _own_or_404(certificate_id)
    text = queries.describe(cert, current_catalogue(), str(get_locale()))
    return render_template("certificates/certificate.html", cert=text, paper=_paper(),
                           qr=qr_svg(verify_url(cert)), verify=verify_url(cert))


@bp.get("/certificates/<certificate_id>.pdf")
@login_required
def pdf(certificate_id: str):
    cert = _own_or_404(certificate_id)
    locale = cert.learner.locale or str(get_locale())  # in the learner's language
    with force_locale(locale):
        text = queries.describe(cert, current_catalogue(), locale)
        body = certificate_pdf(text, verify_url(cert), _paper())
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="certificate-{cert.subject}.pdf"'})


@bp.get("/verify/<certificate_id>")
def verify(certificate_id: str):
    """Public: what the certificate says, and whether it is valid. Nothing more."""
    cert = queries.certificate(certificate_id)
    if cert is None:
        return render_template("certificates/verify.html", cert=None), 404
    return render_template("certificates/verify.html", cert=queries.describe(
        cert, current_catalogue(), str(get_locale())),
        revokes=policy.can_revoke_certificates(current_user))


@bp.route("/verify/<certificate_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke(certificate_id: str):
    policy.require(policy.can_revoke_certificates(current_user))
    cert = policy.visible_or_404(queries.certificate(certificate_id), True)
    text = queries.describe(cert, current_catalogue(), str(get_locale()))
    if cert.revoked_at is not None:
        return redirect(url_for("certificates.verify", certificate_id=cert.id))
    form = RevokeForm()
    if form.validate_on_submit():
        services.revoke(current_user, cert, form.reason.data)
        db.session.commit()
        flash(_("The certificate is revoked."))
        return redirect(url_for("certificates.verify", certificate_id=cert.id))
    return render_form("certificates/revoke.html", form, cert=text)


def course_after(course):
    """The next course of the current learner's path (templates of completed courses)."""
    from learning.progress.queries import learner_states

    states = learner_states(current_user, current_catalogue())
    return queries.next_course(states, course, queries.core_pathway())


def format_day(value) -> str:
    from flask_babel import format_date

    return format_date(value, format="long")


@bp.app_context_processor
def certificate_helpers() -> dict:
    return {"course_after": course_after, "format_day": format_day}
