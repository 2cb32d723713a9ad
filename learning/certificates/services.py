"""Every write about certificates: issuing them from the learner's completed courses (when the
learner opens their certificates), and revoking one (administrators, audited).

Completion comes from ``CourseProgress.completed_at``, which the progress service sets from the
attempts themselves: a course completed offline and synced later is dated the day it was
completed (in Vietnam), not the day it arrived."""

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from learning.accounts.models import User, utcnow
from learning.audit.services import record_change
from learning.catalog.models import CourseRecord
from learning.certificates.models import PATHWAY, Certificate
from learning.counting.definitions import ASSISTED, local_day
from learning.extensions import db
from learning.progress.models import CourseProgress, LessonProgress


@dataclass(frozen=True)
class Completed:
    on: date
    with_tutor: bool


def completed_courses(learner: User) -> dict[str, Completed]:
    """Course id -> when it was completed and whether any of its lessons was done with a tutor
    (or at a team's event). Two queries."""
    done = {slug: (course_id, at) for slug, course_id, at in db.session.execute(
        select(CourseRecord.slug, CourseProgress.course_id, CourseProgress.completed_at)
        .join(CourseRecord, CourseRecord.id == CourseProgress.course_id)
        .where(CourseProgress.learner_id == learner.id,
               CourseProgress.completed_at.is_not(None)))}
    assisted = set(db.session.scalars(select(LessonProgress.course_id).distinct().where(
        LessonProgress.learner_id == learner.id, LessonProgress.completed_at.is_not(None),
        LessonProgress.method.in_(ASSISTED))))
    return {slug: Completed(local_day(at), course_id in assisted)
            for slug, (course_id, at) in done.items()}


def ensure_certificates(learner: User, course_ids: list[str],
                        core_pathway: tuple[str, ...]) -> list[Certificate]:
    """The learner's certificates, issuing any that their completed courses (of ``course_ids``,
    the current catalogue) now earn; a date moves earlier if an earlier completion arrived
    since (offline sync). Revoked certificates stay revoked."""
    if learner.deleted_at is not None:
        return []
    completed = {slug: c for slug, c in completed_courses(learner).items() if slug in course_ids}
    earned = dict(completed)
    core = [slug for slug in core_pathway if slug in course_ids]
    if core and all(slug in completed for slug in core):
        earned[PATHWAY] = Completed(max(completed[slug].on for slug in core),
                                    any(completed[slug].with_tutor for slug in core))
    existing = {c.subject: c for c in db.session.scalars(
        select(Certificate).where(Certificate.learner_id == learner.id))}
    province = learner.commune.province_code if learner.commune else learner.province_code
    for subject, completion in earned.items():
        certificate = existing.get(subject)
        if certificate is None:
            certificate = Certificate(id=secrets.token_urlsafe(16), learner_id=learner.id,
                                      subject=subject, completed_on=completion.on,
                                      with_tutor=completion.with_tutor,
                                      province_code=province, issued_at=utcnow())
            db.session.add(certificate)
            existing[subject] = certificate
        elif certificate.revoked_at is None and completion.on < certificate.completed_on:
            certificate.completed_on = completion.on
    db.session.flush()
    order = [*course_ids, PATHWAY]
    return sorted(existing.values(), key=lambda c: order.index(c.subject)
                  if c.subject in order else len(order))


def revoke(actor: User, certificate: Certificate, reason: str) -> None:
    certificate.revoked_at, certificate.revoked_by_id = utcnow(), actor.id
    certificate.revoke_reason = reason.strip()[:300]
    db.session.flush()
    record_change(actor, "certificate.revoke", "user", certificate.learner_id,
                  certificate=certificate.id, reason=certificate.revoke_reason)
