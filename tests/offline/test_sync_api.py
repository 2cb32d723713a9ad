"""The sync API as a phone uses it: batches merged through the one progress service."""

import uuid

from sqlalchemy import func, select

from learning.events.models import EventAttendance
from learning.extensions import db
from learning.progress.models import CourseProgress, LessonProgress, Method, QuizAttempt
from tests.factories import add_tutor, make_event, make_team, make_user, sign_in, sign_up_in_person
from tests.offline.batches import API, attempt, post

RIGHT, WRONG = True, False


def attempts_of(learner) -> list[QuizAttempt]:
    return list(db.session.scalars(select(QuizAttempt).where(QuizAttempt.learner_id == learner.id)
                                   .order_by(QuizAttempt.submitted_at)))


def lesson_progress(learner, lesson_slug: str) -> LessonProgress:
    from learning.catalog.records import record_ids

    lesson_id = record_ids().lessons[("vneid", lesson_slug)]
    return db.session.scalars(select(LessonProgress).where(
        LessonProgress.learner_id == learner.id, LessonProgress.lesson_id == lesson_id)).one()


def test_a_learner_sends_a_batch_and_it_is_recorded_as_self_study(client, catalogue):
    learner = make_user()
    sign_in(client, learner)
    lessons = catalogue.course("vneid").lessons
    batch = [attempt(catalogue, lessons[0].id, RIGHT), attempt(catalogue, lessons[1].id, WRONG)]
    response = post(client, batch)
    assert response.status_code == 200
    body = response.get_json()
    assert body["recorded"] == 2 and body["refused"] == 0
    assert [r["status"] for r in body["results"]] == ["recorded", "recorded"]
    assert [r["passed"] for r in body["results"]] == [True, False]
    recorded = attempts_of(learner)
    assert {a.id for a in recorded} == {e["id"] for e in batch}
    assert {(a.method, a.tutor_id, a.recorded_by_id) for a in recorded} == {
        (Method.SELF, None, learner.id)}
    assert lesson_progress(learner, lessons[0].id).completed
    assert not lesson_progress(learner, lessons[1].id).completed


def test_sending_a_batch_twice_records_it_once(client, catalogue):
    learner = make_user()
    sign_in(client, learner)
    batch = [attempt(catalogue, "what-is-vneid", RIGHT), attempt(catalogue, "level-1-register")]
    assert post(client, batch).get_json()["recorded"] == 2
    again = post(client, batch).get_json()
    assert again["recorded"] == 0 and again["duplicates"] == 2
    assert len(attempts_of(learner)) == 2
    progress = db.session.scalars(select(CourseProgress)
                                  .where(CourseProgress.learner_id == learner.id)).one()
    assert progress.lessons_completed == 2


def test_batches_out_of_order_give_the_same_result_as_in_order(client, catalogue):
    """A phone offline for days: a failed try, then a pass, then a later fail, sent backwards."""
    learner = make_user()
    sign_in(client, learner)
    first_fail = attempt(catalogue, "what-is-vneid", WRONG, at="2025-08-01T08:00:00+07:00")
    the_pass = attempt(catalogue, "what-is-vneid", RIGHT, at="2025-08-02T08:00:00+07:00")
    later_fail = attempt(catalogue, "what-is-vneid", WRONG, at="2025-08-03T08:00:00+07:00")
    for batch in ([later_fail], [the_pass, first_fail], [later_fail, the_pass]):
        assert post(client, batch).status_code == 200
    progress = lesson_progress(learner, "what-is-vneid")
    assert progress.attempts == 3, "every attempt is kept, once"
    assert progress.best_score == 100 and progress.completed, "completion never goes backwards"
    pass_time = next(a.submitted_at for a in attempts_of(learner) if a.passed)
    assert progress.completed_at == pass_time, "completed by the earliest passing attempt"


def test_valid_events_are_kept_when_others_in_the_batch_are_refused(client, catalogue):
    learner = make_user(locale="en")
    sign_in(client, learner)
    good = attempt(catalogue, "what-is-vneid", RIGHT)
    no_id = {**attempt(catalogue, "level-1-register"), "id": "not-a-uuid"}
    bad_answers = {**attempt(catalogue, "level-1-register"), "answers": {"0": [99]}}
    no_lesson = {**attempt(catalogue, "what-is-vneid"), "lesson": "no-such-lesson"}
    no_time = {**attempt(catalogue, "what-is-vneid"), "submitted_at": "yesterday"}
    body = post(client, [no_id, good, bad_answers, "nonsense", no_lesson, no_time]).get_json()
    assert [r["status"] for r in body["results"]] == [
        "refused", "recorded", "refused", "refused", "refused", "refused"]
    assert [r.get("error") for r in body["results"]] == [
        "invalid_id", None, "invalid_answers", "not_an_object", "unknown_lesson", "invalid_time"]
    assert body["results"][0]["id"] == "not-a-uuid", "a refusal names the event it refuses"
    assert body["results"][2]["message"].startswith("The answers do not fit")
    assert [a.id for a in attempts_of(learner)] == [good["id"]]


def test_refusals_are_explained_in_the_learners_language(client, catalogue):
    learner = make_user(locale="vi")
    sign_in(client, learner)
    body = post(client, [{**attempt(catalogue, "what-is-vneid"), "course": "nope"}]).get_json()
    assert body["results"][0]["message"] == "Khóa học này không tồn tại (hoặc không còn nữa)."


def test_a_learner_cannot_record_for_someone_else_nor_claim_a_tutor(client, catalogue):
    learner, neighbour = make_user(), make_user(full_name="Hà Văn Sơn")
    sign_in(client, learner)
    for_neighbour = {**attempt(catalogue, "what-is-vneid", RIGHT), "learner": neighbour.id}
    for_nobody = {**attempt(catalogue, "what-is-vneid", RIGHT), "learner": 987654}
    as_tutored = {**attempt(catalogue, "what-is-vneid", RIGHT), "method": "tutor"}
    body = post(client, [for_neighbour, for_nobody, as_tutored]).get_json()
    assert [r.get("error") for r in body["results"]] == [
        "not_allowed", "not_allowed", "invalid_method"]
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 0


def test_a_tutor_records_for_learners_on_the_roster_keeping_tutor_and_method(client, catalogue):
    team = make_team()
    tutor = add_tutor(team)
    learner, _code = sign_up_in_person(team, tutor)
    other_team = make_team(area_name="Thôn 2")
    stranger, _ = sign_up_in_person(other_team, add_tutor(other_team, full_name="Lê Văn Bình"))
    event = make_event(team, tutor)
    foreign_event = make_event(other_team, stranger)
    sign_in(client, tutor)
    with_tutor = {**attempt(catalogue, "what-is-vneid", RIGHT), "learner": learner.id}
    at_event = {**attempt(catalogue, "level-1-register", RIGHT), "learner": learner.id,
                "method": "event", "event": event.id}
    off_roster = {**attempt(catalogue, "what-is-vneid", RIGHT), "learner": stranger.id}
    wrong_event = {**attempt(catalogue, "activate-account", RIGHT), "learner": learner.id,
                   "method": "event", "event": foreign_event.id}
    as_self = {**attempt(catalogue, "activate-account", RIGHT), "learner": learner.id,
               "method": "self"}
    body = post(client, [with_tutor, at_event, off_roster, wrong_event, as_self]).get_json()
    assert [r.get("error") for r in body["results"]] == [
        None, None, "not_allowed", "unknown_event", "invalid_method"]
    recorded = {a.id: a for a in attempts_of(learner)}
    assert set(recorded) == {with_tutor["id"], at_event["id"]}
    assert (recorded[with_tutor["id"]].method, recorded[with_tutor["id"]].tutor_id) == (
        Method.TUTOR, tutor.id)
    assert (recorded[at_event["id"]].method, recorded[at_event["id"]].event_id,
            recorded[at_event["id"]].recorded_by_id) == (Method.EVENT, event.id, tutor.id)
    assert lesson_progress(learner, "what-is-vneid").method == Method.TUTOR
    assert attempts_of(stranger) == []
    attended = db.session.scalars(select(EventAttendance.learner_id)
                                  .where(EventAttendance.event_id == event.id)).all()
    assert attended == [learner.id], "answers given at an event: the person attended it"


def test_an_id_already_used_by_another_learner_is_refused(client, catalogue):
    first, second = make_user(), make_user(full_name="Hà Văn Sơn")
    event = attempt(catalogue, "what-is-vneid", RIGHT)
    sign_in(client, first)
    assert post(client, [event]).get_json()["recorded"] == 1
    client.post("/signout")
    sign_in(client, second)
    body = post(client, [event]).get_json()
    assert body["results"][0]["error"] == "id_taken"
    assert attempts_of(second) == []


def test_a_lesson_opened_offline_is_recorded_as_started_at_its_time(client, catalogue):
    learner = make_user()
    sign_in(client, learner)
    opened = {"id": str(uuid.uuid4()), "type": "lesson_started", "course": "vneid",
              "lesson": "level-2-in-person", "submitted_at": "2025-08-01T01:00:00Z"}
    assert post(client, [opened, opened]).get_json()["recorded"] == 2
    progress = lesson_progress(learner, "level-2-in-person")
    assert not progress.completed and progress.attempts == 0


def test_the_session_answer_gives_the_token_and_limits(client):
    learner = make_user()
    sign_in(client, learner)
    body = client.get(API).get_json()
    assert body["user"] == learner.id and body["csrf_token"]
    assert body["max_events"] == 100 and body["max_bytes"] == 256 * 1024


def _questions(catalogue, lesson_id: str):
    return catalogue.lesson("vneid", lesson_id).text("vi").questions


def _lesson_with(catalogue, wanted) -> tuple[str, int]:
    """A VNeID lesson with a question of the wanted kind, and that question's index."""
    for lesson in catalogue.course("vneid").lessons:
        for index, question in enumerate(lesson.text("vi").questions):
            if wanted(question):
                return lesson.id, index
    raise AssertionError("no such question in the VNeID course")


def test_answers_are_read_like_the_quiz_form(client, catalogue):
    """Choices of a multiple-choice question in any order mean the same; an order question needs
    each step once; a question left out or a choice it does not have is refused."""
    learner = make_user()
    sign_in(client, learner)
    multiple_lesson, m = _lesson_with(catalogue, lambda q: q.kind == "multiple"
                                      and len(q.correct_answer) >= 2)
    order_lesson, o = _lesson_with(catalogue, lambda q: q.kind == "order" and len(q.choices) >= 3)
    multiple = attempt(catalogue, multiple_lesson, RIGHT)
    multiple["answers"][str(m)] = list(reversed(multiple["answers"][str(m)]))
    repeated_step = attempt(catalogue, order_lesson, RIGHT)
    steps = repeated_step["answers"][str(o)]
    repeated_step["answers"][str(o)] = [steps[0], steps[1], steps[1], *steps[3:]]
    left_out = attempt(catalogue, multiple_lesson, RIGHT)
    del left_out["answers"][str(len(left_out["answers"]) - 1)]
    two_for_one = attempt(catalogue, multiple_lesson, RIGHT)
    single = next(i for i, q in enumerate(_questions(catalogue, multiple_lesson))
                  if q.kind in ("single", "truefalse"))
    two_for_one["answers"][str(single)] = [0, 1]
    body = post(client, [multiple, repeated_step, left_out, two_for_one]).get_json()
    assert body["results"][0]["passed"] is True
    assert [r.get("error") for r in body["results"][1:]] == ["invalid_answers"] * 3
