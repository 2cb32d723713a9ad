"""On a 360 px phone, in a real browser: an officer creates a team and adds a tutor; the tutor
signs up a person without a phone, tutors them through a lesson, records an event with
attendees, and switches between learners, without ever signing out. Pages must not scroll
sideways and have no serious accessibility problem (axe-core)."""

from sqlalchemy import func, select

from learning.accounts.models import User
from learning.accounts.services import register_learner
from learning.events.models import EventAttendance
from learning.extensions import db
from learning.progress.models import LessonProgress, Method
from learning.teams.models import DigitalTeam
from tests.browser.helpers import PASSWORD, answer_quiz, serious_violations, sign_in

TUTOR_PHONE = "0919 000 111"


def fits_and_is_accessible(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url
    assert serious_violations(page) == [], page.url


def sign_out(page) -> None:
    """(The site's script may first send what the phone keeps, then sign out.)"""
    page.click("form[action='/signout'] button")
    page.wait_for_selector("header a[href='/signin']")


def sign_up_person(page, name: str) -> None:
    page.click("a[href$='/learners/new']")
    page.fill("#full_name", name)
    page.fill("#birth_year", "1950")
    page.check("#consent")
    page.click("#submit")
    page.wait_for_selector(".code")


def test_a_team_at_work_on_a_phone(page, live_site, catalogue):
    with live_site.app.app_context():
        register_learner(phone=TUTOR_PHONE, full_name="Vi Thị Thu", birth_year=1990,
                         gender=None, commune_code="17611", password=PASSWORD)
        db.session.commit()
    # The commune officer creates the team of Bản Mới and adds the tutor.
    sign_in(page, live_site, "0912000004", "hocvuso2025")
    page.goto(live_site("/communes/17611/teams/new"))
    fits_and_is_accessible(page)
    page.check("input[name=area_kind][value=ban]")
    page.fill("#area_name", "Bản Mới")
    page.click("#submit")
    page.wait_for_url("**/teams/*")
    team_url = page.url
    page.fill("#phone", TUTOR_PHONE)
    page.click("form[action$='/members'] #submit")
    page.wait_for_url(team_url)
    assert "Vi Thị Thu" in page.inner_text(".people")
    sign_out(page)

    # The tutor signs up two people without a phone, on her own phone.
    sign_in(page, live_site, TUTOR_PHONE)
    page.goto(live_site("/team"))
    fits_and_is_accessible(page)
    sign_up_person(page, "Lò Văn Páo")
    page.goto(team_url)
    sign_up_person(page, "Lò Thị Mai")
    fits_and_is_accessible(page)
    page.click("a.btn[href^='/learners/']")  # tutor her now
    course = catalogue.courses[0]
    lesson = course.lessons[0]
    page.click(f"a.btn[href*='/tutor/{course.id}/{lesson.id}']")  # her next lesson
    fits_and_is_accessible(page)
    answer_quiz(page, lesson)
    page.click("#tutor-quiz button.btn")
    page.wait_for_url("**/attempts/**")
    assert page.locator(".result.pass").count() == 1
    fits_and_is_accessible(page)

    # Next person in two taps: "Next person", then Páo — the same lesson, still signed in.
    page.click(".with a")
    page.click("a.btn2:has-text('Lò Văn Páo')")
    page.wait_for_url(f"**/tutor/{course.id}/{lesson.id}")
    assert "Lò Văn Páo" in page.inner_text(".with")

    # An event today, with both of them.
    page.goto(team_url + "/events/new")
    fits_and_is_accessible(page)
    page.fill("#title", "Ngày thứ Bảy chuyển đổi số")
    page.fill("#held_on", "2025-09-20")
    page.fill("#place", "Nhà văn hoá bản")
    page.check("input[name=courses][value=vneid]")
    page.click("#submit")
    page.wait_for_url("**/events/*")
    page.locator("input[name=learners]").first.check()
    page.locator("input[name=learners]").last.check()
    page.click("form[action$='/attendees'] #submit")
    page.wait_for_url("**/events/*")
    fits_and_is_accessible(page)

    with live_site.app.app_context():
        team = db.session.scalars(select(DigitalTeam).where(
            DigitalTeam.area_name == "Bản Mới")).one()
        people = select(User.id).where(User.team_id == team.id)
        progress = db.session.scalars(select(LessonProgress).where(
            LessonProgress.learner_id.in_(people),
            LessonProgress.completed_at.is_not(None))).all()
        assert [p.method for p in progress] == [Method.TUTOR]
        assert db.session.scalar(select(func.count()).where(
            EventAttendance.learner_id.in_(people))) == 2
