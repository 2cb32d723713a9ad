"""The figures computed straight from raw records, with GROUP BY: what `flask stats rebuild`
writes, what `flask stats verify` compares the counters with, and the benchmark's naive baseline.

Raw records: quiz attempts (activity), lesson and course progress (completions, how they were
earned; completions held for review left out, with the courses they complete), statistics
profiles (who a person counts as, registration), team events (sessions).
Day boundaries in SQL use the fixed offset ``definitions.UTC_OFFSET`` (Vietnam: UTC+7 all year).
"""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from sqlalchemy import TIMESTAMP, Date, Select, cast, func, literal_column, select

from learning.counting.cells import Deltas, Person
from learning.counting.definitions import (
    AGE,
    ALL,
    ALL_TIME,
    ALL_TIME_START,
    ASSISTED,
    DAY,
    GENDER,
    METHOD,
    MONTH,
    PEOPLE_DIMENSIONS,
    TEAM,
    UTC_OFFSET,
    WEEK,
    Period,
    as_date,
    day_start_utc,
)
from learning.counting.facts import core_course_ids
from learning.counting.models import StatisticsProfile
from learning.events.models import TeamEvent
from learning.extensions import db
from learning.progress.facts import course_held, lesson_held
from learning.progress.models import CourseProgress, LessonProgress, QuizAttempt
from learning.reporting.queries import RECENT_DAYS, Cell, Window
from learning.teams.models import DigitalTeam

P = StatisticsProfile
OFFSET_HOURS = int(UTC_OFFSET.total_seconds() // 3600)


def start_of(kind: str, column, timestamp: bool = True):
    """SQL for the start of the period (day, week, month) holding a moment or a date."""
    if db.session.get_bind().dialect.name == "postgresql":
        local = column + literal_column(f"interval '{OFFSET_HOURS} hours'") if timestamp \
            else cast(column, TIMESTAMP)
        if kind == DAY:
            return cast(local, Date)
        return cast(func.date_trunc("week" if kind == WEEK else "month", local), Date)
    modifiers = [f"+{OFFSET_HOURS} hours"] if timestamp else []
    modifiers += {WEEK: ["weekday 0", "-6 days"], MONTH: ["start of month"]}.get(kind, [])
    return func.date(column, *modifiers)


class RawSource:
    """Figures from raw records (slow by design: it reads every relevant record)."""

    def deltas(self, communes: Sequence[str] | None, window: Window,
               dimensions: Iterable[str], into: Deltas | None = None) -> Deltas:
        """Every counter cell of the window's periods, computed from raw records."""
        deltas = into if into is not None else Deltas()
        wanted = set(dimensions) - (set(PEOPLE_DIMENSIONS) if window.kind == DAY else set())
        for measure, query, totals in self._queries(window, wanted):
            if communes is not None:
                query = query.where(P.commune_code.in_(list(communes)))
            names = [column.name for column in query.selected_columns]
            at = {name: names.index(name) if name in names else None for name in FIELDS}
            for row in db.session.execute(query):
                person = Person(row[1], *(None if at[d] is None else row[at[d]]
                                          for d in PEOPLE_DIMENSIONS))
                start = ALL_TIME_START if at["start"] is None else as_date(row[at["start"]])
                deltas.add_at(measure, person, window.kind, start, row[0],
                              0 if at["course_id"] is None else row[at["course_id"]],
                              None if at["method"] is None else row[at["method"]], totals)
        self._count_sessions(deltas, window, communes, wanted)
        return deltas

    def cells(self, communes: Sequence[str], windows: Sequence[Window],
              dimensions: Sequence[str] = (ALL,), by_commune: bool = False,
              by_start: bool = False, by_course: bool = False) -> list[Cell]:
        totals: dict[tuple, list[int]] = {}
        for window in windows:
            for key, counts in self.deltas(communes, window, dimensions).cells.items():
                commune, kind, dimension, course_id, start, value = key
                if dimension not in dimensions or (course_id and not by_course) \
                        or not window.holds(start):
                    continue
                group = (commune if by_commune else None, kind, start if by_start else None,
                         course_id, dimension, value)
                total = totals.setdefault(group, [0] * len(counts))
                for i, n in enumerate(counts):
                    total[i] += n
        return [Cell(*group, tuple(counts)) for group, counts in totals.items()]

    def last_activity(self, communes: Sequence[str], today: date) -> dict[str, date]:
        day = start_of(DAY, QuizAttempt.submitted_at)
        rows = db.session.execute(
            select(P.commune_code, func.max(day)).select_from(QuizAttempt)
            .join(P, P.learner_id == QuizAttempt.learner_id)
            .where(P.commune_code.in_(list(communes)),
                   QuizAttempt.submitted_at >= day_start_utc(today - timedelta(RECENT_DAYS)))
            .group_by(P.commune_code)).all()
        return {code: as_date(last) for code, last in rows if last is not None}

    # --- one GROUP BY per measure ---------------------------------------------------------

    def _queries(self, window: Window, wanted: set[str]) -> list[tuple[str, Select, bool]]:
        """(measure, query, whether its rows add to the totals). Lessons and courses are counted
        twice: by course (and method), and by person (age, gender, team): grouping by both at
        once would multiply the number of groups."""
        lp, cp, qa = LessonProgress, CourseProgress, QuizAttempt
        n = func.count().label("n")
        lesson_keys = (lp.course_id, func.coalesce(lp.method, "self").label("method")) \
            if METHOD in wanted else (lp.course_id,)
        people = wanted & set(PEOPLE_DIMENSIONS)
        sources = [
            ("registered", P.registered_on, False, select(n).select_from(P), None),
            ("active", qa.submitted_at, True, _of(qa, _people(qa.learner_id)), None),
            ("lessons", lp.completed_at, True, _of(lp, n).where(
                lp.completed_at.is_not(None), ~lesson_held(lp.learner_id, lp.lesson_id)),
             lesson_keys),
            ("courses", cp.completed_at, True, _of(cp, n).where(
                cp.completed_at.is_not(None), ~course_held(cp.learner_id, cp.course_id)),
             (cp.course_id,)),
            ("helped", lp.completed_at, True, _of(lp, _people(lp.learner_id)).where(
                lp.completed_at.is_not(None), lp.method.in_(ASSISTED),
                ~lesson_held(lp.learner_id, lp.lesson_id)), None),
        ]
        core = _core_completions()
        if core is not None:
            sources.append(("core", core.c.at, True, _of(core, n), None))
        queries = []
        for measure, moment, timestamp, statement, by_course in sources:
            if by_course is None:
                queries.append((measure, _grouped(statement, moment, timestamp, window, people),
                                True))
                continue
            queries.append((measure, _grouped(statement, moment, timestamp, window, set(),
                                              by_course), True))
            if people:
                queries.append((measure, _grouped(statement, moment, timestamp, window,
                                                  people), False))
        return queries

    def _count_sessions(self, deltas: Deltas, window: Window,
                        communes: Sequence[str] | None, wanted: set[str]) -> None:
        e, t = TeamEvent, DigitalTeam
        groups = [t.commune_code, e.team_id]
        if window.kind != ALL_TIME:
            groups.append(start_of(window.kind, e.held_on, False).label("start"))
        query = select(func.count().label("n"), *groups).join(t, t.id == e.team_id).where(
            *_bounds(window, e.held_on, False)).group_by(*groups)
        if communes is not None:
            query = query.where(t.commune_code.in_(list(communes)))
        for row in db.session.execute(query).mappings():
            team = str(row["team_id"]) if TEAM in wanted else None
            deltas.add_at("sessions", Person(row["commune_code"], team=team), window.kind,
                          _start(row), row["n"])


def _of(records, count) -> Select:
    """Raw records joined with the profile of the person they are about."""
    learner_id = records.c.learner_id if hasattr(records, "c") else records.learner_id
    return select(count).select_from(records).join(P, P.learner_id == learner_id)


def _people(learner_id):
    return func.count(learner_id.distinct()).label("n")


def _core_completions():
    """Learners who completed every course of the core pathway, and when (the last one)."""
    core = core_course_ids()
    if not core:
        return None
    cp = CourseProgress
    return (select(cp.learner_id, func.max(cp.completed_at).label("at"))
            .where(cp.course_id.in_(core), cp.completed_at.is_not(None),
                   ~course_held(cp.learner_id, cp.course_id))
            .group_by(cp.learner_id).having(func.count() == len(core)).subquery())


def _grouped(statement: Select, moment, timestamp: bool, window: Window, wanted: set[str],
             extra: tuple = ()) -> Select:
    people = {AGE: P.age_band, GENDER: P.gender, TEAM: P.team}
    groups = [P.commune_code.label("commune")]
    if window.kind != ALL_TIME:
        groups.append(start_of(window.kind, moment, timestamp).label("start"))
    groups += list(extra)
    groups += [people[d].label(d) for d in PEOPLE_DIMENSIONS if d in wanted]
    statement = statement.add_columns(*groups).where(*_bounds(window, moment, timestamp))
    return statement.group_by(*groups)


def _bounds(window: Window, moment, timestamp: bool) -> list:
    """Conditions keeping the records of the window's periods (a range on the raw column)."""
    if window.kind == ALL_TIME:
        return []
    clauses = []
    if window.first is not None:
        clauses.append(moment >= (day_start_utc(window.first) if timestamp else window.first))
    if window.last is not None:
        end = window.last + timedelta(days=1) if window.kind == DAY \
            else Period(window.kind, window.last).end
        clauses.append(moment < (day_start_utc(end) if timestamp else end))
    return clauses


def _start(row) -> date:
    return as_date(row["start"]) if "start" in row else ALL_TIME_START


FIELDS = ("start", "course_id", "method", *PEOPLE_DIMENSIONS)
