"""Reading certificates: what one says, in a given language, and the learner's path onwards."""

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from learning.catalog.content import Catalogue, Course
from learning.certificates.models import PATHWAY, Certificate
from learning.extensions import db
from learning.progress.queries import CourseState


@dataclass(frozen=True)
class CertificateText:
    """What a certificate says (the page, the PDF and the verification page show the same)."""

    id: str
    name: str
    title: str  # "Certificate of completion" / "Digital citizen"
    courses: list[str]
    completed_on: date
    with_tutor: bool
    province: str
    revoked_at: datetime | None
    reason: str | None
    valid: bool


def certificate(certificate_id: str) -> Certificate | None:
    if not certificate_id or len(certificate_id) > 32:
        return None
    return db.session.get(Certificate, certificate_id)


def core_pathway() -> tuple[str, ...]:
    return tuple(current_app.config["CORE_PATHWAY"])


def describe(cert: Certificate, catalogue: Catalogue, locale: str) -> CertificateText:
    """The certificate's words in ``locale`` (call within force_locale for another language)."""
    def course_title(slug: str) -> str:
        course = catalogue.course(slug)
        return course.title(locale) if course else slug

    if cert.subject == PATHWAY:
        title = _("Digital citizen")
        courses = [course_title(slug) for slug in core_pathway()]
    else:
        title = _("Certificate of completion")
        courses = [course_title(cert.subject)]
    province = ""
    if cert.province is not None:
        province = cert.province.full_name if locale == "vi" else (
            cert.province.name_en or cert.province.name)
    learner = cert.learner
    return CertificateText(cert.id, learner.full_name, title, courses, cert.completed_on,
                           cert.with_tutor, province, cert.revoked_at, cert.revoke_reason,
                           cert.revoked_at is None and learner.deleted_at is None)


def certificate_for(learner_id: int, subject: str) -> Certificate | None:
    return db.session.scalars(select(Certificate).where(
        Certificate.learner_id == learner_id, Certificate.subject == subject)).first()


def next_course(states: dict[str, CourseState], after: Course,
                core: tuple[str, ...]) -> Course | None:
    """The next course of the learner's path once ``after`` is completed: the first unfinished
    course of the core pathway, else the first unfinished course of the catalogue."""
    order = [states[slug] for slug in core if slug in states] + [
        state for slug, state in states.items() if slug not in core]
    return next((state.course for state in order
                 if state.course.id != after.id and not state.is_complete), None)
