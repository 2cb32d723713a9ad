"""Bad requests get a clear, translated answer with the right status, never a traceback."""

import logging

import pytest
from sqlalchemy.exc import IntegrityError

FAILURES = {"runtime": RuntimeError("boom"),
            "database": IntegrityError("INSERT INTO x", {}, Exception("NOT NULL constraint"))}


@pytest.fixture(params=sorted(FAILURES))
def failing_view(app, request):
    def boom(**_kwargs):
        raise FAILURES[request.param]

    original = app.view_functions["lessons.course"]
    app.view_functions["lessons.course"] = boom
    app.config["PROPAGATE_EXCEPTIONS"] = False
    yield
    app.view_functions["lessons.course"] = original
    app.config["PROPAGATE_EXCEPTIONS"] = None


@pytest.mark.parametrize(("locale", "words"), [("vi", "Xin lỗi"), ("fr", "Désolé"),
                                                ("en", "Sorry")])
def test_a_server_error_shows_a_translated_page(client, failing_view, locale, words):
    client.get(f"/language/{locale}")
    response = client.get("/courses/vneid")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert words in html and "Traceback" not in html and "boom" not in html


def test_a_database_bug_is_a_500_logged_with_its_traceback(client, failing_view, caplog):
    """Never disguised as "already recorded": the bug reaches the log with its traceback."""
    with caplog.at_level(logging.ERROR):
        response = client.get("/courses/vneid")
    assert response.status_code == 500
    logged = [record for record in caplog.records if record.exc_info]
    assert logged and logged[0].exc_info[0] in (RuntimeError, IntegrityError)


def test_malformed_quiz_answers_are_refused_not_crashed(client):
    client.get("/language/en")
    response = client.post("/courses/vneid/what-is-vneid/quiz",
                           data={"q0": "abc", "q1": "-1", "q2": "99", "attempt_id": "x"})
    assert response.status_code == 422
    assert "Please answer every question." in response.get_data(as_text=True)


def test_wrong_method_is_405_and_translated(client):
    client.get("/language/fr")
    response = client.delete("/courses/vneid")
    assert response.status_code == 405
    assert "Erreur 405" in response.get_data(as_text=True)


def test_unsafe_redirect_targets_are_ignored(client):
    response = client.get("/language/en?next=https://evil.example/")
    assert response.headers["Location"] == "/"


def test_larger_text_option_is_remembered(client):
    assert 'class="large"' not in client.get("/").get_data(as_text=True)
    client.post("/text-size", data={"next": "/"})
    assert 'class="large"' in client.get("/").get_data(as_text=True)
