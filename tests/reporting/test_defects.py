"""Issue 13, defects 1-6: each test failed before its fix."""

from datetime import timedelta

import pytest

from learning import create_app
from learning.accounts.models import Role, utcnow
from learning.counting.definitions import (
    MONTH,
    WEEK,
    CorePathwayError,
    Period,
    check_core_pathway,
    commune_target,
    parse_period,
    today,
)
from learning.extensions import db
from learning.geography.models import Commune
from learning.progress.models import QuizAttempt
from learning.reporting.areas import province_area
from learning.reporting.exports import coverage_json, report_json
from learning.reporting.figures import dashboard
from learning.reporting.presentation import percent, points
from learning.reporting.queries import CounterSource
from learning.reporting.reports import report
from tests.factories import make_commune, make_user, sign_in
from tests.reporting.helpers import answer, complete_course


def admin():
    user = make_user(Role.ADMIN)
    user.commune_code = None
    return user


def core_completer(app, catalogue, commune, days_ago: int = 0):
    learner = make_user(commune=commune)
    learner.created_at = utcnow() - timedelta(days=days_ago + 1)
    for slug in app.config["CORE_PATHWAY"]:
        complete_course(learner, catalogue.course(slug), utcnow() - timedelta(days=days_ago))
    return learner


# --- 1. One definition of "has a target" ------------------------------------------------------

@pytest.mark.parametrize("population, target", [(0, None), (None, None), (5000, 0)])
def test_a_target_of_0_or_no_population_is_no_target(app, catalogue, population, target):
    """The province's coverage history, previous-period coverage, reports and the API leave the
    commune out: never -0.0 %, unknown (None) rather than 0.0 when no commune has a target."""
    commune = make_commune("17611", population=population)
    commune.target_population = target
    for _ in range(3):
        core_completer(app, catalogue, commune, days_ago=0)
    user = admin()
    db.session.commit()
    assert commune_target(commune) is None and commune.coverage_target is None
    area = province_area(user, "40")
    board = dashboard(CounterSource(), area, today(), ())
    assert board.target == 0 and board.core_with_target == 0
    assert board.coverage is None
    assert board.coverage_before(board.week) is None and board.coverage_before(board.month) is None
    for point in board.weeks + board.months:
        assert point.core_to_date >= 0 and point.coverage is None
    assert coverage_json(board, {})["communes"][0]["target"] is None
    for kind in (WEEK, MONTH):
        the_report = report(CounterSource(), area, Period.containing(kind, today()), today(), {})
        assert the_report.total.coverage is None and the_report.total.coverage_before is None
        exported = report_json(the_report, {})
        assert exported["total"]["coverage_previous"] is None
        assert exported["communes"][0]["target"] is None


def test_untargeted_communes_never_make_the_province_history_negative(app, catalogue, client):
    targeted = make_commune("16681", "Thành Vinh", population=1000)
    zero = make_commune("17611", population=1000)
    zero.target_population = 0
    core_completer(app, catalogue, targeted, days_ago=0)
    for _ in range(2):
        core_completer(app, catalogue, zero, days_ago=0)
    user = admin()
    db.session.commit()
    board = dashboard(CounterSource(), province_area(user, "40"), today(), ())
    assert board.target == 1000 and board.core_with_target == 1
    assert [p.core_to_date for p in board.weeks][-2:] == [0, 1]
    assert board.coverage_before(board.week) == 0.0
    sign_in(client, user)
    html = client.get("/statistics/provinces/40").get_data(as_text=True)
    assert "-0" not in html and "−0" not in html.replace("±0", "")


def test_a_target_of_0_is_refused_by_the_form_and_the_import(app, client, tmp_path):
    make_commune("17611")
    staff = make_user(Role.PROVINCE_STAFF, make_commune())
    staff.province_code = "40"
    sign_in(client, staff)
    assert client.post("/communes/17611/target",
                       data={"target_population": "0"}).status_code == 422
    assert db.session.get(Commune, "17611").target_population is None
    path = tmp_path / "targets.csv"
    path.write_text("code,target\n17611,0\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["geo", "targets", str(path), "--lang", "en"])
    assert result.exit_code == 1 and "at least 1" in result.output


# --- 2. CORE_PATHWAY stripped and checked at start-up -----------------------------------------

def test_core_pathway_is_stripped():
    known = {"vneid", "public-services", "online-scams"}
    assert check_core_pathway(" vneid, public-services ,,online-scams ", known) == (
        "vneid", "public-services", "online-scams")


def test_the_site_refuses_to_start_on_an_unknown_course(tmp_path):
    with pytest.raises(CorePathwayError, match="unknown: vneld"):
        create_app({"TESTING": True, "CORE_PATHWAY": "vneld, public-services",
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    with pytest.raises(CorePathwayError, match="empty"):
        create_app({"TESTING": True, "CORE_PATHWAY": " , ",
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'y.sqlite3'}"})


def test_the_default_setting_with_spaces_works(app):
    assert app.config["CORE_PATHWAY"] == ("vneid", "public-services", "bank-qr-payments",
                                          "online-scams")


# --- 3. Progress before the account existed; clocks months wrong -------------------------------

def test_progress_before_the_account_existed_is_clamped_and_flagged(app, catalogue):
    learner = make_user()
    db.session.flush()
    created = learner.created_at
    course = catalogue.course("vneid")
    outcome = answer(learner, course, course.lessons[0], created - timedelta(days=2))
    db.session.commit()
    attempt = db.session.get(QuizAttempt, outcome.attempt.id)
    assert attempt.submitted_at >= created and attempt.clock_clamped == "account"
    assert outcome.progress.completed_at >= created


def test_a_clock_months_wrong_is_flagged(app, catalogue):
    learner = make_user()
    learner.created_at = utcnow() - timedelta(days=400)
    course = catalogue.course("vneid")
    old = answer(learner, course, course.lessons[0], utcnow() - timedelta(days=150))
    future = answer(learner, course, course.lessons[1], utcnow() + timedelta(days=90))
    fine = answer(learner, course, course.lessons[2], utcnow() - timedelta(days=3))
    db.session.commit()
    assert old.attempt.clock_clamped == "old" and future.attempt.clock_clamped == "future"
    assert fine.attempt.clock_clamped is None


# --- 4. Future periods do not exist --------------------------------------------------------------

def test_future_periods_answer_404(app, client):
    make_commune()
    sign_in(client, admin())
    next_week = Period.containing(WEEK, today()).next
    assert parse_period(WEEK, next_week.key) is None
    assert parse_period(WEEK, Period.containing(WEEK, today()).key) is not None
    for path in ("/api/v1/provinces/40/weekly/2028-W01", "/statistics/provinces/40/weekly/2028-W01",
                 f"/api/v1/communes/17611/weekly/{next_week.key}",
                 f"/api/v1/provinces/40/monthly/{Period.containing(MONTH, today()).next.key}",
                 "/statistics/provinces/40/monthly/2028-01/report.csv"):
        assert client.get(path).status_code == 404, path


# --- 5. Enough precision for the province's coverage to move -----------------------------------

@pytest.mark.parametrize("locale, expected", [("en", "0.00078%"), ("vi", "0,00078%"),
                                              ("fr", "0,00078%")])
def test_small_coverage_moves(app, locale, expected):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale(locale):
        assert percent(29 / 3_709_025) == expected
        assert percent(30 / 3_709_025) != percent(29 / 3_709_025)
        assert percent(0.123) in ("12.3%", "12,3%", "12,3\u00a0%")
        assert percent(0.0) in ("0.0%", "0,0%", "0,0\u00a0%")
        assert percent(-0.0) == percent(0.0)
        assert points(30 / 3_709_025, 29 / 3_709_025) != points(0.1, 0.1)


# --- 6. Communes that lag: useful from day one ----------------------------------------------------

def test_communes_that_lag_are_ranked_by_pace_and_say_since_when(app, catalogue, client):
    quick = make_commune("16681", "Thành Vinh", population=1000)
    slow = make_commune("17611", "Vân Tụ", population=1000)
    idle = make_commune("16702", "Hưng Nguyên", population=1000)
    steady = make_commune("16705", "Nam Đàn", population=1200)
    for _ in range(4):
        core_completer(app, catalogue, quick)
    for _ in range(4):
        core_completer(app, catalogue, steady)
    learner = make_user(commune=slow)
    answer(learner, catalogue.course("vneid"), catalogue.course("vneid").lessons[0])
    sleeper = make_user(commune=idle)
    sleeper.created_at = utcnow() - timedelta(days=40)
    answer(sleeper, catalogue.course("vneid"), catalogue.course("vneid").lessons[0],
           utcnow() - timedelta(days=20))
    user = admin()
    db.session.commit()
    board = dashboard(CounterSource(), province_area(user, "40"), today(), ())
    # Every commune is far below 70 %, but only those falling behind lag.
    assert [c.commune.code for c in board.lagging] == ["16702", "17611"]
    assert board.goal_day is not None
    sign_in(client, user)
    user.locale = "en"
    db.session.commit()
    html = client.get("/statistics/provinces/40").get_data(as_text=True)
    lag = html[html.index('id="lagging"'):html.index('id="map"')]
    assert "2 of 4 communes lag" in lag
    assert "no activity since" in lag
    assert lag.index("Hưng Nguyên") < lag.index("Vân Tụ")
