"""Certificates: one per completed course and one for the core pathway, in the learner's
language, dated the day the course was completed (in Vietnam, offline too), printable, as PDF,
verifiable by anyone at the QR code's address, revocable by an administrator (issue 11)."""

import re
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select

from learning.accounts.models import Role, utcnow
from learning.audit.models import AuditEntry
from learning.certificates.models import PATHWAY, Certificate
from learning.counting.definitions import local_day
from learning.extensions import db
from learning.progress.services import Earned, record_quiz_attempt
from learning.vocabulary import Method
from tests.factories import add_tutor, make_team, make_user, sign_in
from tests.teams.helpers import answer_form


def in_pdf(text: str, data: bytes) -> bool:
    """Whether the PDF's metadata holds the text (PDF text strings: hex UTF-16BE)."""
    return text.encode("utf-16-be").hex().encode() in data.lower()


def right_answers(lesson) -> dict:
    return {i: q.correct_answer for i, q in enumerate(lesson.text("vi").questions)}


def complete(learner, course, at: datetime | None = None, earned: Earned | None = None) -> None:
    for lesson in course.lessons:
        record_quiz_attempt(learner, course, lesson, right_answers(lesson), str(uuid.uuid4()),
                            submitted_at=at, earned=earned)
    db.session.commit()


def test_a_completed_course_shows_its_certificate_and_the_next_course(client, catalogue):
    learner = make_user(full_name="Lò Thị Mai")
    course = catalogue.course("vneid")
    sign_in(client, learner)
    before = client.get("/courses/vneid").text
    assert "See my certificate" not in before
    assert client.get("/certificates/for/vneid").status_code == 404, "not completed yet"
    last = course.lessons[-1]
    for lesson in course.lessons[:-1]:
        record_quiz_attempt(learner, course, lesson, right_answers(lesson), str(uuid.uuid4()))
    db.session.commit()
    page = client.get(f"/courses/vneid/{last.id}").text
    attempt_id = re.search(r'name="attempt_id" value="([^"]+)"', page).group(1)
    result = client.post(f"/courses/vneid/{last.id}/quiz",
                         data={**answer_form(last), "attempt_id": attempt_id},
                         follow_redirects=True).text
    assert "See my certificate" in result and "Next course: " in result
    course_page = client.get("/courses/vneid").text
    assert "You completed this course." in course_page and "Continue:" not in course_page
    assert "Next course: " in course_page
    shown = client.get("/certificates/for/vneid")
    assert shown.status_code == 302
    certificate = client.get(shown.location).text
    assert "Lò Thị Mai" in certificate and course.title("en") in certificate
    assert "<svg" in certificate, "the QR code"
    assert "/verify/" in certificate


def test_the_date_is_the_day_completed_in_vietnam_even_when_synced_later(client, catalogue):
    learner = make_user()
    learner.created_at = utcnow() - timedelta(days=30)  # registered before learning offline
    db.session.commit()
    course = catalogue.course("vneid")
    # Answered offline ten days ago at 20:00 UTC, i.e. 03:00 the next day in Vietnam.
    offline = (utcnow() - timedelta(days=10)).replace(hour=20, minute=0, second=0, microsecond=0)
    complete(learner, course, offline)
    sign_in(client, learner)
    assert client.get("/certificates").status_code == 200
    cert = db.session.scalars(select(Certificate)).one()
    assert cert.completed_on == local_day(offline) == offline.date() + timedelta(days=1)
    assert cert.with_tutor is False
    assert len(cert.id) >= 22, "unguessable: secrets.token_urlsafe(16)"


def test_with_a_tutor_and_the_digital_citizen_certificate(app, client, catalogue):
    team = make_team()
    tutor = add_tutor(team)
    learner = make_user(full_name="Vi Văn Thắng")
    learner.team_id = team.id
    core = app.config["CORE_PATHWAY"]
    for slug in core:
        complete(learner, catalogue.course(slug),
                 earned=Earned(Method.TUTOR, tutor.id, None, tutor.id))
    sign_in(client, learner)
    page = client.get("/certificates").text
    assert "Digital citizen" in page
    subjects = {c.subject: c for c in db.session.scalars(select(Certificate))}
    assert set(subjects) == {*core, PATHWAY}
    assert all(c.with_tutor for c in subjects.values())
    pathway = client.get(f"/certificates/{subjects[PATHWAY].id}").text
    for slug in core:
        assert catalogue.course(slug).title("en") in pathway
    assert "With the help of a community digital team" in pathway


def test_print_sizes_and_the_pdf_in_the_learners_language(client, catalogue):
    learner = make_user(full_name="Nguyễn Thị Lan", locale="vi")
    complete(learner, catalogue.course("vneid"))
    sign_in(client, learner)
    location = client.get("/certificates/for/vneid").location
    a5 = client.get(location + "?paper=a5").text
    assert 'class="cert a5"' in a5 and "certificate.css" in a5
    pdf = client.get(location + ".pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    assert in_pdf("Nguyễn Thị Lan", pdf.data), "the name, in the PDF's title"
    assert in_pdf("Chứng nhận hoàn thành", pdf.data), "in the learner's language"
    assert b"/MediaBox [0 0 595.28 841.89]" in pdf.data, "A4"
    assert b"/MediaBox [0 0 419.53 595.28]" in client.get(location + ".pdf?paper=a5").data


def test_anyone_verifies_an_administrator_revokes_and_the_page_says_so(app, client, catalogue):
    learner = make_user(full_name="Hà Văn Sơn", birth_year=1950)
    admin = make_user(Role.ADMIN, full_name="Admin")
    complete(learner, catalogue.course("vneid"))
    sign_in(client, learner)
    client.get("/certificates")
    cert = db.session.scalars(select(Certificate)).one()
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert other.get(f"/certificates/{cert.id}").status_code == 302, "the page is the owner's"
    verify = other.get(f"/verify/{cert.id}")
    assert verify.status_code == 200 and "Valid" in verify.text and "Hà Văn Sơn" in verify.text
    assert "1950" not in verify.text and learner.phone[-6:] not in verify.text, "nothing more"
    assert other.get("/verify/not-a-real-id").status_code == 404

    sign_in(other, admin)
    assert other.post(f"/verify/{cert.id}/revoke", data={"confirm": "y"}).status_code == 422
    done = other.post(f"/verify/{cert.id}/revoke",
                      data={"reason": "Recorded by mistake", "confirm": "y"})
    assert done.status_code == 302
    page = client.get(f"/verify/{cert.id}").text
    assert "Revoked" in page and "Recorded by mistake" in page
    assert "revoked" in client.get(f"/certificates/{cert.id}").text
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "certificate.revoke")).one()
    assert entry.actor_id == admin.id
    client.get("/certificates")
    assert db.session.get(Certificate, cert.id).revoked_at is not None, "stays revoked"
