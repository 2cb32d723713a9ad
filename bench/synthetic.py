"""A synthetic province for the statistics benchmark: the real communes (from
../shared/data/geo/ when present, else the demo sample), community digital teams with a tutor
each, their sessions, learners and their raw progress (attempts, lesson and course progress),
written fast: COPY on PostgreSQL, executemany in one big transaction on SQLite.

Learners follow four patterns: 70% try one or two lessons, 20% do one course, 7% complete the
core pathway, 3% complete everything; about 11 progress records per learner on average.
"""

import csv
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text

from learning.config import PROJECT_ROOT
from learning.counting.definitions import age_band, local_day
from learning.demo.sample import DEMO_COMMUNES
from learning.extensions import db
from learning.geography.models import Commune, Province
from learning.text import fold

GEO_FILE = PROJECT_ROOT.parent / "shared" / "data" / "geo" / "nghe_an_communes_2025.csv"
KINDS = {"Xã": "xa", "Phường": "phuong", "Đặc khu": "dac_khu"}
DAYS = 180
STAFF_PHONE = "+84900000001"
CHUNK = 20_000


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def load_communes() -> int:
    """The province and its communes; returns how many communes."""
    db.session.add(Province(code="40", name="Nghệ An", full_name="Tỉnh Nghệ An", name_en="Nghe An"))
    if GEO_FILE.exists():
        with GEO_FILE.open(encoding="utf-8") as handle:
            rows = [(r["ward_code"], r["ward_name"], KINDS.get(r["ward_type"], "xa"),
                     int(r["population_bando"] or 0) or None, float(r["lat"]), float(r["lon"]))
                    for r in csv.DictReader(handle)]
    else:
        rows = [(code, name, kind, population, lat, lon)
                for code, name, kind, population, lat, lon in DEMO_COMMUNES]
    names = {"xa": "Xã", "phuong": "Phường", "dac_khu": "Đặc khu"}
    for code, name, kind, population, lat, lon in rows:
        full_name = f"{names[kind]} {name}"
        db.session.add(Commune(code=code, province_code="40", name=name, full_name=full_name,
                               kind=kind, search_name=fold(full_name), population=population,
                               latitude=lat, longitude=lon))
    db.session.flush()
    return len(rows)


class Writer:
    """Bulk rows into tables, in one transaction per call of ``commit``."""

    def __init__(self) -> None:
        self.connection = db.engine.raw_connection()
        self.postgres = db.engine.dialect.name == "postgresql"
        self.cursor = self.connection.cursor()
        if self.postgres:
            self.cursor.execute("SET synchronous_commit = off")
        else:
            self.cursor.execute("PRAGMA synchronous=OFF")
            self.cursor.execute("BEGIN")

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
        count = 0
        if self.postgres:
            with self.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join("?" * len(columns))
        batch = [tuple(_sqlite(v) for v in row) for row in rows]
        self.cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                                batch)
        return len(batch)

    def commit(self) -> None:
        self.connection.commit() if self.postgres else self.cursor.execute("COMMIT")
        if not self.postgres:
            self.cursor.execute("BEGIN")

    def close(self) -> None:
        if not self.postgres:
            self.cursor.execute("COMMIT")
            self.cursor.execute("PRAGMA synchronous=NORMAL")
        for table in ("user_account", "digital_team", "team_event", "lesson_progress",
                      "course_progress", "team_member"):
            if self.postgres:
                self.cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"(SELECT coalesce(max(id), 1) FROM {table}))")
        if self.postgres:
            self.connection.commit()
        self.connection.close()


def _sqlite(value):
    if isinstance(value, datetime):
        return value.isoformat(" ", "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


@dataclass
class Course:
    id: int
    slug: str
    lessons: list[int]


@dataclass
class World:
    communes: list[tuple[str, int]]  # code, population
    teams: dict[str, list[int]]  # commune -> team ids
    events: dict[int, list[tuple[int, date]]]  # team -> (event id, day)
    courses: list[Course]
    core: list[Course]
    quiet: set[str]  # communes with no activity for the last three weeks
    first_learner_id: int


USER_COLUMNS = ("id", "phone", "password_hash", "full_name", "birth_year", "gender",
                "commune_code", "province_code", "role", "large_text", "created_at",
                "session_version", "team_id")
PROFILE_COLUMNS = ("learner_id", "commune_code", "age_band", "gender", "team", "registered_on")
ATTEMPT_COLUMNS = ("id", "learner_id", "lesson_id", "course_id", "answers", "score", "passed",
                   "method", "tutor_id", "event_id", "recorded_by_id", "submitted_at",
                   "received_at")
LESSON_COLUMNS = ("id", "learner_id", "lesson_id", "course_id", "started_at", "attempts",
                  "best_score", "completed_at", "method", "tutor_id", "event_id")
COURSE_COLUMNS = ("id", "learner_id", "course_id", "started_at", "lessons_completed",
                  "completed_at")


def build_teams(writer: Writer, rng: random.Random, communes: list[tuple[str, int]],
                password_hash: str) -> tuple[dict, dict, int]:
    """Teams (about one per 1,500 people), a lead tutor each, their sessions, a province staff
    account. Returns teams per commune, events per team and the next free user id."""
    teams: dict[str, list[int]] = {}
    team_rows, member_rows, user_rows, profile_rows, event_rows = [], [], [], [], []
    events: dict[int, list[tuple[int, date]]] = {}
    team_id = event_id = 0
    user_id = 1
    today = local_day(now())
    created = now() - timedelta(days=DAYS + 10)
    user_rows.append((user_id, STAFF_PHONE, password_hash, "Cán bộ Sở KH&CN", 1980, None, None,
                      "40", "province_staff", False, created, 1, None))
    for code, population in communes:
        teams[code] = []
        for n in range(max(2, (population or 3000) // 1500)):
            team_id += 1
            user_id += 1
            teams[code].append(team_id)
            team_rows.append((team_id, code, "thon", f"Thôn {n + 1}", created))
            user_rows.append((user_id, None, None, f"Tổ trưởng {team_id}", 1985, "male", code,
                              None, "team_lead", False, created, 1, None))
            profile_rows.append((user_id, code, age_band(1985, created.date()), "male", "",
                                 local_day(created)))
            member_rows.append((team_id, team_id, user_id, True, created))
            events[team_id] = []
            for week in range(0, DAYS // 7, 2):
                event_id += 1
                day = today - timedelta(days=DAYS - week * 7 - rng.randrange(7))
                events[team_id].append((event_id, day))
                event_rows.append((event_id, team_id, day, "Nhà văn hoá", "Ngày chủ nhật số",
                                   user_id, created))
    writer.write("digital_team", ("id", "commune_code", "area_kind", "area_name", "created_at"),
                 team_rows)
    writer.write("user_account", USER_COLUMNS, user_rows)
    writer.write("statistics_profile", PROFILE_COLUMNS, profile_rows)
    writer.write("team_member", ("id", "team_id", "user_id", "is_lead", "joined_at"),
                 member_rows)
    writer.write("team_event", ("id", "team_id", "held_on", "place", "title", "created_by_id",
                                "created_at"), event_rows)
    return teams, events, user_id + 1


def learners(world: World, rng: random.Random, first: int, count: int, counters: dict
             ) -> Iterator[tuple[str, tuple]]:
    """(table, row) for count learners starting at id first."""
    codes = [c for c, _ in world.communes]
    weights = [p or 3000 for _, p in world.communes]
    picks = rng.choices(codes, weights, k=count)
    end = now() - timedelta(minutes=5)
    for offset, commune in enumerate(picks):
        learner_id = first + offset
        registered = end - timedelta(days=DAYS * (rng.random() ** 0.7), seconds=rng.randrange(
            86400))
        quiet = commune in world.quiet
        if quiet:
            registered = min(registered, end - timedelta(days=40))
        birth_year = rng.choice((2005, 1998, 1990, 1982, 1975, 1968, 1960, 1955, 1948, 2011))
        gender = rng.choice(("female", "female", "male", "male", None))
        team = rng.choice(world.teams[commune]) if rng.random() < 0.6 else None
        yield "user_account", (learner_id, None, None, f"Học viên {learner_id}", birth_year,
                               gender, commune, None, "learner", False, registered, 1, team)
        yield "statistics_profile", (learner_id, commune, age_band(birth_year, local_day(
            registered)), gender or "unknown", str(team) if team else "", local_day(registered))
        limit = end - timedelta(days=21) if quiet else end
        yield from progress(world, rng, learner_id, team, registered, limit, counters)


def plan(world: World, rng: random.Random) -> list[tuple[Course, int]]:
    """Which courses the learner works on and how many of each one's lessons."""
    roll = rng.random()
    if roll < 0.70:
        course = rng.choice(world.courses[:3])
        return [(course, rng.choice((1, 1, 2)))]
    if roll < 0.90:
        course = rng.choice(world.courses)
        return [(course, len(course.lessons))]
    chosen = world.core if roll < 0.97 else world.courses
    return [(course, len(course.lessons)) for course in chosen]


def progress(world: World, rng: random.Random, learner_id: int, team: int | None,
             registered: datetime, limit: datetime, counters: dict) -> Iterator[tuple[str, tuple]]:
    moment = registered + timedelta(minutes=rng.randrange(5, 600))
    for course, lessons in plan(world, rng):
        course_start, done = moment, []
        for lesson_id in course.lessons[:lessons]:
            moment = min(moment + timedelta(hours=rng.randrange(1, 72)), limit)
            method, event = "self", None
            if team is not None and rng.random() < 0.45:
                method = "tutor" if rng.random() < 0.75 else "event"
                if method == "event":
                    event = rng.choice(world.events[team])[0]
            tutor = team if method == "tutor" else None  # team n's lead has user id n + 1
            passes = rng.random() < 0.9 or lessons > 2
            tries = 1 if rng.random() < 0.8 else 2
            completed = None
            for attempt in range(tries):
                passed = passes and attempt == tries - 1
                counters["attempt"] += 1
                yield "quiz_attempt", (
                    f"b-{learner_id:09d}-{counters['attempt']:010d}", learner_id, lesson_id,
                    course.id, "{}", 100 if passed else 40, passed, method,
                    tutor + 1 if tutor else None, event, learner_id, moment, moment)
                if passed:
                    completed = moment
            counters["lesson"] += 1
            yield "lesson_progress", (counters["lesson"], learner_id, lesson_id, course.id,
                                      moment, tries, 100 if completed else 40, completed,
                                      method if completed else None,
                                      tutor + 1 if tutor and completed else None,
                                      event if completed else None)
            if completed:
                done.append(completed)
        counters["course"] += 1
        finished = max(done) if len(done) == len(course.lessons) else None
        yield "course_progress", (counters["course"], learner_id, course.id, course_start,
                                  len(done), finished)


def generate(writer: Writer, world: World, rng: random.Random, total: int, report) -> dict:
    counters = {"attempt": 0, "lesson": 0, "course": 0, "learners": 0}
    columns = {"user_account": USER_COLUMNS, "statistics_profile": PROFILE_COLUMNS,
               "quiz_attempt": ATTEMPT_COLUMNS, "lesson_progress": LESSON_COLUMNS,
               "course_progress": COURSE_COLUMNS}
    for first in range(0, total, CHUNK):
        count = min(CHUNK, total - first)
        tables: dict[str, list] = {name: [] for name in columns}
        for table, row in learners(world, rng, world.first_learner_id + first, count, counters):
            tables[table].append(row)
        for table in columns:  # parents first
            writer.write(table, columns[table], tables[table])
        writer.commit()
        counters["learners"] += count
        report(counters)
    return counters


def analyze() -> None:
    db.session.execute(text("ANALYZE"))
    db.session.commit()

