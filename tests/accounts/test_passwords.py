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


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="per-thread nice values (Linux)")
def test_passwords_are_hashed_at_a_lower_priority_than_pages(app, monkeypatch):
    """By default hashing runs at nice 10: a quiz answer's thread gets the processor first
    (issue 9: people signing in do not slow learners down)."""
    import threading

    from learning.accounts import passwords

    def nice() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    usual = nice()
    monkeypatch.setitem(app.config, "PASSWORD_HASH_PRIORITY", "low")
    with app.app_context():
        assert passwords._on_hashing_thread(nice) == max(usual, 10)
    monkeypatch.setitem(app.config, "PASSWORD_HASH_PRIORITY", "normal")
    with app.app_context():
        assert passwords._on_hashing_thread(nice) == usual


@pytest.mark.parametrize(("setting", "value"), [("PASSWORD_HASH_PRIORITY", "fast"),
                                                ("PASSWORD_HASH_PRIORITY", "idle"),
                                                ("PASSWORD_HASH_SHARE", 0),
                                                ("PASSWORD_HASH_SHARE", 1.5)])
def test_a_wrong_hashing_setting_is_refused_at_start(tmp_path, setting, value):
    from learning import create_app
    from learning.serving.production import NotReady

    with pytest.raises(NotReady, match=setting):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                    setting: value})


def _hash_in_lane(lane: str, share: float, times: int) -> list[tuple[float, float, float]]:
    """(began, ended, processor seconds) of each of ``times`` hashes made in the lane."""
    import time

    from learning.accounts import passwords

    def work() -> tuple[float, float, float]:
        began, cpu = time.monotonic(), time.thread_time()
        hasher = passwords._hasher(8 * 1024, 2, 1)
        while time.thread_time() - cpu < 0.02:
            hasher.hash("a password")
        return began, time.monotonic(), time.thread_time() - cpu

    return [passwords._in_lane(lane, share, work) for _ in range(times)]


def test_hashes_take_turns_on_the_machine_and_the_lane_rests_after_each(tmp_path):
    """Two server processes hashing at once: never two hashes at the same time, and after each
    the lane rests so that hashing takes at most its share of a processor (here a half: a rest
    as long as the hash)."""
    import multiprocessing

    lane = str(tmp_path / "lane.lock")
    with multiprocessing.get_context("spawn").Pool(2) as processes:
        results = processes.starmap(_hash_in_lane, [(lane, 0.5, 4), (lane, 0.5, 4)])
    hashes = sorted(hash_ for result in results for hash_ in result)
    assert len(hashes) == 8
    for (_began, ended, spent), (next_began, _ended, _spent) in zip(hashes, hashes[1:],
                                                                   strict=False):
        assert next_began - ended >= spent >= 0.02
