"""Property-based: random communes, teams, learners (some of them staff: officers, province staff,
tutors, team leads), sessions and progress (twice, out of order, with tutors and at events, whole
tracks), accounts that move, change team or are deleted; every figure of the dashboards, weekly,
monthly, quarterly and yearly reports and exports — the officials and team members trained
included — equals the oracle's computation from raw records, and `flask stats verify` finds no
difference."""

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from learning.accounts.models import Role, User, utcnow
from learning.counting.definitions import (
    AGE,
    AGE_BAND_NAMES,
    DISTINCT_MEASURES,
    GENDER,
    GENDERS,
    MEASURE_NAMES,
    METHODS,
    MONTH,
    QUARTER,
    TEAM,
    WEEK,
    YEAR,
    Period,
    local_day,
    parse_period,
    today,
)
from learning.events.models import TeamEvent
from learning.extensions import db
from learning.progress.models import QuizAttempt
from learning.reporting.areas import commune_area, province_area
from learning.reporting.exports import report_json
from learning.reporting.figures import dashboard
from learning.reporting.queries import RECENT_DAYS, CounterSource
from learning.reporting.rebuild import verify
from learning.reporting.reports import report
from learning.teams.models import DigitalTeam
from tests.factories import make_commune, make_user
from tests.isolation import one_transaction
from tests.reporting.helpers import answer
from tests.reporting.oracle import Oracle, expected_staff, raw_staff

COMMUNES = ("17611", "16681", "16702")
learner_st = st.fixed_dictionaries({
    "commune": st.integers(0, 2), "birth": st.none() | st.integers(1935, 2016),
    "gender": st.sampled_from([None, "female", "male", "other"]),
    "team": st.none() | st.integers(0, 3), "registered": st.integers(0, 70),
    "role": st.sampled_from(["learner", "learner", "learner", "tutor", "team_lead",
                             "commune_officer", "province_staff"])})
# Answers up to 80 days back: some before the learner registered (clamped to the account's
# creation), some more than 60 days back (a clock months wrong: clamped and flagged).
action_st = st.tuples(st.integers(0, 7), st.integers(0, 5), st.integers(0, 4),
                      st.integers(0, 80), st.integers(0, 23), st.booleans(),
                      st.sampled_from(["self", "tutor", "event"]), st.booleans())
change_st = st.tuples(st.integers(0, 7), st.sampled_from(["move", "team", "birth", "delete"]),
                      st.integers(0, 3))
world_st = st.fixed_dictionaries({
    # No population, 0 (no target either) or a number; and a target set by staff, 0 (refused by
    # the form, but stored by older versions: no target) or none.
    "populations": st.lists(st.none() | st.just(0) | st.integers(1, 5000), min_size=3,
                            max_size=3),
    "targets": st.lists(st.none() | st.just(0) | st.integers(1, 3000), min_size=3, max_size=3),
    "learners": st.lists(learner_st, min_size=1, max_size=8),
    "actions": st.lists(action_st, max_size=25),
    "core_runs": st.lists(st.tuples(st.integers(0, 7), st.integers(0, 50)), max_size=2),
    # (learner, audience of the courses completed: 0 officials, 1 teams, days back)
    "track_runs": st.lists(st.tuples(st.integers(0, 7), st.integers(0, 1), st.integers(0, 59)),
                           max_size=3),
    "officials": st.lists(st.none() | st.integers(1, 40), min_size=3, max_size=3),
    "changes": st.lists(change_st, max_size=3),
    "events": st.lists(st.tuples(st.integers(0, 3), st.integers(0, 60)), max_size=4),
})


def build(world, catalogue, core_slugs) -> dict:
    """Apply the random world through the real services; returns the frozen attributes of the
    accounts deleted (the oracle counts them as they were)."""
    communes = [make_commune(code, f"Xã {i}", population=world["populations"][i])
                for i, code in enumerate(COMMUNES)]
    for commune, target in zip(communes, world["targets"], strict=True):
        commune.target_population = target
    for commune, officials in zip(communes, world["officials"], strict=True):
        commune.officials = officials
    teams = []
    for i in range(4):
        team = DigitalTeam(commune_code=COMMUNES[i % 3], area_kind="thon", area_name=f"Thôn {i}")
        db.session.add(team)
        teams.append(team)
    db.session.flush()
    for team_index, days in world["events"]:
        db.session.add(TeamEvent(team_id=teams[team_index].id, place="Nhà văn hoá", title="Buổi",
                                 held_on=today() - timedelta(days=days)))
    learners = []
    for spec in world["learners"]:
        learner = make_user(spec["role"], commune=communes[spec["commune"]],
                            birth_year=spec["birth"], gender=spec["gender"])
        if spec["role"] == Role.PROVINCE_STAFF:
            learner.province_code, learner.commune_code = "40", None
        learner.created_at = utcnow() - timedelta(days=spec["registered"], hours=5)
        if spec["team"] is not None:
            learner.team_id = teams[spec["team"]].id
        learners.append(learner)
    db.session.flush()
    courses = catalogue.courses
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    previous = {}
    deleted: dict[int, tuple] = {}
    for who, course_i, lesson_i, days, hour, passed, method, repeat in world["actions"]:
        learner = learners[who % len(learners)]
        course = courses[course_i]
        lesson = course.lessons[lesson_i % len(course.lessons)]
        at = now - timedelta(days=days) + timedelta(hours=hour)
        attempt_id = previous.get((learner.id, lesson.key)) if repeat else None
        outcome = answer(learner, course, lesson, min(at, now), passed, method,
                         attempt_id=attempt_id)
        previous[(learner.id, lesson.key)] = outcome.attempt.id
    for who, days in world["core_runs"]:
        learner = learners[who % len(learners)]
        for slug in core_slugs:
            for lesson in catalogue.course(slug).lessons:
                answer(learner, catalogue.course(slug), lesson, now - timedelta(days=days))
    for who, audience, days in world["track_runs"]:
        learner = learners[who % len(learners)]
        for course in catalogue.for_audience(("officials", "teams")[audience]):
            for lesson in course.lessons:
                answer(learner, course, lesson, now - timedelta(days=days))
    for who, change, value in world["changes"]:
        learner = learners[who % len(learners)]
        if learner.id in deleted:
            continue
        if change == "move":
            learner.commune_code = COMMUNES[value % 3]
        elif change == "team":
            learner.team_id = teams[value].id if value < 3 else None
        elif change == "birth":
            learner.birth_year = 1950 + 20 * value
        else:
            deleted[learner.id] = (learner.commune_code, learner.birth_year, learner.gender,
                                   learner.team_id)
            learner.deleted_at = utcnow()
            learner.full_name, learner.phone, learner.gender = "", None, None
            learner.birth_year = learner.commune_code = learner.team_id = None
        db.session.flush()
    db.session.commit()
    return deleted


def oracle_target(commune) -> int | None:
    """docs/statistics.md: the commune's own target, else its population; 0 or none: no target."""
    target = commune.target_population if commune.target_population is not None \
        else commune.population
    return target or None


def has_target(commune) -> bool:
    return oracle_target(commune) is not None


def check_dashboard(oracle: Oracle, admin, day) -> None:
    area = province_area(admin, "40")
    codes = area.codes
    board = dashboard(CounterSource(), area, day, (AGE, GENDER))
    week, month = Period.containing(WEEK, day), Period.containing(MONTH, day)
    for figures in board.communes:
        code = [figures.commune.code]
        for m in MEASURE_NAMES:
            assert figures.counts[m] == oracle.count(m, code), (m, code)
            assert figures.week[m] == oracle.count(m, code, "w", week.start), (m, code)
            assert figures.month[m] == oracle.count(m, code, "m", month.start), (m, code)
        assert figures.last_active == oracle.last_activity(code[0], day, RECENT_DAYS)
        for course_id, n in figures.per_course.items():
            assert n == oracle.count("courses", code, course=course_id)
    targeted = [c.commune.code for c in board.communes if has_target(c.commune)]
    assert [c.commune.code for c in board.communes if c.target is not None] == targeted
    assert board.core_with_target == oracle.count("core", targeted)
    target = sum(oracle_target(c.commune) or 0 for c in board.communes)
    assert board.target == target
    for course_id, counts in board.per_course.items():
        for m in ("lessons", "courses"):
            assert counts[m] == oracle.count(m, codes, course=course_id)
    for points in (board.weeks, board.months):
        for point in points:
            for m in MEASURE_NAMES:
                assert point.counts[m] == oracle.count(m, codes, point.period.kind,
                                                       point.period.start), (m, point.period)
            assert point.core_to_date == oracle.count("core", targeted, until=point.period.end)
            assert point.coverage == (point.core_to_date / target if target else None)
    for current in (week, month):
        before = oracle.count("core", targeted, until=current.start)
        assert board.coverage_before(current) == (before / target if target else None)
    for method in METHODS:
        by_method = board.methods.get(method, {})
        for start, kind in ((None, "a"), (month.start, "m")):
            n = by_method.get(start, {}).get("lessons", 0)
            assert n == oracle.count("lessons", codes, kind, start, dimension="method",
                                     value=method)
    for breakdown in board.breakdowns:
        for value, ever, this_month in breakdown.rows:
            for m in MEASURE_NAMES:
                assert ever[m] == oracle.count(m, codes, dimension=breakdown.dimension,
                                               value=value), (m, breakdown.dimension, value)
                assert this_month[m] == oracle.count(m, codes, "m", month.start,
                                                     dimension=breakdown.dimension,
                                                     value=value), (
                    m, breakdown.dimension, value)
        values = AGE_BAND_NAMES if breakdown.dimension == AGE else GENDERS
        shown = {value for value, _, _ in breakdown.rows}
        assert all(value in shown for value in values
                   if oracle.count("registered", codes, dimension=breakdown.dimension,
                                   value=value))


def check_commune_teams(oracle: Oracle, admin, day) -> None:
    area = commune_area(admin, COMMUNES[0])
    board = dashboard(CounterSource(), area, day, (TEAM,))
    month = Period.containing(MONTH, day)
    for value, ever, this_month in board.breakdowns[0].rows:
        for m in MEASURE_NAMES:
            assert ever[m] == oracle.count(m, area.codes, dimension="team", value=value), m
            assert this_month[m] == oracle.count(m, area.codes, "m", month.start,
                                                 dimension="team", value=value), m


def check_reports(oracle: Oracle, admin, day, catalogue) -> None:
    area = province_area(admin, "40")
    codes = area.codes
    names = {i: str(i) for i in range(1, 20)}
    people = raw_staff(catalogue, set(codes), "40")
    for kind in (WEEK, MONTH, QUARTER, YEAR):
        for period in (Period.containing(kind, day), Period.containing(kind, day).previous):
            the_report = report(CounterSource(), area, period, day, names)
            total = the_report.total
            check_staff(the_report.staff, people, period.start, period.end)
            if kind in (QUARTER, YEAR):  # added up from months: people counted once are not
                for m in MEASURE_NAMES:
                    if m in DISTINCT_MEASURES:
                        assert total.now[m] is None and total.before[m] is None
                    else:
                        assert total.now[m] == oracle.count(m, codes, kind, period.start), m
                        assert total.before[m] == oracle.count(m, codes, kind,
                                                               period.previous.start), m
                targeted = [c.code for c in area.communes if has_target(c)]
                assert total.to_date["core"] == oracle.count("core", targeted,
                                                             until=period.end)
                for row in the_report.rows:
                    assert row.now["lessons"] == oracle.count("lessons", [row.key], kind,
                                                              period.start)
                continue
            for m in MEASURE_NAMES:
                assert total.now[m] == oracle.count(m, codes, kind, period.start), m
                assert total.before[m] == oracle.count(m, codes, kind, period.previous.start)
            targeted = [c.code for c in area.communes if has_target(c)]
            target = sum(oracle_target(c) or 0 for c in area.communes)
            assert total.to_date["core"] == oracle.count("core", targeted, until=period.end)
            before = oracle.count("core", targeted, until=period.start)
            assert total.coverage_before == (before / target if target else None)
            assert parse_period(kind, period.next.key) is None or period.next.start <= day
            for row in the_report.rows:
                for m in MEASURE_NAMES:
                    assert row.now[m] == oracle.count(m, [row.key], kind, period.start)
                assert row.to_date["core"] == oracle.count("core", [row.key], until=period.end)
            for row in the_report.courses:
                course = int(row.key)
                assert row.now["courses"] == oracle.count("courses", codes, kind, period.start,
                                                          course)
                assert row.to_date["courses"] == oracle.count("courses", codes, course=course,
                                                              until=period.end)
            for dimension, rows in the_report.breakdowns.items():
                for row in rows:
                    for m in MEASURE_NAMES:
                        assert row.now[m] == oracle.count(m, codes, kind, period.start,
                                                          dimension=dimension, value=row.key)
            exported = report_json(the_report, {})
            for row in exported["communes"]:
                for m in MEASURE_NAMES:
                    n = oracle.count(m, [row["code"]], kind, period.start)
                    assert row["period"][m] == n  # exact for officials
            for dimension, table in exported["breakdowns"].items():
                if dimension != "method":  # released: every group and complement >= 5
                    registered = [g["registered"] for g in table["groups"]]
                    assert table["withheld"] or (len(registered) >= 2 and all(
                        n >= 5 and sum(registered) - n >= 5 for n in registered)), table


def check_staff(figures, people, start, end) -> None:
    """Officials and team members trained, per commune, for the province staff and in total:
    accounts, trained before the end, trained in the period, and the officials' share."""
    for row in figures.communes:
        for group in ("officials", "team_members"):
            accounts, at_end = expected_staff(people, row.key, group, until=end)
            assert (row.accounts[group], row.to_date[group]) == (accounts, at_end), row.key
            assert row.now(group) == expected_staff(people, row.key, group, until=end,
                                                    since=start)[1]
        if row.officials:
            assert row.officials_share == row.to_date["officials"] / row.officials
        else:
            assert row.officials_share is None
    province = figures.province_staff
    assert (province.accounts["officials"], province.to_date["officials"]) == \
        expected_staff(people, None, "officials", until=end)
    numbered = [row for row in figures.communes if row.officials]
    total = figures.total
    assert total.officials == (sum(row.officials for row in numbered) or None)
    counted = sum(expected_staff(people, row.key, "officials", until=end)[1] for row in numbered)
    assert total.officials_share == (counted / total.officials if total.officials else None)
    for group in ("officials", "team_members"):
        assert (total.accounts[group], total.to_date[group]) == expected_staff(
            people, "*", group, until=end)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(world=world_st)
def test_every_figure_equals_the_raw_records(app, world):
    """Each example runs in one transaction rolled back at its end (tests/isolation.py), so
    each starts from the empty tables that clean_database left."""
    with one_transaction(db.engine):
        catalogue = app.extensions["catalogue"]
        core_slugs = app.config["CORE_PATHWAY"]
        deleted = build(world, catalogue, core_slugs)
        admin = make_user(Role.ADMIN)
        admin.commune_code = None
        db.session.commit()
        oracle = Oracle(core_slugs, deleted)
        day = today()
        check_dashboard(oracle, admin, day)
        check_commune_teams(oracle, admin, day)
        check_reports(oracle, admin, day, catalogue)
        check_staff(dashboard(CounterSource(), province_area(admin, "40"), day, ()).staff,
                    raw_staff(catalogue, set(COMMUNES), "40"),
                    Period.containing(MONTH, day).start, None)
        assert [str(d) for d in verify().differences] == []
        for attempt, created in db.session.execute(select(QuizAttempt, User.created_at).join(
                User, User.id == QuizAttempt.learner_id)):
            assert attempt.submitted_at >= created  # clamped to the account's creation, flagged
        db.session.rollback()


def test_a_sunday_night_in_utc_is_monday_in_vietnam():
    sunday_night = datetime(2025, 10, 5, 23, 30)  # UTC
    assert local_day(sunday_night) == date(2025, 10, 6)
    assert Period.containing(WEEK, local_day(sunday_night)).key == "2025-W41"
    assert Period.containing(WEEK, sunday_night.date()).key == "2025-W40"
