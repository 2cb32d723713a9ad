"""Scale-out, for real on one machine: a PostgreSQL primary and a streaming replica made with
pg_basebackup, beside (never touching) the system's cluster; the statistics pages read from the
replica (DATABASE_REPLICA_URL) while quiz answers are written on the primary; prints the pages'
times and the replication lag as the writes go on, then stops both clusters and removes them.

    .venv/bin/python bench/replica.py --seconds 20

Needs PostgreSQL's server binaries (Debian: /usr/lib/postgresql/15/bin). Run as root, the
clusters belong to the user postgres. Both listen on 127.0.0.1 only.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
DATABASE = "bench_replica"


def as_postgres(*command: str, **kwargs) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], check=True, capture_output=True, text=True,
                          **kwargs)


def start(data: Path, log: Path) -> None:
    as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "start")


def stop(data: Path) -> None:
    if (data / "postmaster.pid").exists():
        as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")


def make_primary(folder: Path, port: int) -> Path:
    data = folder / "primary"
    as_postgres(str(BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--locale=C.UTF-8")
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(f"\nport = {port}\nlisten_addresses = '127.0.0.1'\n"
                   f"unix_socket_directories = '{folder}'\n"
                   "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n"
                   "shared_buffers = 256MB\nsynchronous_commit = on\n")
    with open(data / "pg_hba.conf", "a") as hba:
        hba.write("host replication postgres 127.0.0.1/32 trust\n")
    start(data, folder / "primary.log")
    return data


def make_standby(folder: Path, primary_port: int, port: int) -> Path:
    data = folder / "standby"
    as_postgres(str(BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary_port),
                "-U", "postgres", "-D", str(data), "-R", "-X", "stream", "-c", "fast")
    with open(data / "postgresql.auto.conf", "a") as conf:
        conf.write(f"\nport = {port}\n")
    start(data, folder / "standby.log")
    return data


def server(port: int, name: str = "postgres") -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{name}"


def lag(primary, standby) -> tuple[float, int, float | None]:
    """Replay lag in ms as the primary sees it (pg_stat_replication), bytes of WAL not yet
    replayed, and the standby's age of the last replayed transaction (ms)."""
    from sqlalchemy import text

    with primary.connect() as connection:
        row = connection.execute(text(
            "SELECT COALESCE(EXTRACT(EPOCH FROM replay_lag) * 1000, 0), "
            "pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) FROM pg_stat_replication")).first()
    with standby.connect() as connection:
        age = connection.scalar(text(
            "SELECT EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000"))
    if row is None:
        return float("nan"), -1, age
    return float(row[0]), int(row[1]), None if age is None else float(age)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--primary-port", type=int, default=55432)
    parser.add_argument("--standby-port", type=int, default=55433)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--keep", action="store_true", help="leave the clusters' folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-replica-"))
    os.chmod(folder, 0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    primary_data = standby_data = None
    try:
        began = time.perf_counter()
        primary_data = make_primary(folder, args.primary_port)
        from sqlalchemy import create_engine, text

        admin = create_engine(server(args.primary_port), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
        admin.dispose()
        from bench.load import make_world

        world = make_world(server(args.primary_port, DATABASE))
        standby_data = make_standby(folder, args.primary_port, args.standby_port)
        print(f"primary on 127.0.0.1:{args.primary_port}, streaming replica on "
              f"127.0.0.1:{args.standby_port} (pg_basebackup -R), in {folder}: "
              f"{time.perf_counter() - began:.1f} s", flush=True)
        run(args, world)
    finally:
        for data in (standby_data, primary_data):
            if data is not None:
                stop(data)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        print("both clusters stopped" + ("" if args.keep else " and removed"))


def run(args, world: dict) -> None:
    from sqlalchemy import create_engine, select

    from learning import create_app
    from learning.accounts.models import Role, User
    from learning.accounts.services import begin_session
    from learning.database import REPLICA
    from learning.extensions import db
    from learning.progress.services import record_quiz_attempt

    primary_url = server(args.primary_port, DATABASE)
    replica_url = server(args.standby_port, DATABASE)
    app = create_app({"SQLALCHEMY_DATABASE_URI": primary_url,
                      "DATABASE_REPLICA_URL": replica_url, "WTF_CSRF_ENABLED": False})
    writer_app = create_app({"SQLALCHEMY_DATABASE_URI": primary_url})
    primary, standby = create_engine(primary_url), create_engine(replica_url)
    with app.app_context():
        staff = db.session.scalars(select(User).where(User.role == Role.PROVINCE_STAFF)).one()
        begin_session(staff)  # a signed-in browser: sessions are kept on the server
        db.session.commit()
        session_id = staff.get_id()
        learners = list(db.session.scalars(select(User.id).where(
            User.role == Role.LEARNER, User.commune_code == "17611")))
        replica_engine = app.extensions[REPLICA]
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = session_id, True
    stop_at = time.monotonic() + args.seconds
    writes: list[float] = []

    def writer() -> None:
        import random

        rng = random.Random(7)
        with writer_app.app_context():
            catalogue = writer_app.extensions["catalogue"]
            while time.monotonic() < stop_at:
                course = rng.choice(catalogue.courses)
                lesson = rng.choice(course.lessons)
                answers = {i: q.correct_answer for i, q in enumerate(lesson.text("vi").questions)}
                began = time.perf_counter()
                learner = db.session.get(User, rng.choice(learners))
                record_quiz_attempt(learner, course, lesson, answers, str(uuid.uuid4()))
                db.session.commit()
                writes.append(time.perf_counter() - began)
                db.session.expunge_all()

    replica_statements: list[str] = []
    from sqlalchemy import event

    event.listen(replica_engine, "before_cursor_execute",
                 lambda _c, _cu, statement, *_a: replica_statements.append(statement))
    thread = threading.Thread(target=writer)
    thread.start()
    pages = {"province dashboard": "/statistics/provinces/40",
             "commune page": "/statistics/communes/17611",
             "coverage API": "/api/v1/provinces/40/coverage"}
    timings: dict[str, list[float]] = {name: [] for name in pages}
    lags: list[tuple[float, int, float | None]] = []
    next_lag = 0.0
    print(f"{'s':>5}{'writes':>8}{'replay lag ms':>15}{'WAL behind (bytes)':>20}"
          f"{'last replayed ago ms':>22}")
    while time.monotonic() < stop_at:
        for name, path in pages.items():
            began = time.perf_counter()
            response = client.get(path)
            timings[name].append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        if time.monotonic() >= next_lag:
            sample = lag(primary, standby)
            lags.append(sample)
            left = args.seconds - (stop_at - time.monotonic())
            age = "-" if sample[2] is None else f"{sample[2]:.1f}"
            print(f"{left:>5.1f}{len(writes):>8}{sample[0]:>15.2f}{sample[1]:>20}{age:>22}",
                  flush=True)
            next_lag = time.monotonic() + 2
    thread.join()
    time.sleep(0.5)
    final = lag(primary, standby)
    print(f"\n{len(writes)} quiz answers written on the primary in {args.seconds:g} s "
          f"({len(writes) / args.seconds:.0f}/s, p50 {statistics.median(writes) * 1000:.1f} ms,"
          f" p99 {sorted(writes)[int(0.99 * (len(writes) - 1))] * 1000:.1f} ms) while the pages "
          f"read the replica ({len(replica_statements)} statements ran there)")
    for name, values in timings.items():
        print(f"{name:<20} on the replica: {len(values)} requests, median "
              f"{statistics.median(values):.1f} ms, p95 "
              f"{sorted(values)[int(0.95 * (len(values) - 1))]:.1f} ms")
    replay = [sample[0] for sample in lags if sample[0] == sample[0]]
    behind = [sample[1] for sample in lags if sample[1] >= 0]
    if replay:
        print(f"replication lag while writing: replay lag median {statistics.median(replay):.2f}"
              f" ms, max {max(replay):.2f} ms; WAL not yet replayed median "
              f"{statistics.median(behind):.0f} bytes, max {max(behind)} bytes")
    print(f"after the writes stopped: replay lag {final[0]:.2f} ms, {final[1]} bytes behind")
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    replica_engine.dispose()
    with writer_app.app_context():
        db.session.remove()
        db.engine.dispose()
    primary.dispose()
    standby.dispose()


if __name__ == "__main__":
    main()
