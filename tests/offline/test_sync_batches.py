"""Whole batches that are wrong, hostile or random: a clear JSON error, never a 500, never a
record for someone the sender may not act for."""

import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from learning.extensions import db
from learning.progress.models import QuizAttempt
from tests.factories import make_user, sign_in
from tests.offline.batches import API, attempt, post

BATCH_ERRORS = {400, 413, 415}


def count_attempts(learner=None) -> int:
    statement = select(func.count()).select_from(QuizAttempt)
    if learner is not None:
        statement = statement.where(QuizAttempt.learner_id == learner.id)
    return db.session.scalar(statement)


def test_not_signed_in_answers_401_in_json(client, catalogue):
    response = post(client, [attempt(catalogue, "what-is-vneid")])
    assert response.status_code == 401
    assert response.get_json()["error"] == "not_signed_in"
    assert client.get(API).status_code == 401
    assert count_attempts() == 0


def test_malformed_batches_are_refused_with_a_json_error(client, catalogue):
    sign_in(client, make_user())
    for body in ("{not json", "[]", '{"events": "all"}', '{"event": []}', "[" * 100_000,
                 '{"events": [' * 5000):
        response = client.post(API, data=body, content_type="application/json")
        assert response.status_code == 400, body[:20]
        assert response.get_json()["error"] == "malformed"
    form = client.post(API, data={"events": "[]"})
    assert form.status_code == 415
    assert form.get_json()["error"] == "unsupported_media_type"


def test_oversized_batches_are_refused_whole(client, catalogue):
    learner = make_user()
    sign_in(client, learner)
    too_many = [attempt(catalogue, "what-is-vneid") for _ in range(101)]
    response = post(client, too_many)
    assert response.status_code == 413 and response.get_json()["error"] == "too_many_events"
    padded = [{**attempt(catalogue, "what-is-vneid"), "note": "x" * 300_000}]
    response = post(client, padded)
    assert response.status_code == 413 and response.get_json()["message"]
    assert count_attempts() == 0


def test_a_request_from_another_site_is_refused(client, catalogue):
    sign_in(client, make_user())
    response = post(client, [attempt(catalogue, "what-is-vneid")], Origin="https://evil.example")
    assert response.status_code == 403 and response.get_json()["error"] == "cross_origin"
    same_site = post(client, [attempt(catalogue, "what-is-vneid")], Origin="http://localhost")
    assert same_site.status_code == 200
    assert count_attempts() == 1


def test_the_csrf_token_is_required_when_protection_is_on(app, client, catalogue):
    sign_in(client, make_user())
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = post(client, [attempt(catalogue, "what-is-vneid")])
        assert refused.status_code == 400 and refused.get_json()["error"] == "csrf"
        token = client.get(API).get_json()["csrf_token"]
        accepted = post(client, [attempt(catalogue, "what-is-vneid")], **{"X-CSRFToken": token})
        assert accepted.status_code == 200 and accepted.get_json()["recorded"] == 1
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert count_attempts() == 1


# --- Random and hostile batches ------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.text(max_size=6), children, max_size=4),
    max_leaves=12)
junk = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40) | st.lists(
    st.integers(-3, 12), max_size=5)
course_ids = st.sampled_from(["vneid", "online-scams", "no-such-course", ""])
lesson_ids = st.sampled_from(["what-is-vneid", "level-1-register", "fake-links", "x" * 70])
answers = st.dictionaries(st.sampled_from(["0", "1", "2", "3", "00", "-1", "9" * 30, "٣"]),
                          st.lists(st.integers(-2, 7), max_size=6) | junk, max_size=5)
moments = st.datetimes().map(lambda d: d.isoformat()) | st.sampled_from(
    ["2025-08-01T09:30:00+07:00", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+14:00"])


def hostile_events(others: list[int]):
    return st.fixed_dictionaries({}, optional={
        "id": st.uuids().map(str) | st.text(alphabet=string.hexdigits + "-", max_size=40) | junk,
        "type": st.sampled_from(["quiz_attempt", "lesson_started", "QUIZ"]) | junk,
        "course": course_ids | junk,
        "lesson": lesson_ids | junk,
        "learner": st.sampled_from(others) | st.integers() | junk,
        "submitted_at": moments | junk,
        "answers": answers | junk,
        "method": st.sampled_from(["self", "tutor", "event", "SELF"]) | junk,
        "event": st.integers() | junk,
    })


def nearly_valid_events(catalogue, others: list[int]):
    """Right-looking attempts, for the sender or someone else, sometimes with one field spoiled."""
    lessons = [(course.id, lesson.id) for course in catalogue.courses for lesson in course.lessons]

    def build(pair):
        base = attempt(catalogue, pair[1], course=pair[0])
        spoilable = {"lesson": st.just(base.pop("lesson")) | lesson_ids}
        return st.fixed_dictionaries({**{k: st.just(v) for k, v in base.items()}, **spoilable},
                                     optional={"learner": st.sampled_from(others),
                                               "method": st.sampled_from(["self", "tutor"])})
    return st.sampled_from(lessons).flatmap(build)


def test_random_and_hostile_batches_never_answer_500_nor_record_for_others(client, catalogue):
    learner, neighbour = make_user(), make_user(full_name="Hà Văn Sơn")
    learner_id = learner.id
    sign_in(client, learner)

    others = [neighbour.id, learner_id, 0, -1, 2**63]
    events = hostile_events(others) | nearly_valid_events(catalogue, others) | json_values

    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(batch=st.lists(events, max_size=8) | json_values)
    def send(batch):
        response = client.post(API, data=json.dumps({"events": batch} if isinstance(batch, list)
                                                    else batch),
                               content_type="application/json")
        assert response.status_code == 200 or response.status_code in BATCH_ERRORS
        body = response.get_json()
        assert isinstance(body, dict)
        if response.status_code == 200:
            assert len(body["results"]) == len(batch)
            for result in body["results"]:
                assert result["status"] in ("recorded", "duplicate", "refused")
                assert result["status"] != "refused" or result["message"]

    send()
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt).where(
        QuizAttempt.learner_id != learner_id)) == 0
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) > 0


def test_random_bytes_answer_a_json_error(client):
    sign_in(client, make_user())

    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(body=st.binary(max_size=300))
    def send(body):
        response = client.post(API, data=body, content_type="application/json")
        assert response.status_code in BATCH_ERRORS | {200}
        assert isinstance(response.get_json(), dict)

    send()
