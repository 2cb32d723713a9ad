"""A whole saved course learnt in airplane mode, the browser closed and reopened, then synced."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from learning.extensions import db
from learning.progress.models import CourseProgress
from tests.browser.helpers import (
    answer_quiz,
    commune_figures,
    counts,
    make_account,
    outbox,
    save_course,
    sign_in,
    submit_quiz,
)


def test_a_whole_saved_course_learnt_offline_is_counted_once_after_reconnecting(
        phone, live_site, catalogue):
    learner = make_account(live_site, "0987 100 002")
    course = catalogue.course("health-insurance")
    page = phone.context.pages[0]
    sign_in(page, live_site, "0987 100 002", remember=True)  # their own phone
    save_course(page, live_site, course.id)
    before = commune_figures(live_site)

    phone.context.set_offline(True)
    page.goto(live_site(f"/courses/{course.id}"))
    page.click(f"a[href='/courses/{course.id}/{course.lessons[0].id}']")
    for lesson in course.lessons:
        page.wait_for_url(f"**/{lesson.id}")
        answer_quiz(page, lesson)
        submit_quiz(page)
        result = page.locator("section.marked")
        assert "100%" in result.locator(".score").inner_text()
        # each answer's explanation in a column as wide as online (was ~180-210 px in nested boxes)
        answers = result.locator(".review > li li").all()
        assert answers and min(a.bounding_box()["width"] for a in answers) >= 240
        assert "chưa gửi" in result.locator("[data-item]").inner_text()
        if lesson is not course.lessons[-1]:
            result.locator("a.btn").click()  # "Next lesson", kept on the phone
    assert counts(live_site, learner)["attempts"] == 0

    phone.close()  # the browser is closed, then opened again, still with no connection
    phone.open()
    phone.context.set_offline(True)
    page = phone.context.pages[0]
    page.goto(live_site("/offline"))
    expect(page.locator("#ol-outbox [data-item]")).to_have_text(
        ["Đã lưu trên điện thoại, chưa gửi"] * 3)
    kept = outbox(page)
    assert [(item["type"], item["state"]) for item in kept if item["type"] == "quiz_attempt"] == [
        ("quiz_attempt", "pending")] * 3
    assert sorted(item["lesson"] for item in kept if item["type"] == "lesson_started") == sorted(
        lesson.id for lesson in course.lessons), "each lesson opened offline, once"

    phone.context.set_offline(False)
    expect(page.locator("#ol-outbox [data-item]")).to_have_text([re.compile("^Đã gửi lúc")] * 3)
    assert {item["state"] for item in outbox(page)} == {"sent"}
    page.reload()  # sending again changes nothing
    page.wait_for_load_state("networkidle")
    assert counts(live_site, learner) == {"attempts": 3, "completed": 3, "course_lessons": 3}
    after = commune_figures(live_site)  # counted once in the commune's statistics too
    assert (after["lessons"] - before["lessons"], after["courses"] - before["courses"]) == (3, 1)
    with live_site.app.app_context():
        progress = db.session.scalars(select(CourseProgress).where(
            CourseProgress.learner_id == learner)).one()
        assert progress.completed_at is not None
    page.goto(live_site(f"/courses/{course.id}"))
    assert page.get_attribute(".bar rect", "width") == "100"
