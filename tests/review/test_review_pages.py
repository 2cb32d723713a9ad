"""Officers review their commune's held completions: who, what, which rule, when; confirming
counts the completion on the day it was made, rejecting keeps it out; every figure (dashboard,
report, exports, API) shows the confirmed count with the number under review beside it."""

import csv
import io
from datetime import timedelta

from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from learning.accounts.models import Role, User, utcnow
from learning.audit.models import AuditEntry
from learning.counting.definitions import MONTH, WEEK, Period, local_day, today
from learning.extensions import db
from learning.progress.models import CompletionHold, HoldStatus
from learning.reporting.areas import commune_area
from learning.reporting.figures import dashboard
from learning.reporting.queries import CounterSource
from learning.reporting.rebuild import verify
from learning.reporting.tokens import create_token
from learning.review.services import review
from tests.factories import make_commune, make_user, sign_in
from tests.review.helpers import study


def officer(code="17611"):
    return make_user(Role.COMMUNE_OFFICER, commune=make_commune(code), locale="en",
                     full_name="Officer")


def province_staff():
    staff = make_user(Role.PROVINCE_STAFF, locale="en", full_name="Staff")
    staff.province_code = "40"
    return staff


def board(code="17611"):
    db.session.commit()
    admin = make_user(Role.ADMIN)
    return dashboard(CounterSource(), commune_area(admin, code), today(), ())


def held_lesson(catalogue, days_ago=10, name="Lò Văn Hùng", commune="17611"):
    """A learner who passed a lesson seconds after opening it ``days_ago`` days ago."""
    learner = make_user(commune=make_commune(commune), full_name=name)
    learner.created_at = utcnow() - timedelta(days=days_ago + 1)
    course = catalogue.course("vneid")
    at = utcnow() - timedelta(days=days_ago)
    study(learner, course, course.lessons[0], at, read_for=timedelta(seconds=3))
    db.session.commit()
    return learner, at


def test_the_officer_sees_who_what_which_rule_and_when(client, catalogue):
    learner, _at = held_lesson(catalogue)
    held_lesson(catalogue, name="Ở Xã Khác", commune="16681")
    sign_in(client, officer())
    page = client.get("/review/communes/17611").get_data(as_text=True)
    lesson = catalogue.course("vneid").lessons[0]
    assert learner.full_name in page and lesson.text("en").title in page
    assert "Quiz passed too soon after the lesson was opened" in page
    assert "Passed 3 seconds after opening the lesson" in page
    assert "Ở Xã Khác" not in page
    assert client.get("/review").headers["Location"].endswith("/review/communes/17611")


def test_confirming_counts_the_completion_on_its_own_day(client, catalogue):
    learner, at = held_lesson(catalogue, days_ago=40)
    before = board()
    assert before.total["lessons"] == 0 and before.under_review_total == 1
    sign_in(client, officer())
    hold = db.session.scalars(select(CompletionHold)).one()
    response = client.post(f"/review/holds/{hold.id}/confirm", follow_redirects=True)
    assert "it is now counted" in response.get_data(as_text=True)
    after = board()
    assert after.total["lessons"] == 1 and after.under_review_total == 0
    day = local_day(at)
    month = Period.containing(MONTH, day)
    assert all(p.counts["lessons"] == (1 if p.period == month else 0) for p in after.months)
    assert verify().differences == []
    # Sent again (a double tap): nothing changes, logged once.
    response = client.post(f"/review/holds/{hold.id}/confirm", follow_redirects=True)
    assert "already confirmed" in response.get_data(as_text=True)
    assert board().total["lessons"] == 1 and verify().differences == []
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "completion.confirm")) == 1


def test_rejecting_keeps_it_out_and_the_learner_still_sees_their_work(client, catalogue):
    learner, _at = held_lesson(catalogue)
    hold = db.session.scalars(select(CompletionHold)).one()
    sign_in(client, officer())
    response = client.post(f"/review/holds/{hold.id}/reject", follow_redirects=True)
    assert "will not be counted" in response.get_data(as_text=True)
    after = board()
    assert after.total["lessons"] == 0 and after.under_review_total == 0
    assert verify().differences == []
    # The other decision afterwards is refused: the first one stands.
    response = client.post(f"/review/holds/{hold.id}/confirm", follow_redirects=True)
    assert "already reviewed" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(CompletionHold, hold.id).status == HoldStatus.REJECTED
    assert board().total["lessons"] == 0
    rejected = client.get("/review/communes/17611?status=rejected").get_data(as_text=True)
    assert learner.full_name in rejected and "Officer" in rejected
    client.post("/signout")
    sign_in(client, learner)
    course_page = client.get("/courses/vneid").get_data(as_text=True)
    assert course_page.count("✓") == 1  # their lesson is done, as they did it


def test_a_course_completed_with_a_held_lesson_counts_when_confirmed(catalogue):
    learner = make_user()
    learner.created_at = utcnow() - timedelta(days=5)
    course = catalogue.course("vneid")
    at = utcnow() - timedelta(days=2)
    for i, lesson in enumerate(course.lessons):
        study(learner, course, lesson, at + timedelta(hours=i),
              read_for=timedelta(seconds=2) if i == 1 else timedelta(minutes=6))
    held = board()
    assert held.total["courses"] == 0
    assert held.total["lessons"] == len(course.lessons) - 1 and held.under_review_total == 1
    review(make_user(Role.ADMIN), db.session.scalars(select(CompletionHold)).one(),
           HoldStatus.CONFIRMED)
    confirmed = board()
    assert confirmed.total["courses"] == 1 and confirmed.total["lessons"] == len(course.lessons)
    assert verify().differences == []
    # Answers after the review: the learner is counted as before, holds kept in mind.
    other = catalogue.course("public-services")
    study(learner, other, other.lessons[0], utcnow() - timedelta(hours=1),
          read_for=timedelta(seconds=1))
    assert board().under_review_total == 1 and verify().differences == []


def test_province_staff_review_every_commune_of_their_province_by_number(client, catalogue):
    learner, _at = held_lesson(catalogue)
    held_lesson(catalogue, name="Người Thành Vinh", commune="16681")
    sign_in(client, province_staff())
    home = client.get("/review").get_data(as_text=True)
    assert "Xã Vân Tụ" in home and "/review/communes/16681" in home
    page = client.get("/review/communes/17611").get_data(as_text=True)
    assert learner.full_name not in page and f"Account no. {learner.id}" in page


def test_the_list_is_paged(client, catalogue):
    for i in range(23):
        held_lesson(catalogue, name=f"Người {i:02d}")
    sign_in(client, officer())
    first = client.get("/review/communes/17611").get_data(as_text=True)
    second = client.get("/review/communes/17611?page=2").get_data(as_text=True)
    beyond = client.get("/review/communes/17611?page=99").get_data(as_text=True)
    named = [f"Người {i:02d}" for i in range(23)]
    on_first = {n for n in named if n in first}
    on_second = {n for n in named if n in second}
    assert len(on_first) == 20 and len(on_second) == 3 and not on_first & on_second
    assert {n for n in named if n in beyond} == on_second
    assert client.get("/review/communes/17611?page=x").status_code == 200


def test_the_review_page_speaks_each_language(client, app, catalogue):
    held_lesson(catalogue)
    sign_in(client, officer())
    for locale in ("vi", "fr", "en"):
        user = db.session.scalars(select(User).where(User.role == Role.COMMUNE_OFFICER)).one()
        user.locale = locale
        db.session.commit()
        page = client.get("/review/communes/17611").get_data(as_text=True)
        with app.test_request_context(), force_locale(locale):
            for text in ("Completions under review", "Confirm", "Reject",
                         "Quiz passed too soon after the lesson was opened"):
                assert gettext(text) in page, (locale, text)
            if locale != "en":
                assert gettext("Completions under review") != "Completions under review"


def test_dashboards_reports_exports_and_the_api_show_the_number_under_review(client,
                                                                             catalogue):
    held_lesson(catalogue, days_ago=0)
    learner = make_user(full_name="Honest")
    learner.created_at = utcnow() - timedelta(days=1)
    course = catalogue.course("vneid")
    study(learner, course, course.lessons[0], utcnow() - timedelta(minutes=5))
    staff = province_staff()
    secret = create_token(staff, "Sở KH&CN")
    sign_in(client, officer())
    page = client.get("/statistics/communes/17611").get_data(as_text=True)
    assert 'id="under-review"' in page and "/review/communes/17611" in page
    week = Period.containing(WEEK, today())
    report_page = client.get(f"/statistics/communes/17611/weekly/{week.key}")
    assert 'id="under-review"' in report_page.get_data(as_text=True)
    headers = {"Authorization": f"Bearer {secret}"}
    coverage = client.get("/api/v1/provinces/40/coverage", headers=headers).json
    van_tu = next(c for c in coverage["communes"] if c["code"] == "17611")
    # (exact counts for the reporting system: the honest lesson counted, the held one beside it)
    assert van_tu["totals"]["lessons"] == 1 and van_tu["under_review"] == 1
    data = client.get(f"/statistics/communes/17611/weekly/{week.key}/data.csv")
    lines = list(csv.DictReader(io.StringIO(data.get_data(as_text=True))))
    assert [line["value"] for line in lines
            if line["table"] == "total" and line["measure"] == "under_review"] == ["1"]
    definitions = client.get("/api/v1/statistics/definitions", headers=headers).json
    assert definitions["rules"]["flagged"]["instant"]["min_seconds"] == 20
