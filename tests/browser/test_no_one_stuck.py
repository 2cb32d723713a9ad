"""No one left stuck (issue 11), on a 360 px phone in a real browser, in two languages: a forgotten
password recovered through a tutor; a claim code used from the sign-in page; a course completed,
its certificate printed, downloaded, verified at its QR code's address and revoked; each role
landing on its work; and no page of any role wider than the screen."""

import re
import uuid
from pathlib import Path

import pytest
import segno
from sqlalchemy import select

from learning.accounts.models import Role, User
from learning.accounts.services import register_learner
from learning.catalog.records import current_catalogue
from learning.demo import DEMO_PASSWORD
from learning.extensions import db
from learning.progress.services import record_quiz_attempt
from learning.teams.models import DigitalTeam, TeamMember
from tests.browser.helpers import (
    PASSWORD,
    answer_quiz,
    held_completion,
    make_account,
    serious_violations,
    sign_in,
    submit_quiz,
    user_id,
)

OFFICER, PROVINCE, ADMIN = "0912000004", "0912000005", "0912000006"
_phones = iter(range(300_001, 399_999))


def new_phone() -> str:
    return f"0987 {next(_phones)}"[:12]


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url
    assert serious_violations(page) == [], page.url


def choose_language(page, site, locale: str) -> None:
    page.goto(site(f"/language/{locale}"))


def sign_out(page) -> None:
    page.click("form[action='/signout'] button")
    page.wait_for_selector("header a[href='/signin']")


def team_with_tutor(site, place: str) -> tuple[int, str]:
    """A team of Vân Tụ and its tutor (own password); returns the team's id, the tutor's phone."""
    phone = new_phone()
    with site.app.app_context():
        team = DigitalTeam(commune_code="17611", area_kind="thon", area_name=place)
        db.session.add(team)
        tutor = register_learner(phone=phone, full_name=f"Tutor of {place}", birth_year=1990,
                                 gender=None, commune_code="17611", password=PASSWORD,
                                 role=Role.TEAM_LEAD)
        db.session.flush()
        db.session.add(TeamMember(team_id=team.id, user_id=tutor.id, is_lead=True))
        db.session.commit()
        return team.id, phone


def on_team(site, learner: int, team: int) -> None:
    with site.app.app_context():
        db.session.get(User, learner).team_id = team
        db.session.commit()


@pytest.mark.parametrize("locale", ["vi", "fr"])
def test_a_forgotten_password_recovered_through_a_tutor(page, live_site, locale):
    team, tutor_phone = team_with_tutor(live_site, f"Thôn quên {locale}")
    person_phone = new_phone()
    person = make_account(live_site, person_phone, f"Người quên {locale}")
    on_team(live_site, person, team)
    choose_language(page, live_site, locale)

    sign_in(page, live_site, tutor_phone)
    assert page.url.endswith(f"/teams/{team}/learners"), "a tutor lands on the team's list"
    page.goto(live_site(f"/learners/{person}"))
    page.click(f"a[href='/learners/{person}/reset-code']")
    fits(page)
    page.check("#confirm")
    page.click("form .btn")
    code = page.inner_text(".code")
    fits(page)
    sign_out(page)

    page.goto(live_site("/signin"))
    page.click("a[href='/reset']")
    fits(page)
    page.fill("#phone", person_phone)
    page.fill("#code", code)
    page.fill("#password", "matkhau-moi-1")
    page.fill("#password_again", "matkhau-moi-1")
    page.click("#submit")
    page.wait_for_url("**/dashboard")
    sign_out(page)
    sign_in(page, live_site, person_phone, "matkhau-moi-1")
    assert page.url.endswith("/dashboard")


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_a_claim_code_found_from_the_sign_in_page(page, live_site, locale):
    from learning.roster.services import sign_up_in_person

    team, _tutor_phone = team_with_tutor(live_site, f"Bản nhận {locale}")
    with live_site.app.app_context():
        team_row = db.session.get(DigitalTeam, team)
        tutor = db.session.scalars(select(User).join(TeamMember, TeamMember.user_id == User.id)
                                   .where(TeamMember.team_id == team)).one()
        _person, code = sign_up_in_person(tutor, team_row, full_name=f"Lò Văn Nhận {locale}",
                                          birth_year=1948, gender=None,
                                          form_id=str(uuid.uuid4()), confirmed_new=True)
        db.session.commit()
    choose_language(page, live_site, locale)
    page.goto(live_site("/signin"))
    page.click("a[href='/claim']")
    fits(page)
    phone = new_phone()
    page.fill("#code", code)
    page.fill("#phone", phone)
    page.fill("#password", PASSWORD)
    page.fill("#password_again", PASSWORD)
    page.click("#submit")
    page.wait_for_url("**/dashboard")
    assert f"Lò Văn Nhận {locale}" in page.inner_text("main")


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_a_course_completed_its_certificate_printed_downloaded_verified_and_revoked(
        phone, live_site, catalogue, locale, playwright_driver):
    page = phone.context.pages[0]
    person_phone = new_phone()
    name = "Nguyễn Thị Chứng" if locale == "vi" else "Hà Văn Certificate"
    learner = make_account(live_site, person_phone, name, locale=locale)
    course = catalogue.course("vneid")
    with live_site.app.app_context():
        user = db.session.get(User, learner)
        for lesson in course.lessons[:-1]:
            answers = {i: q.correct_answer for i, q in enumerate(lesson.text("vi").questions)}
            record_quiz_attempt(user, course, lesson, answers, str(uuid.uuid4()))
        db.session.commit()
    sign_in(page, live_site, person_phone)
    last = course.lessons[-1]
    page.goto(live_site(f"/courses/vneid/{last.id}"))
    answer_quiz(page, last)
    submit_quiz(page)
    page.wait_for_url("**/attempts/**")
    page.click("a[href='/certificates/for/vneid']")
    page.wait_for_url("**/certificates/*")
    fits(page)
    assert name in page.inner_text(".cert")
    assert course.title(locale) in page.inner_text(".cert")

    page.emulate_media(media="print")  # printed: only the certificate
    assert not page.is_visible("header.top") and not page.is_visible("footer")
    assert page.is_visible(".cert .qr svg")
    assert page.pdf(prefer_css_page_size=True).startswith(b"%PDF")
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.click("a[href$='.pdf?paper=a4']")
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    assert name.encode("utf-16-be").hex().encode() in data.lower()

    address = re.search(r"https?://\S+/verify/[\w-]+", page.inner_text(".qr figcaption")).group(0)
    modules = re.compile(r' d="([^"]+)"')
    expected = segno.make(address, error="m").svg_inline(scale=4, border=4)
    assert modules.findall(page.inner_html(".qr"))[-1] == modules.findall(expected)[-1], \
        "the QR code holds exactly this address"
    sign_out(page)
    page.goto(address)
    fits(page)
    assert page.is_visible(".result.pass")
    assert name in page.inner_text("main")

    sign_in(page, live_site, ADMIN, DEMO_PASSWORD)
    page.goto(address)
    page.click("a[href$='/revoke']")
    fits(page)
    page.fill("#reason", "Test: issued by mistake")
    page.check("#confirm")
    page.click("#submit")
    page.wait_for_url(address)
    sign_out(page)
    page.goto(address)
    assert page.is_visible(".result.fail")
    assert "Test: issued by mistake" in page.inner_text("main")
    assert user_id(live_site, person_phone) == learner


@pytest.mark.parametrize("locale", ["vi", "fr"])
def test_each_role_lands_on_its_work_with_its_learning_one_tap_away(page, live_site, locale):
    team, tutor_phone = team_with_tutor(live_site, f"Tổ đến {locale}")
    learner_phone = new_phone()
    make_account(live_site, learner_phone, "Người học")
    choose_language(page, live_site, locale)
    places = [(tutor_phone, PASSWORD, f"/teams/{team}/learners"),
              (OFFICER, DEMO_PASSWORD, "/communes/17611"),
              (PROVINCE, DEMO_PASSWORD, "/statistics/provinces/40"),
              (ADMIN, DEMO_PASSWORD, "/admin"),
              (learner_phone, PASSWORD, "/dashboard")]
    for phone_number, password, place in places:
        sign_in(page, live_site, phone_number, password)
        assert page.url.endswith(place), (phone_number, page.url)
        assert page.locator("header a[href='/dashboard']").count() == 1, "My learning"
        fits(page)
        sign_out(page)


def test_no_page_of_any_role_is_wider_than_the_phone(page, live_site, catalogue):
    """Every page a person of each role reaches from the menu and their work, at 360 px."""
    team, tutor_phone = team_with_tutor(live_site, "Tổ rộng")
    learner_phone = new_phone()
    learner = make_account(live_site, learner_phone, "Người học rộng")
    on_team(live_site, learner, team)
    held_completion(live_site, learner, catalogue)  # the review pages list something
    lesson = catalogue.course("vneid").lessons[0]
    public = ["/", "/signin", "/signup", "/claim", "/reset", "/help", "/courses/vneid",
              f"/courses/vneid/{lesson.id}", "/offline"]
    own = ["/dashboard", "/settings", "/settings/recovery-code", "/my-data", "/certificates",
           "/help"]
    by_role = [
        (None, None, public),
        (learner_phone, PASSWORD, own),
        (tutor_phone, PASSWORD, [f"/teams/{team}", f"/teams/{team}/learners",
                                 f"/learners/{learner}", f"/teams/{team}/learners/new",
                                 f"/teams/{team}/events", f"/teams/{team}/events/new",
                                 f"/teams/{team}/switch", *own]),
        (OFFICER, DEMO_PASSWORD, ["/communes/17611", "/communes/17611/learners",
                                  "/communes/17611/help-contacts", f"/teams/{team}",
                                  "/statistics", "/statistics/communes/17611", "/review",
                                  "/review/communes/17611", *own]),
        (PROVINCE, DEMO_PASSWORD, ["/communes", "/statistics", "/statistics/provinces/40",
                                   "/statistics/communes/17611", "/statistics/definitions",
                                   "/review", "/review/communes/17611", *own]),
        (ADMIN, DEMO_PASSWORD, ["/admin", "/admin/users", "/admin/teams", "/admin/audit",
                                "/communes", "/statistics/provinces/40", *own]),
    ]
    wide = []
    for phone_number, password, addresses in by_role:
        if phone_number:
            sign_in(page, live_site, phone_number, password)
        for address in addresses:
            page.goto(live_site(address))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                wide.append(f"{address} ({phone_number or 'visitor'}): {width} px")
        if phone_number:
            sign_out(page)
    assert wide == []


def test_catalogue_is_the_live_sites(live_site):
    with live_site.app.app_context():
        assert current_catalogue().course("vneid") is not None
