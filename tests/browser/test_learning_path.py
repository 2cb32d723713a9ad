"""A citizen signs up on a phone, takes a lesson and passes its quiz; the same without script."""

from tests.browser.helpers import (
    answer_quiz,
    bar_width,
    counts,
    make_account,
    outbox,
    sign_in,
    submit_quiz,
    user_id,
)


def test_sign_up_take_a_lesson_pass_its_quiz_and_see_the_progress_bar_move(page, live_site,
                                                                              catalogue):
    page.goto(live_site("/signup"))
    page.fill("#phone", "0987 100 001")
    page.fill("#full_name", "Vi Văn Thắng")
    page.fill("#birth_year", "1962")
    page.fill("#commune_query", "van tu")
    page.click("#find_commune")
    page.check("input[name=commune][value='17611']")
    page.fill("#password", "hocvuso2025")
    page.check("#consent")
    page.click("#submit")
    page.wait_for_url("**/dashboard")
    vneid = page.locator(".cards li:has(a[href='/courses/vneid'])")
    assert vneid.locator(".bar rect").get_attribute("width") == "0"

    lesson = catalogue.course("vneid").lessons[0]
    page.goto(live_site(f"/courses/vneid/{lesson.id}"))
    answer_quiz(page, lesson)
    submit_quiz(page)
    page.wait_for_url("**/attempts/**")
    assert "100%" in page.inner_text(".score")
    assert bar_width(page) == "20"
    assert [item["state"] for item in outbox(page)] == ["sent"]  # through the sync API

    page.goto(live_site("/dashboard"))
    assert vneid.locator(".bar rect").get_attribute("width") == "20"
    learner = user_id(live_site, "0987 100 001")
    assert counts(live_site, learner) == {"attempts": 1, "completed": 1, "course_lessons": 1}


def test_the_same_lesson_with_javascript_disabled(phone_without_script, live_site, catalogue):
    make_account(live_site, "0987 100 003")
    page = phone_without_script.context.pages[0]
    sign_in(page, live_site, "0987 100 003")
    lesson = catalogue.course("vneid").lessons[0]
    page.goto(live_site(f"/courses/vneid/{lesson.id}"))
    assert page.locator("article.lesson h1").inner_text() == lesson.text("vi").title
    assert page.locator("article.lesson button").count() == 0, "no Listen button without script"
    submit_quiz(page)  # nothing ticked: the site says what is missing, next to each question
    assert page.locator("#quiz .err[role=alert]").is_visible()
    answer_quiz(page, lesson)
    submit_quiz(page)
    page.wait_for_url("**/attempts/**")
    assert "100%" in page.inner_text(".score")
    assert bar_width(page) == "20"
    learner = user_id(live_site, "0987 100 003")
    assert counts(live_site, learner) == {"attempts": 1, "completed": 1, "course_lessons": 1}
    page.goto(live_site("/offline"))
    assert page.locator("#ol-nojs").is_visible()
