"""A tutor saves the team's list, goes where there is no connection, signs people up on the spot
(one of them at the team's event) and marks who came to the event; back online, the phone sends
it all, a possible duplicate is answered on the page, and everyone is on the team's list."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from learning.accounts.models import User
from learning.accounts.phone import display_phone
from learning.events.models import EventAttendance
from learning.extensions import db
from tests.browser.helpers import outbox, serious_violations, sign_in
from tests.factories import PASSWORD, add_tutor, make_event, make_team, sign_up_in_person

PENDING = "Đã lưu trên điện thoại, chưa gửi"
ALL_SENT = "Mọi kết quả bạn làm trên điện thoại này đã được gửi."


def make_team_at_work(site):
    with site.app.app_context():
        team = make_team(area_name="Bản Nà Cà")
        tutor = add_tutor(team, full_name="Lộc Thị Hoa")
        pa, _ = sign_up_in_person(team, tutor, full_name="Lương Văn Pả", birth_year=1948)
        xuan, _ = sign_up_in_person(team, tutor, full_name="Lô Thị Xuân", birth_year=1952)
        event = make_event(team, tutor, title="Ngày hội số bản Nà Cà")
        db.session.commit()
        return team.id, display_phone(tutor.phone), pa.id, xuan.id, event.id


def fill_sign_up(page, name: str, year: str = "") -> None:
    page.fill("#full_name", name)
    page.fill("#birth_year", year)
    page.check("input[name=gender][value=female]")
    page.check("#consent")
    page.click("#signup button.btn, #signup input[type=submit]")


def names_on_list(site, team_id: int) -> list[str]:
    with site.app.app_context():
        return sorted(db.session.scalars(select(User.full_name).where(User.team_id == team_id)))


def test_a_tutor_signs_people_up_and_marks_attendance_offline_then_syncs(phone, live_site):
    team_id, tutor_phone, pa_id, xuan_id, event_id = make_team_at_work(live_site)
    page = phone.context.pages[0]
    sign_in(page, live_site, tutor_phone, PASSWORD)
    page.goto(live_site(f"/teams/{team_id}/learners"))
    page.get_by_role("button", name="Lưu để học khi không có mạng").click()
    expect(page.locator(".ol-save [role=status]")).to_contain_text("hướng dẫn những người")

    phone.context.set_offline(True)
    page.goto(live_site(f"/teams/{team_id}/learners"))
    page.click("a.btn:has-text('Đăng ký hộ một người')")
    page.wait_for_url(f"**/teams/{team_id}/learners/new")
    page.click("#signup button.btn, #signup input[type=submit]")  # nothing typed yet
    expect(page.locator("#signup .ol-say")).to_contain_text("Hãy nhập họ và tên")
    fill_sign_up(page, "Vàng Thị Dung", "1961")
    saved = page.locator("main section .flash")
    expect(saved).to_have_text(f"Vàng Thị Dung: {PENDING}")
    assert serious_violations(page) == [], "a sign-up kept on the phone"

    page.goto(live_site(f"/events/{event_id}"))  # the event's page, kept with the team
    expect(page.locator("h1")).to_have_text("Ngày hội số bản Nà Cà")
    page.check(f"#attend input[value='{xuan_id}']")
    page.click("#attend button.btn, #attend input[type=submit]")
    expect(page.locator("main section .flash")).to_have_text(f"Lô Thị Xuân: {PENDING}")
    page.click("a:has-text('Đăng ký hộ người mới tại chỗ')")
    page.wait_for_url(f"**/events/{event_id}/attendees/new")
    fill_sign_up(page, "Hà Thị Vân")
    expect(page.locator("main section .flash")).to_have_text(f"Hà Thị Vân: {PENDING}")
    page.get_by_role("link", name="Đăng ký hộ một người khác").click()
    fill_sign_up(page, "LƯƠNG VĂN PẢ")  # already on the list, with a year of birth
    expect(page.locator("main section .flash")).to_have_text(f"LƯƠNG VĂN PẢ: {PENDING}")
    assert names_on_list(live_site, team_id) == ["Lô Thị Xuân", "Lương Văn Pả"], "not sent yet"

    phone.context.set_offline(False)
    status = page.locator("main section [data-item]")
    expect(status).to_have_text(re.compile("^Trang web không nhận: Đã có người cùng tên"))
    expect(status).to_contain_text("Lương Văn Pả (1948)")
    expect(page.locator("#ol-bar")).to_contain_text("Đăng ký đang chờ bạn cho biết đó là ai: 1")
    assert serious_violations(page) == [], "a sign-up refused as a possible duplicate"
    page.get_by_role("button", name="Đây là Lương Văn Pả (1948): ghi cho người này").click()
    expect(status).to_have_text(re.compile("^Đã gửi lúc .* Lương Văn Pả \\(1948\\) đã có trong"))
    expect(page.locator("#ol-bar")).to_contain_text(ALL_SENT)
    assert {(item["type"], item["state"]) for item in outbox(page)} == {
        ("sign_up", "sent"), ("attendance", "sent")}

    assert names_on_list(live_site, team_id) == [
        "Hà Thị Vân", "Lô Thị Xuân", "Lương Văn Pả", "Vàng Thị Dung"]
    with live_site.app.app_context():
        van = db.session.scalars(select(User.id).where(User.full_name == "Hà Thị Vân")).one()
        assert sorted(db.session.scalars(select(EventAttendance.learner_id).where(
            EventAttendance.event_id == event_id))) == sorted([xuan_id, van, pa_id])
    page.goto(live_site(f"/teams/{team_id}/learners"))
    for name in ("Vàng Thị Dung", "Hà Thị Vân", "Lô Thị Xuân", "Lương Văn Pả"):
        expect(page.locator("ul.people")).to_contain_text(name)
    page.goto(live_site(f"/events/{event_id}"))
    expect(page.locator("h2").first).to_have_text("3 người tham dự")
