"""Statistics benchmark: server time of the pages and exports, with the counters and with a naive
GROUP BY over raw records, side by side; the time of recording completions with their counter
updates; then `flask stats verify` (must find no difference).

First generate the data (bench/generate_province.py), then for example:

    .venv/bin/python bench/stats_bench.py --learners 1000000 --databases sqlite,postgresql

Server time is measured in-process with Flask's test client (request handling, queries and
rendering; no network). Figures are printed, never asserted.
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, func, select  # noqa: E402

from bench.generate_province import OUT, PG_DATABASE, PG_SERVER  # noqa: E402
from bench.synthetic import STAFF_PHONE  # noqa: E402
from learning import create_app  # noqa: E402
from learning.accounts.models import User, utcnow  # noqa: E402
from learning.accounts.services import begin_session  # noqa: E402
from learning.catalog.records import current_catalogue  # noqa: E402
from learning.counting.definitions import MONTH, WEEK, Period, today  # noqa: E402
from learning.counting.models import StatisticsProfile  # noqa: E402
from learning.extensions import db  # noqa: E402
from learning.geography.models import Commune  # noqa: E402
from learning.progress.services import (  # noqa: E402
    record_lesson_started,
    record_quiz_attempt,
)
from learning.reporting.raw import RawSource  # noqa: E402
from learning.reporting.rebuild import rebuild, verify  # noqa: E402


def url_for_database(kind: str, learners: int, separate: bool,
                     pg_database: str = PG_DATABASE) -> str:
    if kind == "sqlite":
        return f"sqlite:///{OUT / f'province-{learners}.sqlite3'}"
    return f"{PG_SERVER}/{f'{pg_database}_{learners}' if separate else pg_database}"


def make_app(url: str, naive: bool = False):
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
    if naive:  # the same pages, built with GROUP BY over raw records
        app.extensions["statistics_source"] = RawSource
    with app.app_context():
        db.create_all()  # tables added to the project since the data was generated
    return app


def signed_in(app):
    """A client signed in as the province staff account of the generated data."""
    with app.app_context():
        staff = db.session.scalars(select(User).where(User.phone == STAFF_PHONE)).one()
        begin_session(staff)  # a signed-in browser: sessions are kept on the server
        db.session.commit()
        session_id = staff.get_id()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = session_id, True
    return client


def pages(app) -> list[tuple[str, str]]:
    with app.app_context():
        biggest = db.session.scalar(select(Commune.code).order_by(
            Commune.population.desc()).limit(1))
    week = Period.containing(WEEK, today()).previous.key
    month = Period.containing(MONTH, today()).previous.key
    base = "/statistics/provinces/40"
    return [
        ("province dashboard", base),
        ("commune page", f"/statistics/communes/{biggest}"),
        ("weekly report", f"{base}/weekly/{week}"),
        ("monthly report", f"{base}/monthly/{month}"),
        ("weekly CSV export", f"{base}/weekly/{week}/report.csv"),
        ("weekly XLSX export", f"{base}/weekly/{week}/report.xlsx"),
        ("weekly JSON (API)", f"/api/v1/provinces/40/weekly/{week}"),
        ("coverage JSON (API)", "/api/v1/provinces/40/coverage"),
    ]


def time_page(client, path: str, repeat: int) -> tuple[list[float], int]:
    """Milliseconds of each request, and the SQL statements one request runs."""
    statements = []

    def count(*_args) -> None:
        statements.append(1)

    timings = []
    for _ in range(repeat):
        statements.clear()
        with client.application.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", count)
        began = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - began) * 1000)
        event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, (path, response.status_code)
    return timings, len(statements)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench_pages(url: str, repeat: int, naive_repeat: int) -> None:
    app, naive = make_app(url), make_app(url, naive=True)
    client, naive_client = signed_in(app), signed_in(naive)
    print(f"{'page':<22}{'counters median':>16}{'p95':>9}{'SQL':>5}{'naive GROUP BY':>17}")
    for name, path in pages(app):
        time_page(client, path, 2)  # warm the caches
        timings, queries = time_page(client, path, repeat)
        slow = ""
        if naive_repeat:
            raw, _ = time_page(naive_client, path, naive_repeat)
            slow = f"{statistics.median(raw):>14,.0f} ms"
        print(f"{name:<22}{statistics.median(timings):>13.1f} ms{percentile(timings, .95):>6.1f} ms"
              f"{queries:>5}{slow:>17}", flush=True)


def bench_writes(url: str, writes: int, seed: int) -> None:
    app = make_app(url)
    rng = random.Random(seed)
    counter_writes = [0]

    def count_upserts(_conn, _cursor, statement, *_args) -> None:
        counter_writes[0] += statement.startswith("INSERT INTO stat_counter")

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count_upserts)
        top = db.session.scalar(select(func.max(StatisticsProfile.learner_id)))
        learners = [rng.randrange(top // 2, top) for _ in range(writes)]
        courses = current_catalogue().courses
        db.session.commit()
        timings, changed, cpu_spent = [], 0, 0.0
        for learner_id in learners:
            course = rng.choice(courses)
            lesson = rng.choice(course.lessons)
            answers = {i: q.correct_answer for i, q in enumerate(lesson.text("vi").questions)}
            learner = db.session.get(User, learner_id)
            # (not timed) the lesson opened an hour ago, as a reader does before its quiz: a
            # pass with no lesson opened is held for review (learning/review/rules.py)
            record_lesson_started(learner, course, lesson, utcnow() - timedelta(hours=1))
            # Committed without expiring the learner: the request that records an answer has
            # its learner loaded already (the quiz view reads it before it writes).
            session = db.session()
            session.expire_on_commit = False
            session.commit()
            session.expire_on_commit = True
            cpu_outside = time.process_time()
            began = time.perf_counter()
            before = counter_writes[0]
            record_quiz_attempt(learner, course, lesson, answers, str(uuid.uuid4()))
            db.session.commit()
            changed += counter_writes[0] > before
            timings.append((time.perf_counter() - began) * 1000)
            cpu_spent += time.process_time() - cpu_outside
            db.session.expunge_all()
        cpu = cpu_spent
    print(f"recording a quiz attempt (completion + counters, commit included), {writes} times "
          f"(seed {seed}, {changed} with counter changes): "
          f"p50 {percentile(timings, .5):.2f} ms, p95 {percentile(timings, .95):.2f} ms, "
          f"p99 {percentile(timings, .99):.2f} ms, max {max(timings):.2f} ms; "
          f"{1000 * cpu / writes:.2f} ms of this process's CPU a write; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)


def run_verify(url: str, do_rebuild: bool) -> None:
    app = make_app(url)
    with app.app_context():
        if do_rebuild:
            began = time.perf_counter()
            check = rebuild()
            db.session.commit()
            print(f"flask stats rebuild: {check.cells:,} counter cells in "
                  f"{time.perf_counter() - began:.1f} s", flush=True)
        began = time.perf_counter()
        check = verify()
        db.session.rollback()
    print(f"flask stats verify: {check.profiles:,} profiles and {check.cells:,} counter cells in "
          f"{time.perf_counter() - began:.1f} s: {len(check.differences)} differences", flush=True)
    for difference in check.differences[:10]:
        print("  ", difference)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", default="1000000",
                        help="comma-separated sizes generated before, e.g. 10000,1000000")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--separate", action="store_true",
                        help="PostgreSQL databases <pg-database>_<learners> "
                             "(generate_province --separate)")
    parser.add_argument("--pg-database", default=PG_DATABASE,
                        help="PostgreSQL database (default: BENCH_PG_DATABASE or bench)")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--naive-repeat", type=int, default=1, help="0 to skip the baseline")
    parser.add_argument("--writes", type=int, default=2000)
    parser.add_argument("--rebuild", action="store_true", help="also time a rebuild")
    parser.add_argument("--no-pages", action="store_true", help="only the writes (and verify)")
    parser.add_argument("--no-verify", action="store_true")
    parser.add_argument("--seed", type=int, default=None,
                        help="which learners answer (default: new ones each run)")
    args = parser.parse_args()
    args.seed = int(time.time()) if args.seed is None else args.seed
    for learners in (int(n) for n in args.learners.split(",")):
        for kind in args.databases.split(","):
            url = url_for_database(kind, learners, args.separate, args.pg_database)
            print(f"\n== {kind}, {learners:,} learners ({url})", flush=True)
            if not args.no_pages:
                bench_pages(url, args.repeat, args.naive_repeat)
            if args.writes:
                bench_writes(url, args.writes, args.seed)
            if not args.no_verify:
                run_verify(url, args.rebuild)


if __name__ == "__main__":
    main()
