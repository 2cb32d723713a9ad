"""Batches sent at the same moment by many phones (PostgreSQL, real concurrent transactions):
every counter row and every learner is locked in one global order, so no batch deadlocks and
every figure stays exact."""

import random
import threading
import uuid

import pytest
from sqlalchemy import func, select

from learning.accounts.phone import display_phone
from learning.extensions import db
from learning.progress.models import QuizAttempt
from learning.reporting.rebuild import verify
from tests.factories import PASSWORD, add_tutor, make_team, make_user, sign_up_in_person
from tests.offline.batches import answers_for, post

DAYS = [f"2025-08-{day:02d}T09:30:00+07:00" for day in range(1, 8)]
BATCHES_PER_PHONE = 4


@pytest.fixture
def postgresql(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrent writers lock rows on PostgreSQL (SQLite has one writer)")


def event(catalogue, rng: random.Random, learner_id: int | None) -> dict:
    course = rng.choice(catalogue.courses)
    lesson = rng.choice(course.lessons)
    sent = {"id": str(uuid.uuid4()), "type": "quiz_attempt", "course": course.id,
            "lesson": lesson.id, "submitted_at": rng.choice(DAYS),
            "answers": answers_for(lesson, right=rng.random() < 0.8)}
    if learner_id is not None:
        sent.update(learner=learner_id, method="tutor")
    return sent


def test_concurrent_batches_never_deadlock(app, catalogue, postgresql):
    team = make_team()
    tutors = [add_tutor(team, f"Tutor {i}") for i in range(3)]
    tutored = [sign_up_in_person(team, tutors[0], f"Người học {i}")[0].id for i in range(5)]
    learners = [make_user(commune=team.commune) for _ in range(5)]
    phones = [display_phone(person.phone) for person in tutors + learners]
    db.session.commit()
    db.session.remove()
    errors: list[str] = []
    recorded: list[int] = []
    start = threading.Barrier(len(phones))

    def phone(index: int, number: str) -> None:
        """One phone: signs in (in its own thread, with its own app context and session), then
        sends its batches at the same moment as the others."""
        rng = random.Random(index)
        is_tutor = index < len(tutors)
        client = app.test_client()
        signed_in = client.post("/signin", data={"phone": number, "password": PASSWORD})
        if signed_in.status_code != 302:
            errors.append(f"sign-in {signed_in.status_code}")
        start.wait(30)
        for _ in range(BATCHES_PER_PHONE):
            events = [event(catalogue, rng, rng.choice(tutored) if is_tutor else None)
                      for _ in range(12)]
            try:
                response = post(client, events)
            except Exception as error:  # a deadlock propagates here (TESTING)
                errors.append(repr(error)[:300])
                continue
            if response.status_code != 200:
                errors.append(f"{response.status_code} {response.get_data(as_text=True)[:300]}")
                continue
            body = response.get_json()
            if body["refused"]:
                errors.append(str(body["results"])[:300])
            recorded.append(body["recorded"])

    threads = [threading.Thread(target=phone, args=(i, n)) for i, n in enumerate(phones)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert sum(recorded) == len(phones) * BATCHES_PER_PHONE * 12
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == sum(recorded)
    assert verify().differences == []


def test_the_same_person_signed_up_on_several_phones_at_once_gets_one_account(app, postgresql):
    from learning.accounts.models import User

    team = make_team()
    tutors = [add_tutor(team, f"Tutor {i}") for i in range(4)]
    phones = [display_phone(tutor.phone) for tutor in tutors]
    team_id = team.id
    db.session.commit()
    db.session.remove()
    shared_id = str(uuid.uuid4())  # one sign-up kept on a phone, sent again by two tabs
    statuses: list[tuple[str, str]] = []
    errors: list[str] = []
    start = threading.Barrier(len(phones))

    def sign_up(name: str, item_id: str | None = None) -> dict:
        return {"id": item_id or str(uuid.uuid4()), "type": "sign_up", "team": team_id,
                "full_name": name, "birth_year": 1958, "consent": True,
                "submitted_at": DAYS[0]}

    def phone(number: str) -> None:
        client = app.test_client()
        if client.post("/signin", data={"phone": number,
                                        "password": PASSWORD}).status_code != 302:
            errors.append("sign-in")
        start.wait(30)
        try:
            response = post(client, [sign_up("Lò Thị Mai"), sign_up("Hà Văn An", shared_id)])
        except Exception as error:  # a deadlock propagates here (TESTING)
            errors.append(repr(error)[:300])
            return
        if response.status_code != 200:
            errors.append(f"{response.status_code} {response.get_data(as_text=True)[:300]}")
            return
        mai, an = response.get_json()["results"]
        statuses.extend([("mai", mai["status"]), ("an", an["status"])])

    threads = [threading.Thread(target=phone, args=(n,)) for n in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert sorted(statuses) == sorted([("mai", "recorded"), *[("mai", "merged")] * 3,
                                       ("an", "recorded"), *[("an", "duplicate")] * 3])
    names = db.session.scalars(select(User.full_name).where(User.team_id == team_id)).all()
    assert sorted(names) == ["Hà Văn An", "Lò Thị Mai"]
    assert verify().differences == []
