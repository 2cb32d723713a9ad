"""Counters maintained on write stay exactly equal to what raw records say."""

from datetime import datetime, timedelta

from sqlalchemy import func, select

from learning.accounts.models import User, utcnow
from learning.counting.definitions import ALL, ALL_TIME, DAY, local_day
from learning.counting.models import StatCounter
from learning.extensions import db
from learning.reporting.rebuild import rebuild, verify
from tests.factories import make_commune, make_user
from tests.reporting.helpers import answer, complete_course


def counter(measure, commune="17611", period=ALL_TIME, dimension=ALL, course_id=0, value=""):
    c = StatCounter
    return db.session.scalar(select(func.coalesce(func.sum(getattr(c, measure)), 0)).where(
        c.commune_code == commune, c.period == period, c.dimension == dimension,
        c.course_id == course_id, c.value == value)) or 0


def assert_exact():
    check = verify()
    assert [str(d) for d in check.differences] == []


def test_registration_is_counted_on_its_day(app):
    make_user()
    db.session.commit()
    assert counter("registered") == 1
    assert counter("registered", period=DAY) == 1
    assert_exact()


def test_completion_twice_and_out_of_order_is_counted_once(catalogue):
    learner = make_user()
    course = catalogue.course("vneid")
    lesson = course.lessons[0]
    now = utcnow().replace(microsecond=0)
    answer(learner, course, lesson, now - timedelta(hours=1), passed=False)
    late = answer(learner, course, lesson, now)
    answer(learner, course, lesson, now, attempt_id=late.attempt.id)  # sent twice
    assert counter("lessons") == 1 and counter("active") == 1
    answer(learner, course, lesson, now - timedelta(days=3), method="tutor")  # arrives late
    db.session.commit()
    assert counter("lessons") == 1
    assert counter("lessons", dimension="method", value="tutor") == 1
    assert counter("lessons", dimension="method", value="self") == 0
    assert counter("helped") == 1
    assert counter("active") == 1
    assert_exact()


def test_core_pathway_completion_and_moves(app, catalogue):
    learner = make_user()
    other = make_commune("16681", "Thành Vinh")
    for slug in app.config["CORE_PATHWAY"]:
        complete_course(learner, catalogue.course(slug), utcnow() - timedelta(days=2))
    db.session.commit()
    assert counter("core") == 1
    assert counter("courses") == len(app.config["CORE_PATHWAY"])
    learner.commune_code = other.code
    learner.birth_year = utcnow().year - 20
    db.session.commit()
    assert counter("core") == 0 and counter("core", commune=other.code) == 1
    assert counter("registered", commune=other.code) == 1
    assert counter("core", commune=other.code, dimension="age", value="15-24") == 1
    assert_exact()


def test_deleted_accounts_keep_counting(app, catalogue):
    learner = make_user(gender="female")
    complete_course(learner, catalogue.course("vneid"))
    db.session.commit()
    learner.deleted_at = utcnow()
    learner.full_name, learner.phone, learner.gender, learner.birth_year = "", None, None, None
    learner.commune_code = None
    db.session.commit()
    assert counter("registered") == 1 and counter("courses") == 1
    assert counter("registered", dimension="gender", value="female") == 1
    assert_exact()


def test_rebuild_repairs_counters(catalogue):
    learner = make_user()
    complete_course(learner, catalogue.course("vneid"))
    db.session.commit()
    db.session.execute(StatCounter.__table__.update().values(lessons=StatCounter.lessons + 7))
    db.session.commit()
    assert verify().differences
    rebuild()
    db.session.commit()
    assert_exact()
    assert counter("lessons") == len(catalogue.course("vneid").lessons)


def test_day_boundaries_are_in_vietnam(catalogue):
    learner = make_user()
    course = catalogue.course("vneid")
    # 17:30 UTC is 00:30 the next day in Hà Nội.
    at = datetime.combine(utcnow().date() - timedelta(days=2), datetime.min.time()).replace(
        hour=17, minute=30)
    answer(learner, course, course.lessons[0], at)
    db.session.commit()
    day = local_day(at)
    assert day == at.date() + timedelta(days=1)
    assert db.session.scalar(select(StatCounter.start).where(
        StatCounter.period == DAY, StatCounter.lessons > 0)) == day
    assert_exact()


def test_sessions_of_teams_are_counted_moved_and_removed(app):
    from learning.events.models import TeamEvent
    from learning.teams.models import DigitalTeam

    make_commune()
    team = DigitalTeam(commune_code="17611", area_kind="thon", area_name="Thôn 1")
    db.session.add(team)
    db.session.flush()
    event = TeamEvent(team_id=team.id, held_on=utcnow().date(), place="Nhà văn hoá", title="Học")
    db.session.add(event)
    db.session.commit()
    assert counter("sessions") == 1
    assert counter("sessions", dimension="team", value=str(team.id)) == 1
    event.held_on = utcnow().date() - timedelta(days=40)
    db.session.commit()
    assert counter("sessions", period=DAY) == 1 and counter("sessions") == 1
    assert_exact()
    db.session.delete(event)
    db.session.commit()
    assert counter("sessions") == 0
    assert_exact()


def test_cli_verify_fails_on_any_difference_and_rebuild_repairs(app, catalogue):
    learner = make_user()
    complete_course(learner, catalogue.course("vneid"))
    db.session.commit()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["stats", "verify"]).exit_code == 0
    db.session.execute(StatCounter.__table__.delete().where(StatCounter.period == DAY))
    db.session.commit()
    failed = runner.invoke(args=["stats", "verify"])
    assert failed.exit_code == 1 and "differences" in failed.output
    assert runner.invoke(args=["stats", "rebuild"]).exit_code == 0
    assert runner.invoke(args=["stats", "verify"]).exit_code == 0


def test_cli_token_is_for_staff_only(app):
    learner = make_user()
    staff = make_user("province_staff")
    db.session.commit()
    runner = app.test_cli_runner()
    from learning.accounts.phone import display_phone

    refused = runner.invoke(args=["stats", "token", "create", "--phone",
                                  display_phone(learner.phone), "--name", "x"])
    assert refused.exit_code != 0
    made = runner.invoke(args=["stats", "token", "create", "--phone",
                               display_phone(staff.phone), "--name", "Sở KH&CN"])
    assert made.exit_code == 0 and made.output.startswith("bdhvs_")


def test_an_account_removed_from_the_database_takes_its_counts(catalogue):
    learner = make_user()
    complete_course(learner, catalogue.course("vneid"))
    db.session.commit()
    db.session.delete(learner)
    db.session.commit()
    assert counter("registered") == 0 and counter("lessons") == 0
    assert_exact()


def test_statements_on_events_and_accounts_keep_counts_exact(app, catalogue):
    from sqlalchemy import delete, update

    from learning.events.models import TeamEvent
    from learning.teams.models import DigitalTeam

    make_commune()
    other = make_commune("16681", "Thành Vinh")
    team = DigitalTeam(commune_code="17611", area_kind="thon", area_name="Thôn 1")
    db.session.add(team)
    db.session.flush()
    events = [TeamEvent(team_id=team.id, held_on=utcnow().date() - timedelta(days=d),
                        place="Nhà văn hoá", title="Học") for d in (1, 9)]
    db.session.add_all(events)
    learners = [make_user(), make_user()]
    complete_course(learners[0], catalogue.course("vneid"))
    db.session.commit()
    db.session.execute(update(TeamEvent).where(TeamEvent.id == events[0].id)
                       .values(held_on=utcnow().date() - timedelta(days=30)))
    db.session.execute(delete(TeamEvent).where(TeamEvent.id == events[1].id))
    db.session.execute(update(User).where(User.id.in_([u.id for u in learners]))
                       .values(commune_code=other.code))
    db.session.commit()
    assert counter("sessions") == 1 and counter("registered", commune=other.code) == 2
    assert counter("lessons", commune=other.code) == len(catalogue.course("vneid").lessons)
    assert_exact()
    db.session.execute(delete(User).where(User.id == learners[1].id))
    db.session.commit()
    assert counter("registered", commune=other.code) == 1
    assert_exact()
