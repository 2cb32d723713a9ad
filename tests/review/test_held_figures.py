"""Property-based: random learners study (some too fast, some with clocks months wrong, some in a
tutor's burst, some signed up in a burst), reviewers confirm and reject, learners go on studying
and move; every figure of the dashboards and reports equals the oracle's recomputation from raw
rows applying the same rule (held completions, and the courses they complete, left out), the
number under review equals the pending holds, and `flask stats verify` finds no difference."""

from datetime import timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from learning.accounts.models import Role, utcnow
from learning.counting.definitions import today
from learning.extensions import db
from learning.progress.models import CompletionHold, HoldStatus
from learning.reporting.areas import province_area
from learning.reporting.figures import dashboard
from learning.reporting.queries import CounterSource
from learning.reporting.rebuild import verify
from learning.review.services import review
from learning.teams.models import DigitalTeam
from tests.factories import add_tutor, make_commune, make_user
from tests.isolation import one_transaction
from tests.reporting.oracle import Oracle
from tests.reporting.test_properties import check_dashboard, check_reports
from tests.review.helpers import study

COMMUNES = ("17611", "16681", "16702")
action_st = st.tuples(
    st.integers(0, 7),  # learner
    st.integers(0, 3),  # course (of the core pathway's first courses and others)
    st.integers(0, 4),  # lesson
    st.integers(0, 30),  # days back
    st.sampled_from([None, 2, 600]),  # seconds the lesson was open (None: never opened)
    st.booleans(),  # with the tutor
    st.sampled_from([None, 100, -1]),  # clock: right, 100 days back, before the account
)
world_st = st.fixed_dictionaries({
    "learners": st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.booleans()),
                         min_size=1, max_size=8),  # commune, address, signed up by the tutor
    "first": st.lists(action_st, max_size=14),
    "reviews": st.lists(st.tuples(st.integers(0, 20), st.booleans()), max_size=6),
    "then": st.lists(action_st, max_size=8),
    "moves": st.lists(st.tuples(st.integers(0, 7), st.integers(0, 2)), max_size=2),
})


def apply(actions, learners, tutor, catalogue) -> None:
    courses = catalogue.courses
    now = utcnow()
    for who, course_i, lesson_i, days, opened, tutored, clock in actions:
        learner = learners[who % len(learners)]
        course = courses[course_i]
        lesson = course.lessons[lesson_i % len(course.lessons)]
        at = now - timedelta(days=days, minutes=5)
        device = None if clock is None else (
            now - timedelta(days=clock) if clock > 0 else learner.created_at - timedelta(days=1))
        study(learner, course, lesson, at, None if opened is None else timedelta(seconds=opened),
              tutor=tutor if tutored else None, submitted_at=device)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(world=world_st)
def test_held_completions_are_left_out_of_every_figure(app, world, monkeypatch):
    # Small bursts, so that random worlds make them.
    for name, value in (("FLAG_TUTOR_BURST", 3), ("FLAG_SIGNUP_ADDRESS_BURST", 3),
                        ("FLAG_SIGNUP_TUTOR_BURST", 3), ("FLAG_TUTOR_WINDOW_SECONDS", 600)):
        monkeypatch.setitem(app.config, name, value)
    with one_transaction(db.engine):
        catalogue = app.extensions["catalogue"]
        communes = [make_commune(code, f"Xã {i}") for i, code in enumerate(COMMUNES)]
        team = DigitalTeam(commune_code=COMMUNES[0], area_kind="thon", area_name="Thôn 1")
        db.session.add(team)
        db.session.flush()
        tutor = add_tutor(team)
        learners = []
        start = utcnow() - timedelta(days=40)
        for i, (commune, address, by_tutor) in enumerate(world["learners"]):
            learner = make_user(commune=communes[commune], full_name=f"Người {i}")
            learner.created_at = start + timedelta(minutes=i)
            learner.signup_address = f"address-{address}" if address else None
            learner.registered_by_id = tutor.id if by_tutor else None
            learner.team_id = team.id if by_tutor else None
            learners.append(learner)
        db.session.flush()
        apply(world["first"], learners, tutor, catalogue)
        holds = list(db.session.scalars(select(CompletionHold).order_by(CompletionHold.id)))
        reviewer = make_user(Role.ADMIN, full_name="Reviewer")
        for index, confirm in world["reviews"]:
            if holds:
                hold = holds[index % len(holds)]
                decision = HoldStatus.CONFIRMED if confirm else HoldStatus.REJECTED
                try:
                    review(reviewer, hold, decision)
                except ValueError:
                    pass  # the other decision on a reviewed hold: refused
        apply(world["then"], learners, tutor, catalogue)
        for hold in db.session.scalars(select(CompletionHold)):
            for rule in hold.rule_names:
                event(f"held by {rule}, {hold.status}")
        for who, commune in world["moves"]:
            learners[who % len(learners)].commune_code = COMMUNES[commune]
            db.session.flush()
        admin = make_user(Role.ADMIN)
        admin.commune_code = None
        db.session.commit()
        oracle = Oracle(app.config["CORE_PATHWAY"])
        check_dashboard(oracle, admin, today())
        check_reports(oracle, admin, today(), catalogue)
        assert verify().differences == []
        board = dashboard(CounterSource(), province_area(admin, "40"), today(), ())
        pending = {}
        for hold in db.session.scalars(select(CompletionHold).where(
                CompletionHold.status == HoldStatus.PENDING)):
            code = next(c.commune_code for c in learners if c.id == hold.learner_id)
            pending[code] = pending.get(code, 0) + 1
        assert board.under_review == pending
        db.session.rollback()
