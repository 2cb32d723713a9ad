"""Each rule holds the completions of its pattern (kept out of the figures, counted under review)
and leaves honest activity alone."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from learning.accounts.models import Role, User, utcnow
from learning.counting.definitions import today
from learning.extensions import db
from learning.progress.models import CompletionHold, LessonProgress
from learning.reporting.areas import commune_area
from learning.reporting.figures import dashboard
from learning.reporting.queries import CounterSource
from learning.reporting.rebuild import verify
from learning.review.rules import Thresholds, minimum_seconds
from tests.factories import add_tutor, make_commune, make_team, make_user, sign_up_in_person
from tests.review.helpers import study


def figures(code: str = "17611") -> tuple[int, int, int]:
    """Lessons and courses completed (confirmed figures) and completions under review, as the
    commune's dashboard shows them; the counters agree with the raw records."""
    db.session.commit()
    admin = db.session.scalars(select(User).where(User.role == Role.ADMIN)).first() \
        or make_user(Role.ADMIN)
    board = dashboard(CounterSource(), commune_area(admin, code), today(), ())
    assert verify().differences == []
    return board.total["lessons"], board.total["courses"], board.under_review_total


def rules_of_holds() -> list[str]:
    return sorted(h.rules for h in db.session.scalars(select(CompletionHold)))


def test_a_quiz_passed_seconds_after_the_lesson_opened_is_held(catalogue):
    learner = make_user()
    course = catalogue.course("vneid")
    quick, slow = course.lessons[0], course.lessons[1]
    study(learner, course, quick, read_for=timedelta(seconds=5))
    assert rules_of_holds() == ["instant"]
    assert figures() == (0, 0, 1)
    needed = minimum_seconds(slow, Thresholds.from_settings())
    study(learner, course, slow, read_for=timedelta(seconds=needed + 1))
    assert rules_of_holds() == ["instant"]  # the honest reader is not flagged
    assert figures() == (1, 0, 1)


def test_the_minimum_time_follows_the_lessons_length(catalogue):
    t = Thresholds.from_settings()
    lengths = {lesson.minutes: minimum_seconds(lesson, t)
               for course in catalogue.courses for lesson in course.lessons}
    for minutes, seconds in lengths.items():
        assert seconds == max(20, round(0.2 * minutes * 60))
    assert len(set(lengths.values())) > 1 or len(lengths) == 1


def test_a_quiz_answered_without_opening_the_lesson_is_held(catalogue):
    learner = make_user()
    course = catalogue.course("vneid")
    study(learner, course, course.lessons[0], read_for=None)
    hold = db.session.scalars(select(CompletionHold)).one()
    assert hold.rules == "instant" and hold.details["instant"]["seconds"] is None
    assert figures() == (0, 0, 1)


def test_a_tutors_burst_holds_the_whole_burst_and_spread_tutoring_none(catalogue):
    commune = make_commune()
    team = make_team(commune)
    busy, calm = add_tutor(team, "Busy"), add_tutor(team, "Calm")
    course = catalogue.course("vneid")
    lesson = course.lessons[0]
    start = utcnow() - timedelta(hours=3)
    for i in range(8):  # 8 completions in 35 seconds
        learner, _code = sign_up_in_person(team, busy, f"Người {i}")
        learner.created_at = start - timedelta(days=2)
        study(learner, course, lesson, start + timedelta(seconds=5 * i), tutor=busy)
    for i in range(6):  # one every ten minutes
        learner, _code = sign_up_in_person(team, calm, f"Người chậm {i}")
        learner.created_at = start - timedelta(days=2)
        study(learner, course, lesson, start + timedelta(minutes=10 * i), tutor=calm)
    held = db.session.scalars(select(CompletionHold)).all()
    assert len(held) == 8 and {h.rules for h in held} == {"tutor_burst"}
    tutors = set(db.session.scalars(select(LessonProgress.tutor_id).where(
        LessonProgress.learner_id.in_([h.learner_id for h in held]))))
    assert tutors == {busy.id}
    assert figures() == (6, 0, 8)


def test_seven_completions_in_a_minute_are_below_the_burst(catalogue):
    team = make_team(make_commune())
    tutor = add_tutor(team)
    course = catalogue.course("vneid")
    start = utcnow() - timedelta(hours=1)
    for i in range(7):
        learner, _code = sign_up_in_person(team, tutor, f"Người {i}")
        learner.created_at = start - timedelta(days=1)
        study(learner, course, course.lessons[0], start + timedelta(seconds=5 * i), tutor=tutor)
    assert rules_of_holds() == []
    assert figures() == (7, 0, 0)


def sign_ups(count: int, address: str | None, spread: timedelta, registered_by=None,
             commune=None):
    first = utcnow() - timedelta(days=3)
    people = []
    for i in range(count):
        person = make_user(commune=commune, full_name=f"Người {i}")
        person.signup_address = address
        person.registered_by_id = registered_by
        person.created_at = first + spread * i
        people.append(person)
    db.session.flush()
    return people


@pytest.mark.parametrize("count, held", [(30, 30), (29, 0)])
def test_a_burst_of_sign_ups_from_one_address_is_held(catalogue, count, held):
    course = catalogue.course("vneid")
    people = sign_ups(count, "same-address-hash", timedelta(seconds=15))
    sign_ups(40, "wifi-hash", timedelta(minutes=2))  # a sign-up day on a shared Wi-Fi
    for person in db.session.scalars(select(User).where(User.role == Role.LEARNER)):
        study(person, course, course.lessons[0], person.created_at + timedelta(hours=1))
    holds = db.session.scalars(select(CompletionHold)).all()
    assert len(holds) == held
    assert {h.learner_id for h in holds} <= {p.id for p in people}
    assert {h.rules for h in holds} <= {"signup_address"}
    assert figures() == (count + 40 - held, 0, held)


def test_a_burst_of_sign_ups_by_one_tutor_is_held(catalogue):
    commune = make_commune()
    team = make_team(commune)
    tutor, other = add_tutor(team, "Fast"), add_tutor(team, "Steady")
    course = catalogue.course("vneid")
    burst = sign_ups(10, None, timedelta(seconds=30), registered_by=tutor.id)
    steady = sign_ups(10, None, timedelta(minutes=4), registered_by=other.id)
    for person in burst + steady:
        study(person, course, course.lessons[0], person.created_at + timedelta(hours=2))
    holds = db.session.scalars(select(CompletionHold)).all()
    assert {h.learner_id for h in holds} == {p.id for p in burst}
    assert {h.rules for h in holds} == {"signup_tutor"}
    assert figures() == (10, 0, 10)


def test_a_real_sign_up_keeps_a_keyed_hash_of_its_address(client, app):
    make_commune()
    for phone in ("0912345601", "0912345602"):
        client.post("/signup", data={"phone": phone, "full_name": "Lê Văn Bình",
                                     "birth_year": "1980", "gender": "male",
                                     "commune": "17611", "password": "a-long-password-1",
                                     "consent": "y"}, environ_base={"REMOTE_ADDR": "10.1.2.3"})
        client.post("/signout")
    hashes = set(db.session.scalars(select(User.signup_address)))
    assert len(hashes) == 1
    assert "10.1.2.3" not in next(iter(hashes)) and len(next(iter(hashes))) == 64


def test_answers_with_clamped_clocks_are_held(catalogue):
    learner = make_user()
    learner.created_at = utcnow() - timedelta(days=200)
    course = catalogue.course("vneid")
    now = utcnow()
    study(learner, course, course.lessons[0], now - timedelta(minutes=1),
          submitted_at=now - timedelta(days=100))  # a clock months wrong
    study(learner, course, course.lessons[1], now - timedelta(minutes=1))  # a right clock
    hold = db.session.scalars(select(CompletionHold)).one()
    assert hold.rules == "clamped" and hold.details["clamped"] == {"why": "old"}
    assert figures() == (1, 0, 1)


def test_no_rule_in_force_holds_nothing(app, catalogue, monkeypatch):
    monkeypatch.setitem(app.config, "FLAG_RULES", "")
    learner = make_user()
    course = catalogue.course("vneid")
    study(learner, course, course.lessons[0], read_for=None)
    assert db.session.scalar(select(func.count()).select_from(CompletionHold)) == 0
    assert figures() == (1, 0, 0)


def test_an_unknown_rule_stops_the_site_from_starting():
    from learning import create_app

    with pytest.raises(RuntimeError, match="instnat"):
        create_app({"TESTING": True, "FLAG_RULES": "instnat,clamped",
                    "SQLALCHEMY_DATABASE_URI": "sqlite://"})
