"""What is kept on the phone and not yet sent: never lost, and signing out with it warns first."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import answer_quiz, counts, make_account, outbox, sign_in, submit_quiz

WARNING = "Một số kết quả của bạn đã lưu trên điện thoại nhưng chưa được gửi."


@pytest.fixture
def failing_sync(monkeypatch):
    """The site answers the sync API with an error (a server in trouble) until put right."""
    import learning.offline.api

    def broken(*args, **kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(learning.offline.api, "sync_events", broken)
    return lambda: monkeypatch.undo()


def test_signing_out_with_unsent_results_warns_and_keeps_them_for_the_next_sign_in(
        phone, live_site, catalogue, failing_sync):
    learner = make_account(live_site, "0987 100 004")
    page = phone.context.pages[0]
    sign_in(page, live_site, "0987 100 004")
    lesson = catalogue.course("online-scams").lessons[0]
    page.goto(live_site(f"/courses/online-scams/{lesson.id}"))  # not saved for offline
    phone.context.set_offline(True)
    answer_quiz(page, lesson)
    submit_quiz(page)
    expect(page.locator("section.marked [role=status]")).to_contain_text("sẽ được chấm khi gửi đi")
    expect(page.locator("#ol-bar")).to_contain_text("chưa gửi: 1")

    with page.expect_event("dialog") as shown:
        page.click(".top form button", no_wait_after=True)
    assert shown.value.message.startswith(WARNING)
    shown.value.dismiss()
    expect(page.locator("#ol-bar")).to_be_visible()
    assert page.locator(".top form button").count() == 1, "still signed in"

    phone.context.set_offline(False)  # back online, but the site cannot take the results yet
    with page.expect_event("dialog") as shown:
        page.click(".top form button", no_wait_after=True)
    shown.value.accept()
    page.wait_for_url(live_site("/"))
    assert page.locator(".top a[href='/signin']").count() == 1, "signed out"
    assert [item["state"] for item in outbox(page) if item["type"] == "quiz_attempt"] == [
        "pending"], "nothing is lost"
    assert counts(live_site, learner)["attempts"] == 0

    failing_sync()  # the site is put right; the learner signs in again on this phone
    sign_in(page, live_site, "0987 100 004")
    expect(page.locator("#ol-bar")).to_contain_text("Mọi kết quả bạn làm trên điện thoại này")
    assert counts(live_site, learner) == {"attempts": 1, "completed": 1, "course_lessons": 1}


FAKE_VOICES = """
window.spoken = [];
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
Object.defineProperty(speechSynthesis, 'getVoices', {value: () => [%s]});
Object.defineProperty(speechSynthesis, 'speaking', {get: () => window.spoken.length > 0});
speechSynthesis.speak = u => window.spoken.push([u.lang, u.text, u.voice && u.voice.name]);
speechSynthesis.cancel = () => {};
"""


def test_listen_reads_the_lesson_aloud_in_its_language(phone, live_site, catalogue):
    phone.context.add_init_script(FAKE_VOICES % "{lang: 'vi-VN', name: 'Giọng Việt'}")
    page = phone.context.pages[0]
    lesson = catalogue.course("vneid").lessons[0]
    page.goto(live_site(f"/courses/vneid/{lesson.id}"))
    listen = page.get_by_role("button", name="Nghe đọc bài")
    listen.click()
    spoken = page.evaluate("window.spoken")
    assert spoken[0] == ["vi", lesson.text("vi").title, "Giọng Việt"]
    assert len(spoken) > 5 and all(language == "vi" for language, _text, _voice in spoken)
    assert page.get_by_role("button", name="Dừng đọc").get_attribute("aria-pressed") == "true"


def test_listen_is_hidden_where_the_phone_has_no_voice_for_the_language(phone, live_site,
                                                                        catalogue):
    phone.context.add_init_script(FAKE_VOICES % "{lang: 'en-US', name: 'English'}")
    page = phone.context.pages[0]
    page.goto(live_site(f"/courses/vneid/{catalogue.course('vneid').lessons[0].id}"))
    page.wait_for_load_state("networkidle")
    assert page.locator("article.lesson button").count() == 0
