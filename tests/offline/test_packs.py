"""Course packs: everything a phone keeps to learn a course offline, under 200 KB."""

import pytest
from sqlalchemy import func, select

from learning.extensions import db
from learning.offline.packs import PACK_BUDGET
from learning.progress.models import LessonProgress
from tests.factories import make_user, sign_in

LOCALES = ("vi", "fr", "en")


def kept_bytes(client, pack_response) -> int:
    pack = pack_response.get_json()
    total = len(pack_response.data)
    for address in [page["from"] for page in pack["pages"]] + pack["files"]:
        with client.get(address) as response:  # pictures are files: close them
            assert response.status_code == 200, address
            total += len(response.data)
    return total


@pytest.mark.parametrize("locale", LOCALES)
def test_every_course_pack_with_its_pages_and_pictures_stays_under_200_kb(client, catalogue,
                                                                           locale):
    sign_in(client, make_user())  # pages are a little larger for someone signed in
    client.get(f"/language/{locale}")
    for course in catalogue.courses:
        response = client.get(f"/offline/packs/{locale}/{course.id}.json")
        assert response.status_code == 200
        assert kept_bytes(client, response) <= PACK_BUDGET, course.id


def test_a_pack_lists_every_lesson_page_and_what_is_needed_to_mark_its_quiz(client, catalogue):
    course = catalogue.course("vneid")
    pack = client.get("/offline/packs/fr/vneid.json").get_json()
    assert pack["course"] == "vneid" and pack["locale"] == "fr"
    assert pack["title"] == course.title("fr") and pack["pass_mark"] == course.pass_mark
    assert [page["url"] for page in pack["pages"]] == ["/courses/vneid"] + [
        f"/courses/vneid/{lesson.id}" for lesson in course.lessons]
    assert len(pack["files"]) == len(set(pack["files"])) > 0
    for entry, lesson in zip(pack["lessons"], course.lessons, strict=True):
        questions = lesson.text("fr").questions
        assert entry["title"] == lesson.text("fr").title
        assert [q["right"] for q in entry["quiz"]] == [list(q.correct_answer) for q in questions]
        assert [q["feedback"] for q in entry["quiz"]] == [
            [choice.feedback for choice in q.choices] for q in questions]
    assert pack["lessons"][0]["next"] == f"/courses/vneid/{course.lessons[1].id}"
    assert pack["lessons"][-1]["next"] is None


def test_the_kept_copy_of_a_lesson_is_the_lesson_page_without_counting_it_as_started(client):
    learner = make_user()
    sign_in(client, learner)
    copy = client.get("/offline/courses/vneid/what-is-vneid")
    assert copy.status_code == 200 and copy.headers["X-Robots-Tag"] == "noindex"
    page = copy.get_data(as_text=True)
    assert 'action="/courses/vneid/what-is-vneid/quiz"' in page
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 0
    client.get("/courses/vneid/what-is-vneid")
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1


def test_a_pack_changes_its_etag_only_when_the_course_changes(client):
    first = client.get("/offline/packs/vi/vneid.json")
    again = client.get("/offline/packs/vi/vneid.json", headers={"If-None-Match": first.headers[
        "ETag"].strip('"')})
    assert again.status_code == 304
    other_locale = client.get("/offline/packs/en/vneid.json")
    assert other_locale.headers["ETag"] != first.headers["ETag"]


@pytest.mark.parametrize("address", ["/offline/packs/vi/nope.json", "/offline/packs/xx/vneid.json",
                                     "/offline/courses/vneid/nope", "/offline/courses/nope/x"])
def test_unknown_courses_lessons_and_locales_answer_404(client, address):
    assert client.get(address).status_code == 404
