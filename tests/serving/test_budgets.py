"""The size budgets, counting what is really sent (tests/serving/sent.py): a lesson's first visit
(the page, its stylesheet, script, icon and pictures, compressed as served) is at most 10 KB for
every lesson in every language; signed-in pages (a tutor's team pages too, with team.js) and a
170-commune province's dashboard stay within 14 KB compressed, with brotli or gzip only."""

import pytest

from learning.accounts.models import Role
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
from tests.serving.sent import HTTPS_PHONE, PLAIN_PHONE, first_visit

FIRST_VISIT_BUDGET = 10 * 1024
PAGE_BUDGET = 14 * 1024


@pytest.mark.parametrize("encodings", [HTTPS_PHONE, PLAIN_PHONE])
@pytest.mark.parametrize("locale", ["vi", "fr", "en"])
def test_every_lessons_first_visit_is_within_10_kb_as_sent(client, catalogue, locale, encodings):
    over = {}
    for course in catalogue.courses:
        for lesson in course.lessons:
            visit = first_visit(client, f"/courses/{course.id}/{lesson.id}", encodings, locale)
            assert any(address.startswith("/static/site.css") for address in visit.parts)
            assert any(address.startswith("/static/js/app.js") for address in visit.parts)
            if visit.total > FIRST_VISIT_BUDGET:
                over[visit.page] = visit.parts
    assert over == {}, f"over {FIRST_VISIT_BUDGET} bytes as sent"


def test_a_lessons_pictures_are_counted(client, catalogue):
    lesson = next(lesson for course in catalogue.courses for lesson in course.lessons
                  if "images/" in lesson.text("vi").intro_html + "".join(
                      screen.html for screen in lesson.text("vi").screens))
    visit = first_visit(client, f"/courses/{lesson.course_id}/{lesson.id}")
    assert any("/images/" in address for address in visit.parts), visit.parts


@pytest.mark.parametrize("encodings", [HTTPS_PHONE, PLAIN_PHONE])
@pytest.mark.parametrize("locale", ["vi", "fr", "en"])
def test_signed_in_pages_stay_within_14_kb_as_sent(client, catalogue, locale, encodings):
    """Everything a signed-in learner's first visit downloads: the page, its stylesheet, icon,
    pictures, app.js and, where it loads, offline.js with its words — brotli or gzip only (never
    team.js: only the pages of a team's work load it, for its tutors)."""
    learner = make_user(locale=locale)
    sign_in(client, learner)
    pages = ["/", "/dashboard", "/settings", "/offline"]
    pages += [f"/courses/{course.id}" for course in catalogue.courses]
    pages += [f"/courses/{course.id}/{lesson.id}" for course in catalogue.courses
              for lesson in course.lessons]
    over = {}
    for page in pages:
        offline_script = page.startswith("/courses/")
        visit = first_visit(client, page, encodings, locale, offline_script=offline_script)
        assert any(address.startswith("/static/js/app.js") for address in visit.parts)
        if offline_script:
            assert any(address.startswith("/static/js/offline.js") for address in visit.parts)
        assert not [address for address in visit.parts
                    if address.startswith("/static/js/team.js") or "/team.json" in address], page
        if visit.total > PAGE_BUDGET:
            over[page] = visit.parts
    assert over == {}, f"over {PAGE_BUDGET} bytes as sent"


@pytest.mark.parametrize("encodings", [HTTPS_PHONE, PLAIN_PHONE])
@pytest.mark.parametrize("locale", ["vi", "fr", "en"])
def test_a_tutors_team_pages_stay_within_14_kb_as_sent(client, locale, encodings):
    """A tutor's first visit to each page of the team's work, counting team.js and its words
    besides offline.js and everyone's words; and pages that load no team.js. (The pages kept
    for tutoring offline, /offline/tutor/…, are never a first visit: they come with the team.)"""
    team = make_team()
    tutor = add_tutor(team)
    person, _code = sign_up_in_person(team, tutor)
    event = make_event(team, tutor)
    tutor.locale = locale
    sign_in(client, tutor)
    team_work = [f"/teams/{team.id}/learners", f"/teams/{team.id}/learners/new",
                 f"/events/{event.id}", f"/events/{event.id}/attendees/new", "/offline"]
    over = {}
    for page in [*team_work, f"/teams/{team.id}", f"/teams/{team.id}/events",
                 f"/learners/{person.id}"]:
        visit = first_visit(client, page, encodings, locale, offline_script=True)
        assert any(address.startswith("/static/js/offline.js") for address in visit.parts)
        scripts = {address.split("?")[0] for address in visit.parts}
        assert ({"/static/js/team.js", f"/offline/strings/{locale}/team.json"} <= scripts) == (
            page in team_work), page
        if visit.total > PAGE_BUDGET:
            over[page] = visit.parts
    assert over == {}, f"over {PAGE_BUDGET} bytes as sent"


def test_scripts_and_styles_are_sent_minified(client):
    """Comments and indentation are not sent: the script phones download is smaller than its
    source, and still the same program (its strings and names are kept)."""
    from pathlib import Path

    source = (Path(client.application.static_folder) / "js" / "offline.js").read_text()
    sent = client.get("/static/js/offline.js", headers={"Accept-Encoding": "identity"})
    assert sent.status_code == 200 and "Content-Encoding" not in sent.headers
    text = sent.get_data(as_text=True)
    assert len(text) < 0.85 * len(source)
    assert "/offline/packs/" in text and "\n  " not in text


def test_the_dashboard_of_a_170_commune_province_stays_within_14_kb(client, catalogue):
    communes = [make_commune(f"{18000 + i:05d}", f"Xã Thử Nghiệm Số {i}",
                             latitude=19.0 + i / 200, longitude=105.0) for i in range(170)]
    staff = make_user(Role.PROVINCE_STAFF, commune=communes[0])
    staff.province_code, staff.commune_code = communes[0].province_code, None
    db.session.commit()
    sign_in(client, staff)
    visit = first_visit(client, f"/statistics/provinces/{communes[0].province_code}",
                        offline_script=False)  # (a staff page loads no offline script)
    html_and_css = sum(size for address, size in visit.parts.items()
                       if not address.startswith("/static/js/"))
    assert html_and_css <= PAGE_BUDGET, visit.parts
    assert visit.total <= PAGE_BUDGET, visit.parts
