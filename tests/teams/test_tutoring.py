"""Tutoring in person: a tutor goes through a lesson with a learner on the tutor's phone, records
their answers as completed with assistance, and goes on with the next person in two taps."""

import re
import uuid

from sqlalchemy import select

from learning.extensions import db
from learning.progress.models import LessonProgress, Method, QuizAttempt
from tests.factories import add_tutor, make_event, make_team, sign_in, sign_up_in_person
from tests.teams.helpers import answer_form


def setting(catalogue):
    team = make_team()
    tutor = add_tutor(team, "Trần Văn Minh")
    mai, _ = sign_up_in_person(team, tutor, "Lò Thị Mai")
    ban, _ = sign_up_in_person(team, tutor, "Vi Văn Ban")
    course = catalogue.course("vneid")
    return team, tutor, mai, ban, course, course.lessons[0]


def test_tutor_records_a_lesson_completed_with_assistance(app, client, catalogue):
    team, tutor, mai, _ban, course, lesson = setting(catalogue)
    sign_in(client, tutor)
    learner_page = client.get(f"/learners/{mai.id}")
    url = f"/learners/{mai.id}/tutor/{course.id}/{lesson.id}"
    assert learner_page.status_code == 200 and url in learner_page.text
    page = client.get(url)
    assert page.status_code == 200
    assert "With:" in page.text and "Lò Thị Mai" in page.text
    assert lesson.text("en").title in page.text
    response = client.post(url, data={**answer_form(lesson), "attempt_id": str(uuid.uuid4())})
    assert response.status_code == 302
    result = client.get(response.headers["Location"])
    assert "Passed: the lesson is completed, with assistance." in result.text
    progress = db.session.scalars(select(LessonProgress).where(
        LessonProgress.learner_id == mai.id)).one()
    assert progress.completed and progress.method == Method.TUTOR
    assert progress.tutor_id == tutor.id and progress.event_id is None
    attempt = db.session.scalars(select(QuizAttempt)).one()
    assert (attempt.method, attempt.tutor_id, attempt.recorded_by_id) == \
        (Method.TUTOR, tutor.id, tutor.id)


def test_the_same_answers_sent_twice_are_recorded_once(app, client, catalogue):
    _team, tutor, mai, _ban, course, lesson = setting(catalogue)
    sign_in(client, tutor)
    url = f"/learners/{mai.id}/tutor/{course.id}/{lesson.id}"
    data = {**answer_form(lesson), "attempt_id": str(uuid.uuid4())}
    first, second = client.post(url, data=data), client.post(url, data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert len(db.session.scalars(select(QuizAttempt)).all()) == 1


def test_a_missing_answer_is_asked_for_and_the_others_kept(app, client, catalogue):
    _team, tutor, mai, _ban, course, lesson = setting(catalogue)
    assert lesson.text("vi").questions[1].kind == "multiple", "q1 keeps several ticked choices"
    sign_in(client, tutor)
    form = answer_form(lesson)
    del form["q0"]
    response = client.post(f"/learners/{mai.id}/tutor/{course.id}/{lesson.id}", data=form)
    assert response.status_code == 422 and "Please answer every question." in response.text
    for choice in form["q1"]:
        assert f'name="q1" value="{choice}" checked' in response.text
    assert db.session.scalars(select(QuizAttempt)).first() is None


def test_progress_at_an_event_says_which_event(app, client, catalogue):
    team, tutor, mai, _ban, course, lesson = setting(catalogue)
    event = make_event(team, tutor)
    sign_in(client, tutor)
    url = f"/learners/{mai.id}/tutor/{course.id}/{lesson.id}"
    assert event.title in client.get(url + f"?event={event.id}").text
    client.post(url, data={**answer_form(lesson), "event": str(event.id),
                           "attempt_id": str(uuid.uuid4())})
    progress = db.session.scalars(select(LessonProgress)).one()
    assert (progress.method, progress.event_id, progress.tutor_id) == \
        (Method.EVENT, event.id, tutor.id)
    assert "Lò Thị Mai" in client.get(f"/events/{event.id}").text, "she attended it"


def test_switching_to_the_next_person_takes_two_taps(app, client, catalogue):
    team, tutor, mai, ban, course, lesson = setting(catalogue)
    sign_in(client, tutor)
    lesson_url = f"/learners/{{}}/tutor/{course.id}/{lesson.id}"
    client.get(lesson_url.format(ban.id))  # Ban was tutored a moment ago on this phone
    done = client.post(lesson_url.format(mai.id),
                       data={**answer_form(lesson), "attempt_id": str(uuid.uuid4())})
    result = client.get(done.headers["Location"])
    # One tap: the result page offers the same lesson with the people tutored lately.
    assert f'href="{lesson_url.format(ban.id)}"' in result.text
    # Or two taps: "Next person", then the name (straight to the same lesson).
    switch = re.search(r'href="(/teams/\d+/switch[^"]*)"', result.text).group(1)
    page = client.get(switch.replace("&amp;", "&"))
    assert page.status_code == 200 and f'href="{lesson_url.format(ban.id)}"' in page.text
    found = client.get(f"/teams/{team.id}/switch", query_string={"q": "van ban",
                                                                 "course": course.id,
                                                                 "lesson": lesson.id})
    assert f'href="{lesson_url.format(ban.id)}"' in found.text
    assert client.get(lesson_url.format(ban.id)).status_code == 200, "tutor still signed in"


def test_a_tutor_cannot_tutor_someone_of_another_team(app, client, catalogue):
    _team, tutor, _mai, _ban, course, lesson = setting(catalogue)
    other_team = make_team(area_name="Thôn 9")
    other_tutor = add_tutor(other_team, "Other")
    stranger, _ = sign_up_in_person(other_team, other_tutor, "Người lạ")
    sign_in(client, tutor)
    url = f"/learners/{stranger.id}/tutor/{course.id}/{lesson.id}"
    assert client.get(url).status_code == 404
    assert client.post(url, data=answer_form(lesson)).status_code == 404
    assert db.session.scalars(select(QuizAttempt)).first() is None


def test_a_lesson_in_another_language_than_the_page_says_so(app, client, catalogue,
                                                            monkeypatch):
    """Screen readers read the questions and answers with the right voice (WCAG 3.1.2)."""
    from learning.catalog.content import Lesson

    _team, tutor, mai, _ban, course, lesson = setting(catalogue)
    monkeypatch.setattr(Lesson, "text", lambda self, locale: self.texts["vi"])  # vi only
    sign_in(client, tutor)
    url = f"/learners/{mai.id}/tutor/{course.id}/{lesson.id}"
    page = client.get(url).text
    assert '<html lang="en">' in page
    assert re.search(r'<div lang="vi">\s*<fieldset class="q', page), "the quiz is in Vietnamese"
    done = client.post(url, data={**answer_form(lesson), "attempt_id": str(uuid.uuid4())})
    result = client.get(done.headers["Location"]).text
    assert '<ol class="review" lang="vi">' in result
    assert f'<h1 lang="vi">{lesson.text("vi").title}</h1>' in result



def test_who_is_next_shows_the_teams_list_by_name_a_page_at_a_time(app, client, catalogue,
                                                                    monkeypatch):
    from learning.tutoring import views

    team, tutor, mai, ban, course, lesson = setting(catalogue)
    an, _ = sign_up_in_person(team, tutor, "Hà Văn An")
    other_team = make_team(area_name="Thôn 9")
    sign_up_in_person(other_team, add_tutor(other_team, "Other"), "Người lạ")
    monkeypatch.setattr(views, "LIST_PAGE_SIZE", 2)
    sign_in(client, tutor)
    lesson_url = f"/learners/{{}}/tutor/{course.id}/{lesson.id}"
    first = client.get(f"/teams/{team.id}/switch",
                       query_string={"course": course.id, "lesson": lesson.id}).text
    listed = first[first.index('id="list"'):]
    names = re.findall(r'<li><a class="btn2" href="[^"]+">([^<]+)</a>', listed)
    assert names == ["Hà Văn An", "Lò Thị Mai"], "the first page, by name"
    assert f'href="{lesson_url.format(an.id)}"' in listed, "straight to the same lesson"
    assert "Page 1 of 2" in listed and "Người lạ" not in first
    following = re.search(r'href="([^"]+page=2[^"]*)"', listed).group(1).replace("&amp;", "&")
    second = client.get(following).text
    second_listed = second[second.index('id="list"'):]
    assert re.findall(r'<li><a class="btn2" href="[^"]+">([^<]+)</a>',
                      second_listed) == ["Vi Văn Ban"]
    assert f'href="{lesson_url.format(ban.id)}"' in second_listed
    past_the_end = client.get(f"/teams/{team.id}/switch?page=9").text
    assert "Page 2 of 2" in past_the_end and "Vi Văn Ban" in past_the_end
    assert client.get(f"/teams/{team.id}/switch?page=x").status_code == 200
