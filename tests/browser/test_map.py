"""The province map on a 360 px phone without JavaScript: the communes' names are on the map,
readable, and tapping a name or a dot opens that commune's figures."""

from learning.demo import DEMO_PASSWORD
from tests.browser.helpers import sign_in

PROVINCE = "0912000005"


def test_tapping_a_name_or_a_dot_on_the_map_opens_the_communes_figures(phone_without_script,
                                                                        live_site):
    page = phone_without_script.context.pages[0]
    sign_in(page, live_site, PROVINCE, DEMO_PASSWORD)
    page.goto(live_site("/statistics/provinces/40"))
    names = page.locator("figure.map svg text")
    assert names.count() == 4  # the demo's four communes, each named without hovering
    for i in range(names.count()):
        box = names.nth(i).bounding_box()
        assert box["height"] >= 11 and 0 <= box["x"] and box["x"] + box["width"] <= 360
    name = names.filter(has_text="Vân Tụ")
    name.click()
    assert page.url.endswith("/statistics/communes/17611")
    page.go_back()
    page.locator('figure.map svg a[aria-label^="Phường Thành Vinh"] circle').click(force=True)
    assert page.url.endswith("/statistics/communes/16681")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
