"""axe-core (from npm) in the real pages, with their script running: no serious or critical
violation on the pages citizens and tutors use, at a phone's width."""

from tests.browser.helpers import (
    answer_quiz,
    make_account,
    save_course,
    serious_violations,
    sign_in,
    submit_quiz,
)


def test_pages_a_visitor_sees(page, live_site):
    for address in ("/", "/signup", "/signin", "/courses/vneid", "/courses/vneid/what-is-vneid",
                    "/offline"):
        page.goto(live_site(address))
        page.wait_for_load_state("networkidle")
        assert serious_violations(page) == [], address


def test_pages_a_learner_sees_including_quiz_results_online_and_offline(phone, live_site,
                                                                         catalogue):
    make_account(live_site, "0987 100 005")
    page = phone.context.pages[0]
    sign_in(page, live_site, "0987 100 005")
    assert serious_violations(page) == [], "dashboard"
    save_course(page, live_site, "vneid")
    assert serious_violations(page) == [], "course page with its Save button"
    lesson = catalogue.course("vneid").lessons[0]
    page.goto(live_site(f"/courses/vneid/{lesson.id}"))
    submit_quiz(page)  # online, nothing ticked: the site's own errors
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == [], "quiz with errors"
    answer_quiz(page, lesson, right=False)
    submit_quiz(page)
    page.wait_for_url("**/attempts/**")
    assert serious_violations(page) == [], "quiz result"

    phone.context.set_offline(True)
    page.goto(live_site(f"/courses/vneid/{lesson.id}"))
    answer_quiz(page, lesson)
    submit_quiz(page)
    page.locator("section.marked .score").wait_for()
    assert serious_violations(page) == [], "quiz result marked on the phone"
    page.goto(live_site("/offline"))
    page.locator("#ol-outbox [data-item]").first.wait_for()
    assert serious_violations(page) == [], "on this phone"
