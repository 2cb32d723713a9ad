"""The help page in each language, with the contacts the commune officer writes (issue 11)."""

import pytest
from sqlalchemy import select

from learning.accounts.models import Role
from learning.audit.models import AuditEntry
from learning.extensions import db
from tests.factories import make_commune, make_user, sign_in


@pytest.mark.parametrize(("locale", "title", "offline"), [
    ("vi", "Trợ giúp", "Lưu để học khi không có mạng"),
    ("fr", "Aide", "Enregistrer pour l’utiliser hors connexion"),
    ("en", "Help", "Save for offline use"),
])
def test_the_help_page_in_each_language_is_linked_from_every_page(client, locale, title,
                                                                   offline):
    client.get(f"/language/{locale}")
    page = client.get("/help").text
    assert f"<h1>{title}</h1>" in page and offline in page
    assert 'href="/reset"' in page and 'href="/claim"' in page
    assert 'href="/help"' in client.get("/").text, "in the footer"


def test_the_officer_writes_who_to_ask_and_the_communes_people_see_it(app, client):
    commune = make_commune()
    other = make_commune("16681", "Thành Vinh")
    officer = make_user(Role.COMMUNE_OFFICER, commune, full_name="Officer")
    learner = make_user(commune=commune, full_name="Learner")
    neighbour = make_user(commune=other, full_name="Neighbour")
    sign_in(client, officer)
    assert "Help contacts shown" in client.get("/communes/17611").text
    saved = client.post("/communes/17611/help-contacts",
                        data={"contacts": "Tổ công nghệ số Thôn 3: anh Minh, 0912 000 002\n"
                                          "Bộ phận một cửa: sáng thứ Hai–thứ Sáu"})
    assert saved.status_code == 302
    assert client.get("/communes/16681/help-contacts").status_code == 404
    assert db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "commune.help_contacts")).one().actor_id == officer.id
    for person, sees in ((learner, True), (neighbour, False)):
        reader = app.test_client()
        reader.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        sign_in(reader, person)
        assert ("anh Minh, 0912 000 002" in reader.get("/help").text) is sees


@pytest.mark.parametrize(("locale", "hint"), [("en", "choose all that apply"),
                                              ("vi", "chọn tất cả")])
def test_a_multiple_choice_question_says_its_hint_once(client, catalogue, locale, hint):
    client.get(f"/language/{locale}")
    html = client.get("/courses/vneid/what-is-vneid").text
    legends = [legend for legend in html.split("<legend>")[1:] if hint in legend.split(
        "</legend>")[0]]
    assert legends, "a multiple-choice question"
    assert all(legend.split("</legend>")[0].count(hint) == 1 for legend in legends)


def test_the_event_date_is_today_and_larger_text_is_at_the_top(client):
    from learning.counting.definitions import today as vietnam_today
    from learning.events.forms import EventForm

    assert EventForm.held_on.kwargs["default"]() == vietnam_today()
    header = client.get("/help").text.split("<main")[0]
    assert 'action="/text-size"' in header
