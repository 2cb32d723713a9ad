"""Generate a synthetic province for the statistics benchmark, then compute its counters.

    .venv/bin/python bench/generate_province.py --database sqlite --learners 1000000
    .venv/bin/python bench/generate_province.py --database postgresql --learners 10000

SQLite: bench/out/province-<learners>.sqlite3; PostgreSQL: the database `bench` (or
`bench_<learners>` with --separate; another name with --pg-database or BENCH_PG_DATABASE, another
server with BENCH_PG_SERVER), created when missing. The database is emptied first.
Prints the number of records written and the time of `flask stats rebuild` (the counters are
computed from the raw records, as the rebuild command does).
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from bench import synthetic  # noqa: E402
from learning import create_app  # noqa: E402
from learning.catalog.records import refresh_record_ids  # noqa: E402
from learning.extensions import db  # noqa: E402
from learning.reporting.rebuild import rebuild  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "bench")
PASSWORD = "bench-password"


def database_url(kind: str, learners: int, separate: bool, pg_database: str = PG_DATABASE) -> str:
    if kind == "sqlite":
        OUT.mkdir(exist_ok=True)
        return f"sqlite:///{OUT / f'province-{learners}.sqlite3'}"
    name = f"{pg_database}_{learners}" if separate else pg_database
    server = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                   {"n": name})
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return f"{PG_SERVER}/{name}"


def fresh_schema(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        db.session.remove()
        db.engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
    db.create_all()
    refresh_record_ids()
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), required=True)
    parser.add_argument("--learners", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--separate", action="store_true",
                        help="PostgreSQL: use the database <pg-database>_<learners>")
    parser.add_argument("--pg-database", default=PG_DATABASE,
                        help="PostgreSQL database (default: BENCH_PG_DATABASE or bench)")
    parser.add_argument("--no-rebuild", action="store_true")
    args = parser.parse_args()
    url = database_url(args.database, args.learners, args.separate, args.pg_database)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    rng = random.Random(args.seed)
    with app.app_context():
        began = time.perf_counter()
        fresh_schema(url)
        count = synthetic.load_communes()
        db.session.commit()
        print(f"{args.database}: {url}\n{count} communes", flush=True)
        world = make_world(rng)
        db.session.commit()  # SQLite: the writer below needs the write lock
        writer = synthetic.Writer()
        teams, events, first = synthetic.build_teams(
            writer, rng, world.communes,
            generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))
        world.teams, world.events, world.first_learner_id = teams, events, first
        writer.commit()

        def report(counters: dict) -> None:
            if counters["learners"] % 100_000 == 0 or counters["learners"] == args.learners:
                print(f"  {counters['learners']:>9,} learners "
                      f"({time.perf_counter() - began:.0f} s)", flush=True)

        counters = synthetic.generate(writer, world, rng, args.learners, report)
        writer.close()
        synthetic.analyze()
        records = counters["attempt"] + counters["lesson"] + counters["course"]
        print(f"{args.learners:,} learners, {sum(map(len, teams.values())):,} teams, "
              f"{sum(map(len, events.values())):,} sessions; {records:,} progress records "
              f"({counters['attempt']:,} quiz attempts, {counters['lesson']:,} lesson progress, "
              f"{counters['course']:,} course progress) in {time.perf_counter() - began:.0f} s",
              flush=True)
        if not args.no_rebuild:
            began = time.perf_counter()
            check = rebuild()
            db.session.commit()
            synthetic.analyze()
            print(f"flask stats rebuild: {check.cells:,} counter cells in "
                  f"{time.perf_counter() - began:.1f} s", flush=True)


def make_world(rng: random.Random) -> synthetic.World:
    from sqlalchemy import select

    from learning.catalog.records import current_catalogue, record_ids
    from learning.geography.models import Commune

    communes = [tuple(row) for row in db.session.execute(
        select(Commune.code, Commune.population).order_by(Commune.code))]
    ids = record_ids()
    courses = [synthetic.Course(ids.courses[c.id], c.id,
                                [ids.lessons[(c.id, lesson.id)] for lesson in c.lessons])
               for c in current_catalogue().courses]
    core = [c for c in courses if c.slug in app_core()]
    quiet = set(rng.sample([c for c, _ in communes], k=max(1, len(communes) // 20)))
    return synthetic.World(communes, {}, {}, courses, core, quiet, 0)


def app_core() -> tuple[str, ...]:
    from learning.counting.definitions import core_pathway

    return core_pathway()


if __name__ == "__main__":
    main()
