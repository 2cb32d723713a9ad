"""Reports print from a button (issue 11): with JavaScript it opens the browser's print dialog on
the page itself; without, it opens the page's print view (no menus, a note saying how to print)."""

from sqlalchemy import select

from learning.accounts.models import Role
from learning.extensions import db
from learning.geography.models import Commune
from learning.teams.models import DigitalTeam
from tests.browser.helpers import make_account, sign_in
from tests.factories import make_team


def test_the_dashboards_print_button_with_and_without_javascript(
        phone, phone_without_script, live_site):
    make_account(live_site, "0987 700 001", "Phan Văn Cán Bộ", role=Role.COMMUNE_OFFICER)
    page = phone.context.pages[0]
    sign_in(page, live_site, "0987 700 001")
    page.goto(live_site("/statistics/communes/17611"))
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("link", name="In", exact=True).click()
    assert page.evaluate("window.printed") == 1 and "print=1" not in page.url

    bare = phone_without_script.context.pages[0]
    sign_in(bare, live_site, "0987 700 001")
    bare.goto(live_site("/statistics/communes/17611"))
    bare.get_by_role("link", name="In", exact=True).click()
    bare.wait_for_url("**print=1")
    assert "Trang này đã sẵn sàng để in" in bare.locator(".printnote").inner_text()
    assert not bare.locator("header.top nav").is_visible()
    assert not bare.locator("footer").is_visible()

    with live_site.app.app_context():
        team_id = db.session.scalars(select(DigitalTeam.id).where(
            DigitalTeam.commune_code == "17611")).first()
        if team_id is None:
            team_id = make_team(db.session.get(Commune, "17611"), "Thôn In Ấn").id
            db.session.commit()
    bare.goto(live_site(f"/teams/{team_id}"))
    assert bare.locator("main form").count() > 0  # adding a tutor, choosing the lead…
    bare.get_by_role("link", name="In", exact=True).click()
    bare.wait_for_url("**print=1")
    assert all(not form.is_visible() for form in bare.locator("main form").all())
    assert bare.locator("main .figs").first.is_visible()
