"""What a user notices of issue 11's polish, in Vietnamese and another language: count phrases in
the right plural form, month names in the language's own pattern, a print button on reports,
a confirmation before removing an attendee, the tutor's gender option, "khóa" spelt one way,
the event's date pre-filled with the day in Vietnam."""

import io
import re
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import load_workbook

from learning.accounts.models import Role
from learning.counting import definitions
from learning.counting.definitions import MONTH, Period, today
from learning.extensions import db
from tests.factories import (
    add_tutor,
    make_commune,
    make_event,
    make_team,
    make_user,
    sign_in,
    sign_up_in_person,
)
from tests.reporting.helpers import answer

ROOT = Path(__file__).resolve().parents[2]


def as_language(client, locale: str) -> None:
    client.get(f"/language/{locale}")


# --- Plurals ---------------------------------------------------------------------------------

def test_lessons_completed_take_the_plural_of_each_language(client, catalogue):
    course = catalogue.course("vneid")
    total = len(course.lessons)
    learner = make_user()
    sign_in(client, learner)

    def said(locale: str) -> str:
        as_language(client, locale)
        return client.get(f"/courses/{course.id}").text

    assert f"0 leçon terminée sur {total}" in said("fr")  # French: 0 and 1 are singular
    assert f"Đã hoàn thành 0 trên {total} bài học" in said("vi")
    answer(learner, course, course.lessons[0])
    db.session.commit()
    assert f"1 leçon terminée sur {total}" in said("fr")
    assert f"1 of {total} lessons completed" in said("en")
    answer(learner, course, course.lessons[1])
    db.session.commit()
    assert f"2 leçons terminées sur {total}" in said("fr")
    assert "leçons terminées sur" not in said("fr").replace(f"2 leçons terminées sur {total}", "")


def test_one_province_is_not_one_provinces(client):
    admin = make_user(Role.ADMIN, commune=make_commune(), full_name="Quản Trị")
    sign_in(client, admin)
    as_language(client, "en")
    page = client.get("/admin").text
    assert "1 province, 1 commune" in page and "1 provinces" not in page
    as_language(client, "fr")
    assert "1 province, 1 commune" in client.get("/admin").text
    as_language(client, "vi")
    assert "1 tỉnh, 1 xã/phường" in client.get("/admin").text


def test_a_tutors_figures_count_in_the_singular_for_one(client, catalogue):
    team = make_team()
    tutor = add_tutor(team, "Minh", lead=True)  # a lead sees each tutor's figures
    mai, _ = sign_up_in_person(team, tutor, "Mai")
    course = catalogue.course("vneid")
    answer(mai, course, course.lessons[0], method="tutor", tutor_id=tutor.id)
    sign_in(client, tutor)
    as_language(client, "fr")
    page = client.get(f"/teams/{team.id}").text
    assert "<b>1</b>personne aidée cette semaine" in page
    assert "<b>1</b>leçon terminée avec aide cette semaine" in page
    as_language(client, "en")
    page = client.get(f"/teams/{team.id}").text
    assert "<b>1</b>person helped this week" in page and "1 person helped, 1 lesson" in page


# --- Dates -----------------------------------------------------------------------------------

def test_month_reports_name_the_month_in_the_languages_own_pattern(client, catalogue):
    officer = make_user(Role.COMMUNE_OFFICER, commune=make_commune())
    sign_in(client, officer)
    month = Period.containing(MONTH, today())
    url = f"/statistics/communes/17611/monthly/{month.key}"
    as_language(client, "vi")
    page = client.get(url)
    assert page.status_code == 200
    assert f"tháng {month.start.month} năm {month.start.year}" in page.text
    assert not re.search(rf"tháng {month.start.month} {month.start.year}", page.text)
    as_language(client, "fr")
    french = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"][month.start.month - 1]
    assert f"{french} {month.start.year}" in client.get(url).text
    book = load_workbook(io.BytesIO(client.get(f"{url}/report.xlsx").data))
    about = book.worksheets[-1]
    assert about.title == "À propos de ce rapport"
    assert [c.value for c in about[2]] == ["Période", f"{french} {month.start.year} — en cours : "
                                                      "chiffres à ce jour"]


# --- Printing reports ------------------------------------------------------------------------

def test_reports_have_a_print_button_that_works_without_javascript(client, catalogue):
    officer = make_user(Role.COMMUNE_OFFICER, commune=make_commune())
    team = make_team()
    sign_in(client, officer)
    month = Period.containing(MONTH, today())
    for locale, word, note in (("vi", "In", "Trang này đã sẵn sàng để in"),
                               ("en", "Print", "This page is ready to print")):
        as_language(client, locale)
        for url in ("/statistics/communes/17611?sort=name&dir=asc",
                    f"/statistics/communes/17611/monthly/{month.key}",
                    "/communes/17611", f"/teams/{team.id}"):
            page = client.get(url).text
            link = re.search(r'<a class="btn2 noprint" href="([^"]+)" data-print>([^<]+)</a>', page)
            assert link and link.group(2) == word
            target = link.group(1).replace("&amp;", "&")
            assert "print=1" in target and ("sort=name" in target or "?sort" not in url)
            printable = client.get(target).text
            assert note in printable and 'class="printing"' in printable.replace(
                'class=" printing"', 'class="printing"')
            assert "js/print.js" in printable


# --- Attendees, sign-up, spelling, the event date ---------------------------------------------

def test_removing_an_attendee_asks_first_in_vietnamese(client):
    team = make_team()
    tutor = add_tutor(team)
    mai, _ = sign_up_in_person(team, tutor, "Lò Thị Mai")
    event = make_event(team, tutor, title="Thứ Bảy số")
    from learning.events.services import mark_attended
    mark_attended(tutor, event, [mai])
    sign_in(client, tutor)
    as_language(client, "vi")
    page = client.get(f"/events/{event.id}").text
    url = f"/events/{event.id}/attendees/{mai.id}/remove"
    assert f'<a href="{url}"' in page  # a link to a page that asks, not a form that acts
    asked = client.get(url)
    assert asked.status_code == 200
    assert "Bỏ Lò Thị Mai khỏi danh sách có mặt tại “Thứ Bảy số”?" in asked.text
    assert client.post(url).status_code == 422
    assert "Lò Thị Mai" in attendees(client.get(f"/events/{event.id}").text)
    client.post(url, data={"confirm": "y"})
    assert "Lò Thị Mai" not in attendees(client.get(f"/events/{event.id}").text)


def attendees(page: str) -> str:
    return page.split('<ul class="people">')[1].split("</ul>")[0]


def test_the_tutors_gender_option_speaks_of_the_person(client):
    team = make_team()
    sign_in(client, add_tutor(team))
    for locale, wanted, first_person in (
            ("vi", "Người này không muốn trả lời", "Tôi không muốn trả lời"),
            ("en", "The person prefers not to say", "I prefer not to say"),
            ("fr", "La personne préfère ne pas répondre", "Je préfère ne pas répondre")):
        as_language(client, locale)
        page = client.get(f"/teams/{team.id}/learners/new").text
        assert wanted in page and first_person not in page
    as_language(client, "vi")  # one's own sign-up still speaks to oneself
    client.post("/signout")
    assert "Tôi không muốn trả lời" in client.get("/signup").text


def test_khoa_is_spelt_one_way_in_vietnamese():
    """"khóa" (the usual modern spelling), never "khoá" — but "thuế khoán" is another word."""
    old = re.compile(r"[kK]hoá(?!n)")
    texts = [ROOT / "translations" / "vi" / "LC_MESSAGES" / "messages.po",
             *ROOT.glob("courses/**/*.vi.md"), *ROOT.glob("courses/**/*.toml"),
             *ROOT.glob("templates/**/*.html")]
    assert not [p for p in texts if old.search(p.read_text(encoding="utf-8"))]


def test_the_event_date_is_today_in_vietnam(client, monkeypatch):
    team = make_team()
    tutor = add_tutor(team)
    sign_in(client, tutor)

    class LateEvening(datetime):  # 20:00 UTC: already tomorrow in Vietnam
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 11, 26, 20, 0, tzinfo=UTC).astimezone(tz)

    monkeypatch.setattr(definitions, "datetime", LateEvening)
    page = client.get(f"/teams/{team.id}/events/new").text
    assert 'value="2026-11-27"' in page


def test_the_targets_upload_report_counts_in_french_plurals(client):
    make_commune("17611")
    make_commune("17612", "Bạch Ngọc")
    sign_in(client, make_user(Role.ADMIN, full_name="Quản Trị"))
    as_language(client, "fr")
    upload = {"file": (io.BytesIO(b"code,target\n17611,25000\n17612,1000\n"), "t.csv"),
              "check_only": "y"}
    page = client.post("/communes/targets", data=upload, content_type="multipart/form-data")
    assert "t.csv : 2 modifiées, 0 inchangée, 0 refusée." in page.text
    as_language(client, "vi")
    upload["file"] = (io.BytesIO(b"code,target\n17611,25000\n"), "t.csv")
    page = client.post("/communes/targets", data=upload, content_type="multipart/form-data")
    assert "t.csv: 1 thay đổi, 0 không đổi, 0 bị từ chối." in page.text
