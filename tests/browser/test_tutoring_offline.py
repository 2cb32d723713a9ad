"""A tutor saves the team's list, goes where there is no connection, records a learner's lesson
at an event, then syncs: the progress is the learner's, earned with that tutor at that event."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from learning.accounts.phone import display_phone
from learning.events.models import EventAttendance
from learning.extensions import db
from learning.progress.models import LessonProgress, Method, QuizAttempt
from tests.browser.helpers import answer_quiz, outbox, serious_violations, sign_in
from tests.factories import PASSWORD, add_tutor, make_event, make_team, sign_up_in_person


def make_team_with_people(site):
    with site.app.app_context():
        team = make_team(area_name="Bản Chiềng")
        tutor = add_tutor(team, full_name="Vi Thị Hằng")
        learner, _code = sign_up_in_person(team, tutor, full_name="Lương Văn Pả", birth_year=1948)
        sign_up_in_person(team, tutor, full_name="Lô Thị Xuân", birth_year=1952)
        event = make_event(team, tutor, title="Ngày thứ Bảy chuyển đổi số")
        db.session.commit()
        return team.id, display_phone(tutor.phone), tutor.id, learner.id, event.id


def test_a_tutor_records_a_learners_lesson_offline_then_syncs(phone, live_site, catalogue):
    team_id, tutor_phone, tutor_id, learner_id, event_id = make_team_with_people(live_site)
    page = phone.context.pages[0]
    sign_in(page, live_site, tutor_phone, PASSWORD)
    page.goto(live_site(f"/teams/{team_id}/learners"))
    assert serious_violations(page) == [], "tutor roster"
    page.get_by_role("button", name="Lưu để học khi không có mạng").click()
    expect(page.locator(".ol-save [role=status]")).to_contain_text("hướng dẫn những người")
    assert page.evaluate("""() => {  // the tutor's own script and words, kept with the team
        const me = document.querySelector('script[data-team-js]').dataset;
        return caches.open('team')
          .then(c => Promise.all([me.teamJs, me.teamStrings].map(u => c.match(u))))
          .then(found => found.map(Boolean));
    }""") == [True, True]
    team_js = "document.querySelector('script[data-team-js]').dataset.teamJs"
    page.evaluate(f"caches.open('team').then(c => c.delete({team_js}))")  # as if saved before
    page.reload()  # the site changed the script: the next page online keeps the new one
    assert page.evaluate(f"""async () => {{
        for (let tries = 0; tries < 100; tries++, await new Promise(ok => setTimeout(ok, 100)))
            if (await caches.open('team').then(c => c.match({team_js}))) return true;
    }}""")

    phone.context.set_offline(True)
    page.goto(live_site(f"/teams/{team_id}/learners"))
    page.click("text=Lương Văn Pả")
    expect(page.locator("h1")).to_have_text("Lương Văn Pả")
    assert serious_violations(page) == [], "a learner's page, kept for tutoring offline"
    lesson = catalogue.course("vneid").lessons[0]
    page.click("summary:has-text('VNeID')")
    page.click(f"a[data-lesson='vneid/{lesson.id}']")
    page.wait_for_url(f"**/learners/{learner_id}/tutor/vneid/{lesson.id}")
    expect(page.locator(".with strong")).to_have_text("Lương Văn Pả")
    answer_quiz(page, lesson)
    page.check(f"input[name=event][value='{event_id}']")
    page.click("#tutor-quiz button.btn")
    result = page.locator("section.marked")
    expect(result.locator(".score")).to_contain_text("100%")
    expect(result.locator(".flash")).to_have_text(
        "cho Lương Văn Pả: Đã lưu trên điện thoại, chưa gửi")
    assert serious_violations(page) == [], "a tutored quiz marked on the phone"

    phone.context.set_offline(False)
    expect(result.locator("[data-item]")).to_have_text(re.compile("^Đã gửi lúc"))
    assert [(item["type"], item["learner"], item["method"], item["state"])
            for item in outbox(page)] == [("lesson_started", learner_id, "tutor", "sent"),
                                          ("quiz_attempt", learner_id, "event", "sent")]
    with live_site.app.app_context():
        attempt = db.session.scalars(select(QuizAttempt)
                                     .where(QuizAttempt.learner_id == learner_id)).one()
        assert (attempt.method, attempt.tutor_id, attempt.event_id, attempt.recorded_by_id) == (
            Method.EVENT, tutor_id, event_id, tutor_id)
        assert db.session.scalars(select(LessonProgress).where(
            LessonProgress.learner_id == learner_id)).one().completed
        assert db.session.scalars(select(EventAttendance.learner_id).where(
            EventAttendance.event_id == event_id)).all() == [learner_id]

    page.click(".top form button")  # signing out takes the team's list off the phone
    page.wait_for_url(live_site("/"))
    page.wait_for_function("caches.has('team').then(kept => !kept)")
