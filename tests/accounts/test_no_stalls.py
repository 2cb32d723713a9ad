"""No stalls: passwords are hashed and checked outside any write transaction, so people signing
in, signing up or claiming their account never hold SQLite's write lock while hashing."""

import sqlite3
import threading
import time
import uuid

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from learning.accounts.phone import display_phone
from learning.extensions import db
from learning.progress.models import QuizAttempt
from tests.factories import (
    PASSWORD,
    add_tutor,
    make_commune,
    make_team,
    make_user,
    sign_in,
    sign_up_in_person,
)
from tests.progress.test_write_path import quiz_form
from tests.reporting.helpers import right_answers


@pytest.fixture
def sqlite_path(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the write lock is SQLite's")
    return db.engine.url.database


def write_lock_free(path: str) -> bool:
    """Whether another connection could take the write lock at once."""
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()


@pytest.fixture
def hashing_probe(sqlite_path, monkeypatch):
    """Every password hashed or checked notes whether the write lock was free meanwhile."""
    seen: list[bool] = []
    make, check = PasswordHasher.hash, PasswordHasher.verify  # every hash, real or dummy

    def probed_make(*args, **kwargs):
        seen.append(write_lock_free(sqlite_path))
        return make(*args, **kwargs)

    def probed_check(*args, **kwargs):
        seen.append(write_lock_free(sqlite_path))
        return check(*args, **kwargs)

    monkeypatch.setattr(PasswordHasher, "hash", probed_make)
    monkeypatch.setattr(PasswordHasher, "verify", probed_check)
    return seen


def fresh_request():
    db.session.commit()
    db.session.remove()


def test_signing_in_checks_the_password_without_the_write_lock(client, hashing_probe):
    phone = display_phone(make_user().phone)
    fresh_request()
    hashing_probe.clear()
    assert client.post("/signin", data={"phone": phone, "password": PASSWORD}).status_code == 302
    client.post("/signout")
    assert client.post("/signin", data={"phone": phone, "password": "wrong"}).status_code == 422
    assert hashing_probe == [True, True]


def test_signing_up_hashes_the_password_without_the_write_lock(client, hashing_probe):
    make_commune()
    fresh_request()
    hashing_probe.clear()
    response = client.post("/signup", data={
        "phone": "0912 345 678", "full_name": "Lò Văn Sáng", "birth_year": "1949",
        "commune": "17611", "password": "matkhau1", "consent": "y"})
    assert response.status_code == 302
    assert hashing_probe == [True]


def test_claiming_an_account_hashes_the_password_without_the_write_lock(client, hashing_probe):
    team = make_team()
    tutor = add_tutor(team)
    _person, code = sign_up_in_person(team, tutor)
    fresh_request()
    hashing_probe.clear()
    form = {"code": code, "phone": "0977 123 456", "password": "matkhau1",
            "password_again": "matkhau1"}
    assert client.post("/claim", data=form).status_code == 302
    client.post("/signout")
    assert client.post("/claim", data=form).status_code == 302  # sent twice: signs in
    assert hashing_probe == [True, True]


def test_a_quiz_answer_is_recorded_while_someone_signs_in(app, catalogue, sqlite_path,
                                                          monkeypatch):
    """A sign-in whose password check takes long (here: until the quiz answer is recorded, at
    most 5 s) does not hold up a quiz answer sent meanwhile."""
    signing_in, learner = make_user(), make_user()
    quiz_client, sign_in_client = app.test_client(), app.test_client()
    sign_in(quiz_client, learner)
    phone = display_phone(signing_in.phone)
    fresh_request()
    hashing, recorded = threading.Event(), threading.Event()
    check = PasswordHasher.verify

    def slow_check(*args, **kwargs):
        hashing.set()
        recorded.wait(5)
        return check(*args, **kwargs)

    monkeypatch.setattr(PasswordHasher, "verify", slow_check)
    course = catalogue.course("vneid")
    lesson = course.lessons[0]
    outcome: dict = {}

    def sign_in_thread():
        outcome["sign_in"] = sign_in_client.post("/signin", data={
            "phone": phone, "password": PASSWORD}).status_code

    def quiz_thread():
        hashing.wait(5)
        began = time.perf_counter()
        outcome["quiz"] = quiz_client.post(
            f"/courses/{course.id}/{lesson.id}/quiz",
            data=quiz_form(lesson, right_answers(lesson), str(uuid.uuid4()))).status_code
        outcome["quiz_seconds"] = time.perf_counter() - began
        outcome["while_hashing"] = not recorded.is_set() and hashing.is_set()
        recorded.set()

    threads = [threading.Thread(target=sign_in_thread), threading.Thread(target=quiz_thread)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert outcome["sign_in"] == 302 and outcome["quiz"] == 302, outcome
    assert outcome["while_hashing"] and outcome["quiz_seconds"] < 4, outcome
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 1
