"""Issue 10, finding 11: Argon2id at OWASP's cost, old hashes replaced at the next sign-in, and
the most common passwords and trivial sequences refused in the person's language."""

import os

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from learning.accounts.models import User
from learning.config import Config
from learning.extensions import db
from tests.accounts.test_accounts import signup_data
from tests.factories import PASSWORD, make_commune, make_user, sign_in


@pytest.mark.parametrize("password", [
    "123456", "      ", "        ", "12345678", "123456789", "11111111", "abcdefgh", "87654321",
    "qwertyuiop", "iloveyou", "matkhau123", "anhyeuem", "Password", "abcabcabc", "0912345678",
    "84912345678",
])
def test_common_and_trivial_passwords_are_refused_at_sign_up(client, password):
    make_commune()
    db.session.commit()
    client.get("/language/en")
    response = client.post("/signup", data=signup_data(phone="0912 345 678", password=password))
    assert response.status_code == 422, password
    assert "easy to guess" in response.text or "at least 8 characters" in response.text
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 0


def test_the_refusal_is_in_the_persons_language(client):
    make_commune()
    db.session.commit()
    client.get("/language/vi")
    response = client.post("/signup", data=signup_data(password="123456789"))
    assert response.status_code == 422 and "dễ đoán" in response.text
    client.get("/language/fr")
    response = client.post("/signup", data=signup_data(password="1234567"))
    assert "au moins 8 caractères" in response.text


def test_a_passphrase_is_accepted(client):
    make_commune()
    db.session.commit()
    assert client.post("/signup", data=signup_data(password="ba con mèo đen")).status_code == 302


def test_a_claim_refuses_a_common_password(client):
    client.get("/language/en")
    response = client.post("/claim", data={"code": "ACDEF-34679", "phone": "0977123456",
                                           "password": "123456", "password_again": "123456"})
    assert response.status_code == 422 and "at least 8 characters" in response.text


def test_new_hashes_are_argon2id_with_owasp_parameters(app):
    saved = app.config["ARGON2_MEMORY_KIB"], app.config["ARGON2_TIME_COST"]
    app.config.update(ARGON2_MEMORY_KIB=Config.ARGON2_MEMORY_KIB,
                      ARGON2_TIME_COST=Config.ARGON2_TIME_COST)
    try:
        user = make_user()
    finally:
        app.config["ARGON2_MEMORY_KIB"], app.config["ARGON2_TIME_COST"] = saved
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


@pytest.mark.parametrize("method", ["scrypt", "pbkdf2:sha256:600000"])
def test_an_old_hash_still_works_and_is_replaced_at_sign_in(client, method):
    user = make_user()
    user.password_hash = generate_password_hash(PASSWORD, method=method)
    assert sign_in(client, user, "wrong one").status_code == 422
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash.startswith(method.split(":")[0])
    assert sign_in(client, user).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash.startswith("$argon2id$")


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="Linux's SCHED_IDLE")
def test_passwords_are_hashed_with_processor_time_nobody_else_wants(app, monkeypatch):
    """By default hashing runs under SCHED_IDLE: a quiz answer's thread that wakes up takes the
    processor from it at once (issue 9: people signing in do not slow learners down)."""
    from learning.accounts import passwords

    monkeypatch.setitem(app.config, "PASSWORD_HASH_PRIORITY", "idle")
    with app.app_context():
        assert passwords._on_hashing_thread(os.sched_getscheduler, 0) == os.SCHED_IDLE
    monkeypatch.setitem(app.config, "PASSWORD_HASH_PRIORITY", "normal")
    with app.app_context():
        assert passwords._on_hashing_thread(os.sched_getscheduler, 0) == os.SCHED_OTHER


def test_an_unknown_hashing_priority_is_refused_at_start(tmp_path):
    from learning import create_app
    from learning.serving.production import NotReady

    with pytest.raises(NotReady, match="PASSWORD_HASH_PRIORITY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                    "PASSWORD_HASH_PRIORITY": "fast"})


def test_a_sign_in_does_not_wait_without_end_for_a_busy_hashing_thread(app, client,
                                                                        monkeypatch):
    """The hashing thread busy (a machine with no spare time: its idle-priority hash never
    runs): the sign-in is answered after PASSWORD_HASH_WAIT_SECONDS, its hash done on threads
    of low priority."""
    import threading
    import time

    from learning.accounts import passwords

    monkeypatch.setitem(app.config, "PASSWORD_HASH_PRIORITY", "idle")
    monkeypatch.setitem(app.config, "PASSWORD_HASH_WAIT_SECONDS", 0.3)
    user = make_user()
    release = threading.Event()
    with app.app_context():
        busy = passwords._pool(app.config["PASSWORD_HASH_THREADS"], "idle").submit(
            release.wait, 30)
    try:
        began = time.monotonic()
        assert sign_in(client, user).status_code == 302
        with app.app_context():
            assert passwords.check_password(user.password_hash, "wrong one") == (False, False)
        assert time.monotonic() - began < 10
    finally:
        release.set()
        busy.result(timeout=30)
