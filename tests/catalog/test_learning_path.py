"""The citizen's path end to end: sign up, take a lesson, fail then pass, progress, come back."""

import gzip
import re

import pytest
from markupsafe import escape

from learning.config import PROJECT_ROOT
from learning.extensions import db
from tests.factories import make_commune

BUDGET = 14 * 1024
CSS = (PROJECT_ROOT / "static" / "site.css").read_bytes()


def answers_form(lesson, right=True):
    form = {}
    for i, q in enumerate(lesson.text("vi").questions):
        if q.kind == "order":
            order = list(q.correct_answer) if right else list(reversed(q.correct_answer))
            for position, step in enumerate(order, start=1):
                form[f"q{i}-{step}"] = str(position)
        elif q.kind == "multiple":
            form[f"q{i}"] = [str(c) for c in q.correct_answer] if right else ["0", "1"]
            if not right and sorted(q.correct_answer) == [0, 1]:
                form[f"q{i}"] = ["0"]
        else:
            wrong = next(c for c in range(len(q.choices)) if (c,) != q.correct_answer)
            form[f"q{i}"] = str(q.correct_answer[0] if right else wrong)
    return form


def progress_width(html: str, course_title: str) -> str:
    card = html.split(str(escape(course_title)), 1)[1]
    return re.search(r'<rect width="(\d+)"', card).group(1)


def sign_up(client, phone="0912 345 678", locale="vi"):
    make_commune()
    db.session.commit()
    client.get(f"/language/{locale}")
    return client.post("/signup", data={
        "phone": phone, "full_name": "Trần Thị Mai", "birth_year": "1956", "gender": "female",
        "commune": "17611", "password": "matkhau1", "consent": "y"})


@pytest.mark.parametrize("locale", ["vi", "fr", "en"])
def test_new_learner_path_in_each_language(client, catalogue, locale):
    course = catalogue.course("vneid")
    first, second = course.lessons[0], course.lessons[1]
    assert sign_up(client, locale=locale).status_code == 302
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert progress_width(dashboard, course.title(locale)) == "0"

    lesson_page = client.get(f"/courses/vneid/{first.id}").get_data(as_text=True)
    assert str(escape(first.text(locale).title)) in lesson_page
    attempt_id = re.search(r'name="attempt_id" value="([^"]+)"', lesson_page).group(1)

    failed = client.post(f"/courses/vneid/{first.id}/quiz",
                         data={**answers_form(first, right=False), "attempt_id": attempt_id},
                         follow_redirects=True)
    assert failed.status_code == 200
    failed_html = failed.get_data(as_text=True)
    feedback = first.text(locale).questions[0].choices
    assert any(choice.feedback in failed_html for choice in feedback)
    assert 'class="result fail"' in failed_html

    passed = client.post(f"/courses/vneid/{first.id}/quiz", data=answers_form(first),
                         follow_redirects=True).get_data(as_text=True)
    assert 'class="result pass"' in passed
    assert str(escape(second.text(locale).title)) in passed  # "next lesson" link

    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert progress_width(dashboard, course.title(locale)) == str(round(100 / len(course.lessons)))

    client.post("/signout")
    assert client.get("/dashboard").status_code == 302
    client.post("/signin", data={"phone": "+84 912.345.678", "password": "matkhau1"})
    home = client.get("/").get_data(as_text=True)
    assert f'/courses/vneid/{second.id}"' in home  # continue exactly where they stopped


def test_resubmitting_the_same_quiz_form_records_one_attempt(client, catalogue):
    from sqlalchemy import func, select

    from learning.progress.models import QuizAttempt

    sign_up(client)
    lesson = catalogue.course("vneid").lessons[0]
    form = {**answers_form(lesson), "attempt_id": "0b7a4a50-7a53-4f0e-9f0e-3b1d2c4e5f60"}
    client.post(f"/courses/vneid/{lesson.id}/quiz", data=form)
    client.post(f"/courses/vneid/{lesson.id}/quiz", data=form)
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 1


def test_quiz_with_no_answer_is_refused_and_keeps_what_was_chosen(client, catalogue):
    lesson = catalogue.course("online-scams").lessons[0]
    client.get("/language/en")
    partial = {"q0": answers_form(lesson)["q0"]}
    response = client.post(f"/courses/online-scams/{lesson.id}/quiz", data=partial)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="q0-err"' not in html
    assert '<p class="err" id="q1-err">Choose an answer.</p>' in html  # one right answer
    assert '<p class="err" id="q2-err">Choose at least one answer.</p>' in html  # several
    assert "checked" in html  # the first answer is still selected


def test_anyone_can_read_and_try_a_quiz_without_an_account(client, catalogue):
    lesson = catalogue.course("bank-qr-payments").lessons[2]
    assert client.get(f"/courses/bank-qr-payments/{lesson.id}").status_code == 200
    result = client.post(f"/courses/bank-qr-payments/{lesson.id}/quiz",
                         data=answers_form(lesson))
    assert result.status_code == 200
    assert 'class="result pass"' in result.get_data(as_text=True)


def test_unknown_course_lesson_or_attempt_is_404(client):
    assert client.get("/courses/nope").status_code == 404
    assert client.get("/courses/vneid/nope").status_code == 404
    assert client.post("/courses/vneid/nope/quiz").status_code == 404
    sign_up(client)
    assert client.get("/courses/vneid/what-is-vneid/attempts/whatever").status_code == 404


def test_someone_elses_attempt_is_not_shown(client, catalogue):
    lesson = catalogue.course("vneid").lessons[0]
    sign_up(client)
    response = client.post(f"/courses/vneid/{lesson.id}/quiz", data=answers_form(lesson))
    url = response.headers["Location"]
    client.post("/signout")
    sign_up(client, phone="0987 654 321")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("locale", ["vi", "fr", "en"])
def test_every_lesson_page_is_within_14_kb_gzipped(client, catalogue, locale):
    client.get(f"/language/{locale}")
    css = len(gzip.compress(CSS, 9))
    for course in catalogue.courses:
        for lesson in course.lessons:
            html = client.get(f"/courses/{course.id}/{lesson.id}").data
            assert len(gzip.compress(html, 9)) + css <= BUDGET, lesson.key


def test_a_quiz_form_shown_to_someone_else_on_the_same_phone_records_a_new_attempt(client,
                                                                                  catalogue):
    lesson = catalogue.course("vneid").lessons[0]
    form = {**answers_form(lesson), "attempt_id": "5f0c8a9e-1111-4222-8333-944455556666"}
    sign_up(client)
    client.post(f"/courses/vneid/{lesson.id}/quiz", data=form)
    client.post("/signout")
    sign_up(client, phone="0987 111 222")
    response = client.post(f"/courses/vneid/{lesson.id}/quiz", data=form)
    assert response.status_code == 302
    assert "5f0c8a9e" not in response.headers["Location"]
    assert 'class="result pass"' in client.get(response.headers["Location"]).get_data(
        as_text=True)


def test_an_attempt_is_only_shown_under_its_own_lesson(client, catalogue):
    first, second = catalogue.course("vneid").lessons[:2]
    sign_up(client)
    url = client.post(f"/courses/vneid/{first.id}/quiz",
                      data=answers_form(first)).headers["Location"]
    assert client.get(url).status_code == 200
    assert client.get(url.replace(first.id, second.id)).status_code == 404
