"""Officials and team members trained (issue 13), quarterly and yearly reports, and the projection
toward the goal by a target date: each figure recomputed here from raw rows (accounts and course
progress), without the application's reporting code."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from learning.accounts.models import Role, User, utcnow
from learning.counting.definitions import (
    MONTH,
    QUARTER,
    WEEK,
    YEAR,
    Period,
    parse_period,
    today,
)
from learning.extensions import db
from learning.progress.models import CourseProgress, LessonProgress, QuizAttempt
from learning.reporting.areas import commune_area, province_area
from learning.reporting.exports import coverage_json, report_json
from learning.reporting.feed import coverage_data_csv
from learning.reporting.figures import Projection, dashboard
from learning.reporting.queries import CounterSource
from learning.reporting.rebuild import rebuild
from learning.reporting.reports import report
from tests.factories import make_commune, make_user, sign_in
from tests.reporting.helpers import complete_course
from tests.reporting.oracle import expected_staff as expected
from tests.reporting.oracle import raw_staff


@pytest.fixture
def world(app, catalogue):
    """Two communes with a number of officials, one without; officers, province staff, tutors
    and leads, some trained (on different days), some half-way; a learner who took the
    officials' course (not counted: not an official)."""
    a = make_commune("17611", "Vân Tụ", officials=4)
    b = make_commune("16681", "Thành Vinh", officials=10)
    c = make_commune("16702", "Hưng Nguyên")
    officials = catalogue.for_audience("officials")
    teams = catalogue.for_audience("teams")
    assert officials and teams
    now = utcnow()

    def train(user, courses, days_ago):
        user.created_at = now - timedelta(days=50)  # answers are never dated before the account
        for course in courses:
            complete_course(user, course, now - timedelta(days=days_ago))

    for i, (commune, days_ago) in enumerate([(a, 1), (a, 40), (b, 3), (c, 2), (b, None)]):
        officer = make_user(Role.COMMUNE_OFFICER, commune=commune, full_name=f"Cán bộ {i}")
        if days_ago is not None:
            train(officer, officials, days_ago)
    half = make_user(Role.COMMUNE_OFFICER, commune=a)
    complete_course(half, catalogue.course("vneid"))  # not their track
    staff = make_user(Role.PROVINCE_STAFF, commune=a)
    staff.province_code, staff.commune_code = "40", None
    train(staff, officials, 5)
    lazy_staff = make_user(Role.PROVINCE_STAFF, commune=a)
    lazy_staff.province_code, lazy_staff.commune_code = "40", None
    for i, (role, commune, days_ago) in enumerate([
            (Role.TUTOR, a, 0), (Role.TEAM_LEAD, a, 20), (Role.TUTOR, b, None),
            (Role.TUTOR, c, 8)]):
        member = make_user(role, commune=commune, full_name=f"Tổ viên {i}")
        if days_ago is not None:
            train(member, teams, days_ago)
    learner = make_user(commune=a)
    train(learner, officials, 1)
    gone = make_user(Role.COMMUNE_OFFICER, commune=b)
    train(gone, officials, 1)
    gone.deleted_at = now  # personal data removed: no longer an official
    db.session.commit()
    return staff


def test_officials_and_team_members_trained_agree_with_raw_rows(world, catalogue):
    staff = world
    day = today()
    area = province_area(staff, "40")
    people = raw_staff(catalogue, set(area.codes), "40")
    assert len({person[2] for person in people}) >= 6  # trained on different days
    board = dashboard(CounterSource(), area, day, ())
    month = Period.containing(MONTH, day)
    for row in board.staff.communes:
        for group in ("officials", "team_members"):
            accounts, trained = expected(people, row.key, group)
            assert (row.accounts[group], row.to_date[group]) == (accounts, trained)
            assert row.now(group) == expected(people, row.key, group, since=month.start)[1]
    province = board.staff.province_staff
    assert (province.accounts["officials"], province.to_date["officials"]) == \
        expected(people, None, "officials")
    # The province's share: officials trained in the communes that have a number, over the sum.
    with_number = {"17611": 4, "16681": 10}
    counted = sum(expected(people, code, "officials")[1] for code in with_number)
    assert board.staff.total.officials == 14
    assert board.staff.total.officials_share == pytest.approx(counted / 14)
    assert board.staff.total.to_date["officials"] == expected(people, "*", "officials")[1]
    assert board.staff.total.members_share == pytest.approx(
        expected(people, "*", "team_members")[1] / expected(people, "*", "team_members")[0])

    # Reports: trained in the period and at its end, for every kind of period.
    for kind in (WEEK, MONTH, QUARTER, YEAR):
        for period in (Period.containing(kind, day), Period.containing(kind, day).previous):
            the_report = report(CounterSource(), area, period, day, {})
            for row in [*the_report.staff.communes, the_report.staff.province_staff]:
                code = None if row is the_report.staff.province_staff else row.key
                for group in ("officials", "team_members"):
                    at_end = expected(people, code, group, until=period.end)[1]
                    in_period = expected(people, code, group, until=period.end,
                                         since=period.start)[1]
                    assert row.to_date[group] == at_end
                    assert row.now(group) == in_period
            body = report_json(the_report, {})
            assert body["period"]["kind"] == {"w": "week", "m": "month", "q": "quarter",
                                              "y": "year"}[kind]


def test_a_commune_counts_its_own_staff_and_the_exports_carry_them(world, catalogue, client):
    officer = db.session.scalars(select(User).where(
        User.role == Role.COMMUNE_OFFICER, User.commune_code == "17611")).first()
    area = commune_area(officer, "17611")
    people = raw_staff(catalogue, {"17611"}, None)
    board = dashboard(CounterSource(), area, today(), ())
    assert board.staff.province_staff is None
    assert (board.staff.total.accounts["officials"], board.staff.total.to_date["officials"]) \
        == expected(people, "17611", "officials")
    body = coverage_json(board, {})
    trained = expected(people, "17611", "officials")[1]
    # Small counts are suppressed in exports ("<5"), as every other count.
    assert body["staff"]["officials_trained"] in (trained, "<5")
    assert body["staff"]["officials"] == 4
    lines = coverage_data_csv(body).decode().splitlines()
    assert "officials_trained" in lines[0].split(",")
    # The commune officer sees their commune's page with the figures, exact.
    sign_in(client, officer)
    page = client.get("/statistics/communes/17611")
    assert page.status_code == 200
    assert "Officials and team members trained" in page.text or \
        "Cán bộ và tổ viên đã được bồi dưỡng" in page.text
    assert f"{trained} trên 4" in page.text or f"{trained} of 4" in page.text


def test_province_report_data_file_has_stable_staff_keys(world, client):
    staff = world
    sign_in(client, staff)
    year = Period.containing(YEAR, today())
    answer = client.get(f"/statistics/provinces/40/yearly/{year.key}/data.csv")
    assert answer.status_code == 200
    lines = answer.text.splitlines()
    measures = {line.split(",")[-2] for line in lines[1:]}
    assert {"officials", "officials_trained", "officials_share", "team_members_trained",
            "officials_trained_in_period"} <= measures
    assert any(line.split(",")[8] == "province_staff" for line in lines[1:])
    # Year to date: in progress.
    assert lines[1].split(",")[6] == "false"
    for fmt in ("csv", "xlsx"):
        assert client.get(f"/statistics/provinces/40/yearly/{year.key}/report.{fmt}"
                          ).status_code == 200
    api = client.get(f"/api/v1/provinces/40/quarterly/{Period.containing(QUARTER, today()).key}")
    assert api.status_code == 200
    assert api.json["total"]["staff"]["officials"] == 14
    assert api.json["period"]["kind"] == "quarter" and api.json["period"]["complete"] is False


def test_the_number_of_officials_is_set_on_the_target_form_and_imported(app, client):
    commune = make_commune("17611", officials=None)
    staff = make_user(Role.PROVINCE_STAFF, commune=commune)
    staff.province_code, staff.commune_code = "40", None
    sign_in(client, staff)
    refused = client.post("/communes/17611/target", data={"target_population": "",
                                                          "officials": "0"})
    assert refused.status_code == 422 and 'value="0"' in refused.text
    assert db.session.get(type(commune), "17611").officials is None
    client.post("/communes/17611/target", data={"target_population": "", "officials": "37"})
    db.session.expire_all()
    assert db.session.get(type(commune), "17611").officials == 37
    assert "37" in client.get("/communes/17611").text
    from io import BytesIO

    upload = client.post("/communes/targets", data={
        "file": (BytesIO(b"code,officials\n17611,41\n"), "officials.csv")},
        content_type="multipart/form-data")
    assert upload.status_code == 200
    db.session.expire_all()
    changed = db.session.get(type(commune), "17611")
    assert changed.officials == 41 and changed.target_population is None  # target untouched
    bad = client.post("/communes/targets", data={
        "file": (BytesIO(b"code,officials\n17611,0\n"), "officials.csv")},
        content_type="multipart/form-data")
    assert bad.status_code == 422
    db.session.expire_all()
    assert db.session.get(type(commune), "17611").officials == 41


# --- Quarters and years ------------------------------------------------------------------


def _complete_at(learner, course, moment: datetime) -> None:
    """A course completed at a stored (UTC) moment, then the counters rebuilt from raw rows (a
    completion months back would otherwise be clamped as a wrong clock)."""
    complete_course(learner, course)
    db.session.execute(update(LessonProgress).where(LessonProgress.learner_id == learner.id)
                       .values(completed_at=moment))
    db.session.execute(update(CourseProgress).where(CourseProgress.learner_id == learner.id)
                       .values(completed_at=moment, started_at=moment))
    db.session.execute(update(QuizAttempt).where(QuizAttempt.learner_id == learner.id)
                       .values(submitted_at=moment))
    learner.created_at = moment - timedelta(days=1)


def test_quarters_and_years_end_at_midnight_vietnam_time(app, catalogue):
    commune = make_commune()
    course = catalogue.course("vneid")
    # 16:59 UTC on 31 December is 23:59 in Vietnam; 17:00 UTC is 00:00 on 1 January.
    moments = {"2025-Q4": datetime(2025, 12, 31, 16, 59), "2026-Q1": datetime(2025, 12, 31, 17),
               "2026-Q1 end": datetime(2026, 3, 31, 16, 59), "2026-Q2": datetime(2026, 3, 31, 17)}
    for moment in moments.values():
        _complete_at(make_user(commune=commune), course, moment)
    db.session.commit()
    rebuild()
    db.session.commit()
    staff = make_user(Role.ADMIN, commune=commune)
    area = province_area(staff, "40")
    day = date(2026, 11, 26)

    def courses(kind, key):
        period = Period(kind, parse_period(kind, key).start) if parse_period(kind, key) \
            else None
        assert period is not None, key
        return report(CounterSource(), area, period, day, {}).total.now["courses"]

    assert courses(QUARTER, "2025-Q4") == 1
    assert courses(QUARTER, "2026-Q1") == 2
    assert courses(QUARTER, "2026-Q2") == 1
    assert courses(YEAR, "2025") == 1
    assert courses(YEAR, "2026") == 3
    q1 = report(CounterSource(), area, parse_period(QUARTER, "2026-Q1"), day, {})
    assert q1.total.before["courses"] == 1  # compared with 2025-Q4
    assert q1.total.now["active"] is None and not q1.distinct_known  # not added over months
    assert not q1.in_progress
    year = report(CounterSource(), area, parse_period(YEAR, "2026"), day, {})
    assert year.in_progress  # the year to date


def test_quarter_and_year_keys_and_future_periods(app):
    assert Period(QUARTER, date(2025, 10, 1)).key == "2025-Q4"
    assert Period(QUARTER, date(2025, 10, 1)).end == date(2026, 1, 1)
    assert Period(QUARTER, date(2026, 1, 1)).previous == Period(QUARTER, date(2025, 10, 1))
    assert Period(YEAR, date(2025, 1, 1)).end == date(2026, 1, 1)
    assert Period.containing(QUARTER, date(2026, 3, 31)).start == date(2026, 1, 1)
    assert Period.containing(QUARTER, date(2026, 4, 1)).key == "2026-Q2"
    assert parse_period(QUARTER, "2026-Q5") is None and parse_period(YEAR, "26") is None
    current = Period.containing(QUARTER, today())
    assert parse_period(QUARTER, current.key) == current
    assert parse_period(QUARTER, current.next.key) is None  # not begun: none
    assert parse_period(YEAR, str(today().year + 1)) is None


def test_future_quarters_and_years_are_refused(app, client):
    make_commune()
    staff = make_user(Role.PROVINCE_STAFF)
    staff.province_code, staff.commune_code = "40", None
    sign_in(client, staff)
    future_quarter = Period.containing(QUARTER, today()).next.key
    future_year = str(today().year + 1)
    for path in (f"/statistics/provinces/40/quarterly/{future_quarter}",
                 f"/statistics/provinces/40/yearly/{future_year}",
                 f"/api/v1/provinces/40/quarterly/{future_quarter}",
                 f"/api/v1/provinces/40/yearly/{future_year}",
                 f"/statistics/provinces/40/quarterly/{future_quarter}/data.csv"):
        assert client.get(path).status_code == 404, path
    chosen = client.get(f"/statistics/provinces/40/quarterly?period={future_quarter}")
    assert chosen.status_code == 422 and future_quarter in chosen.text
    assert client.get("/statistics/provinces/40/yearly").headers["Location"].endswith(
        f"/yearly/{today().year}")
    page = client.get(f"/statistics/provinces/40/yearly/{today().year}")
    assert page.status_code == 200


# --- Projection ----------------------------------------------------------------------------


def test_projection_arithmetic():
    # 28 completers in 4 weeks: one a day. 100 days left, 300 now, target 1,000, goal 70 %.
    p = Projection(date(2026, 9, 22), date(2026, 12, 31), 1000, 300, 28, 0.7)
    assert p.per_day == 1 and p.days_left == 100
    assert p.projected == 400 and p.projected_share == pytest.approx(0.4)
    assert p.goal == 700 and p.gap == 400
    assert p.goal_day == date(2026, 9, 22) + timedelta(days=400)
    assert not p.on_track
    assert p.needed_per_week == 28  # ceil(400 * 7 / 100)
    fast = Projection(date(2026, 9, 22), date(2026, 12, 31), 1000, 300, 140, 0.7)
    assert fast.goal_day == date(2026, 9, 22) + timedelta(days=80) and fast.on_track
    still = Projection(date(2026, 9, 22), date(2026, 12, 31), 1000, 300, 0, 0.7)
    assert still.goal_day is None and still.projected == 300
    reached = Projection(date(2026, 9, 22), date(2026, 12, 31), 1000, 700, 0, 0.7)
    assert reached.goal_day == date(2026, 9, 22) and reached.needed_per_week is None
    late = Projection(date(2027, 1, 5), date(2026, 12, 31), 1000, 300, 28, 0.7)
    assert late.passed and late.days_left == 0 and late.projected == 300


def test_the_dashboard_projects_the_pace_of_the_last_four_weeks(app, catalogue, client):
    app.config["GOAL_DATE"] = (today() + timedelta(days=70)).isoformat()
    try:
        commune = make_commune(population=100)
        week = Period.containing(WEEK, today())
        # 7 completers in each of the last 4 complete weeks, 3 more before, 2 this week.
        moments = [datetime.combine(week.shift(-w).start + timedelta(days=2),
                                    datetime.min.time()) for w in (1, 2, 3, 4)] * 7
        moments += [datetime.combine(week.shift(-6).start, datetime.min.time())] * 3
        moments += [datetime.combine(week.start, datetime.min.time())] * 2
        for moment in moments:
            learner = make_user(commune=commune)
            learner.created_at = moment - timedelta(days=1)
            for slug in ("vneid", "public-services", "bank-qr-payments", "online-scams"):
                complete_course(learner, catalogue.course(slug), moment)
        db.session.commit()
        staff = make_user(Role.PROVINCE_STAFF, commune=commune)
        staff.province_code, staff.commune_code = "40", None
        board = dashboard(CounterSource(), province_area(staff, "40"), today(), ())
        p = board.projection
        assert (p.core, p.recent, p.target) == (33, 28, 100)
        assert p.per_day == 1 and p.projected == 33 + 70
        assert p.goal_day == today() + timedelta(days=70 - 33)
        sign_in(client, staff)
        page = client.get("/statistics/provinces/40").text
        assert "toward-goal" in page
        body = client.get("/api/v1/provinces/40/coverage").json["projection"]
        assert body["core_in_weeks"] == 28 and body["per_week"] == 7
        assert body["goal_date_at_recent_pace"] == p.goal_day.isoformat()
        assert body["on_track"] is True
        rules = client.get("/api/v1/statistics/definitions").json
        assert rules["goal_date"] == app.config["GOAL_DATE"]
        assert {"projection", "officials_trained", "team_members_trained"} <= set(
            rules["rules"])
    finally:
        app.config.pop("GOAL_DATE")


def test_an_unreadable_goal_date_stops_the_site(app):
    from learning import check_goal_date

    class Fake:
        config = {"GOAL_DATE": "31/12/2026"}

    with pytest.raises(RuntimeError, match="GOAL_DATE"):
        check_goal_date(Fake())  # type: ignore[arg-type]
    Fake.config = {"GOAL_DATE": " 2026-12-31 "}
    check_goal_date(Fake())  # type: ignore[arg-type]
    assert Fake.config["GOAL_DATE"] == "2026-12-31"
