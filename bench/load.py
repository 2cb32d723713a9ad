"""Load benchmark: the production server (gunicorn, N workers) on 127.0.0.1, on SQLite or
PostgreSQL, with demo data made here, under a bounded mixed load; prints req/s, p50/p99 per kind
of request, and errors.

    .venv/bin/python bench/load.py --database sqlite
    .venv/bin/python bench/load.py --database postgresql --pg-database bench_load

Phases (each stops by itself after --seconds or --max-requests per client):
1. anonymous lesson pages (--clients clients);
2. signed-in lesson pages (lessons already opened: nothing is written);
3. quiz answers (8 clients);
4. quiz answers while 6 people sign in at once (the cost of signing in to the quiz throughput;
   3 and 4 are alternated --rounds times, as the machine's speed drifts within minutes);
5. everything at once: citizens reading lessons (anonymous and signed in) and answering quizzes,
   tutors syncing batches, people signing in, staff opening dashboards.

Measured against the application server itself (no proxy in front), or with --proxy through
nginx running deploy/nginx.conf (TLS, compression) in front of it, as in production; the client
runs on the same machine and takes some of its CPU. Nothing is asserted: the figures are printed.
"""

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from loadkit import (  # noqa: E402
    HOST,
    PASSWORD,
    Client,
    Clock,
    DatabaseCpu,
    Stats,
    server_cpu_seconds,
    start_proxy,
    start_server,
    stop_server,
    through_proxy,
    timed,
)

PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")
LEARNERS, SIGNERS, TUTORED = 64, 12, 40
TUTORED_DAYS = 20  # the people tutors help signed up this many days ago (and a day)


# --- Demo data ------------------------------------------------------------------------------

def database_url(kind: str, folder: Path, pg_database: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'load.sqlite3'}"
    from sqlalchemy import create_engine, text

    server = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                 {"n": pg_database}):
            connection.execute(text(f'CREATE DATABASE "{pg_database}"'))
    server.dispose()
    return f"{PG_SERVER}/{pg_database}"


def make_world(url: str) -> dict:
    """Empty the database, then the demo communes, accounts and team, and more people: learners
    (on the team's roster, so that tutors may record for them), people who sign in. Everyone has
    the password PASSWORD, hashed as in production (scrypt)."""
    from sqlalchemy import bindparam, select, text

    from learning import create_app
    from learning.accounts.models import Role, User, utcnow
    from learning.accounts.services import hash_password, register_learner
    from learning.catalog.records import refresh_record_ids
    from learning.demo.sample import (
        DEMO_ACCOUNTS,
        load_demo_accounts,
        load_demo_geography,
        load_demo_team,
    )
    from learning.extensions import db
    from learning.progress.services import record_lesson_started

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
        db.create_all()
        refresh_record_ids()
        load_demo_geography()
        load_demo_accounts()
        load_demo_team()
        db.session.flush()
        by_role = {role: phone for phone, _name, role, _commune in DEMO_ACCOUNTS}
        team_learner = db.session.scalars(select(User).where(
            User.phone == f"+84{by_role[Role.LEARNER][1:]}")).one()
        secret = hash_password(PASSWORD)
        for phone, _name, _role, _commune in DEMO_ACCOUNTS:  # one password for all
            db.session.execute(text("UPDATE user_account SET password_hash = :h WHERE phone = :p"),
                               {"h": secret, "p": f"+84{phone[1:]}"})
        rng = random.Random(2025)
        people = {"learners": [], "signers": [], "tutored": []}
        readers = []
        for kind, count, first in (("learners", LEARNERS, 100), ("signers", SIGNERS, 300),
                                   ("tutored", TUTORED, 500)):
            for i in range(count):
                phone = f"0913{first + i:06d}"
                user = register_learner(
                    phone=phone, full_name=f"Người học {kind} {i}",
                    birth_year=rng.randint(1945, 2008), gender=rng.choice(["female", "male"]),
                    commune_code="17611", password_hash=secret)
                if kind != "signers":
                    readers.append(user)
                if kind == "tutored":
                    user.team_id = team_learner.team_id
                    db.session.flush()
                    people[kind].append(user.id)
                else:
                    people[kind].append(phone)
        catalogue = app.extensions["catalogue"]
        # Everyone who answers quizzes opened every lesson an hour ago, as a reader does before
        # its quiz: their passes are plausible (a pass with no lesson opened, or seconds after
        # opening it, is held for review: learning/review/rules.py).
        opened = utcnow() - timedelta(hours=1)
        # The people tutors help signed up weeks ago: what their tutors recorded on the days
        # since is within their time (an answer dated before the account is clamped, and held).
        db.session.execute(text("UPDATE user_account SET created_at = :at WHERE id IN :ids")
                           .bindparams(bindparam("ids", expanding=True)),
                           {"at": utcnow() - timedelta(days=TUTORED_DAYS + 1),
                            "ids": people["tutored"]})
        for user in readers:
            for course in catalogue.courses:
                for lesson in course.lessons:
                    record_lesson_started(user, course, lesson, opened)
        db.session.commit()
        lessons = [(course.id, lesson.id, [
            (q.kind, len(q.choices), q.correct_answer)
            for q in lesson.text("vi").questions]) for course in catalogue.courses
            for lesson in course.lessons]
        db.session.remove()
        db.engine.dispose()
    return {**people, "lessons": lessons, "tutors": [by_role[Role.TUTOR], by_role[Role.TEAM_LEAD]],
            "staff": by_role[Role.PROVINCE_STAFF], "officer": by_role[Role.COMMUNE_OFFICER]}


# --- The server -----------------------------------------------------------------------------

def quiz_answers(questions, rng: random.Random, right: bool = True) -> dict:
    form = {}
    for index, (kind, choices, correct) in enumerate(questions):
        chosen = list(correct) if right or rng.random() < 0.5 else \
            [rng.randrange(choices)] if kind != "order" else list(reversed(correct))
        if kind == "order":
            for step in range(choices):
                form[f"q{index}-{step}"] = str(chosen.index(step) + 1)
        else:
            form[f"q{index}"] = [str(c) for c in chosen]
    return form


def sync_answers(questions) -> dict:
    return {str(i): list(correct) for i, (_kind, _n, correct) in enumerate(questions)}


# --- What each kind of client does ----------------------------------------------------------

def anonymous_reader(port, world, rng, stats, clock, limit):
    client = Client(port)
    clock.start()
    for _ in range(limit):
        if clock.over():
            return
        course, lesson, _questions = rng.choice(world["lessons"])
        client.cookies.clear()  # a new visitor each time: no session cookie
        timed(stats, "lesson (anonymous)", lambda c=course, s=lesson: client.get(
            f"/courses/{c}/{s}"))


def signed_in(port, phone: str) -> Client:
    client = Client(port)
    status = client.sign_in(phone)
    if status != 302:
        raise RuntimeError(f"sign-in of {phone}: {status}")
    return client


def signed_in_reader(port, world, rng, stats, clock, limit, phone):
    client = signed_in(port, phone)
    lessons = rng.sample(world["lessons"], 6)
    for course, lesson, _questions in lessons:  # opened once: the start is recorded
        client.get(f"/courses/{course}/{lesson}")
    clock.start()
    for _ in range(limit):
        if clock.over():
            return
        course, lesson, _questions = rng.choice(lessons)
        timed(stats, "lesson (signed in)", lambda c=course, s=lesson: client.get(
            f"/courses/{c}/{s}"))


def quiz_taker(port, world, rng, stats, clock, limit, phone):
    client = signed_in(port, phone)
    token = client.csrf("/courses/vneid/what-is-vneid")
    clock.start()
    for _ in range(limit):
        if clock.over():
            return
        course, lesson, questions = rng.choice(world["lessons"])
        form = {"csrf_token": token, "attempt_id": str(uuid.uuid4()),
                **quiz_answers(questions, rng, right=rng.random() < 0.8)}
        timed(stats, "quiz answer", lambda c=course, s=lesson, f=form: client.post_form(
            f"/courses/{c}/{s}/quiz", f), expect=(302,))


def signer(port, world, rng, stats, clock, limit, phone):
    clock.start()
    for _ in range(limit):
        if clock.over():
            return
        client = Client(port)
        try:
            token = client.csrf("/signin")
        except Exception as error:
            stats.record("sign-in", 0, False, repr(error))
            continue
        timed(stats, "sign-in", lambda t=token, c=client: c.post_form(
            "/signin", {"csrf_token": t, "phone": phone, "password": PASSWORD}), expect=(302,))


def tutor(port, world, rng, stats, clock, limit, phone):
    """A tutor's phone sends what was recorded offline, as a tutor works: one person and one
    lesson at a time, the lesson opened ~5 minutes before its quiz, the next one 6 minutes later,
    on the days since the people signed up (so no rule holds these answers for review: a burst
    of answers at one minute, or answers dated before the account, would be held)."""
    client = signed_in(port, phone)
    status, text, _ = client.get("/api/v1/progress/sync")
    token = json.loads(text)["csrf_token"]
    moment = datetime.now(UTC) - timedelta(days=TUTORED_DAYS) + timedelta(minutes=rng.randint(0, 5))
    clock.start()
    for _ in range(limit):
        if clock.over():
            return
        events = []
        for _ in range(rng.randint(5, 20)):
            course, lesson, questions = rng.choice(world["lessons"])
            learner = rng.choice(world["tutored"])
            common = {"course": course, "lesson": lesson, "learner": learner, "method": "tutor"}
            events.append({"id": str(uuid.uuid4()), "type": "lesson_started", **common,
                           "submitted_at": (moment - timedelta(minutes=5)).isoformat()})
            events.append({"id": str(uuid.uuid4()), "type": "quiz_attempt", **common,
                           "answers": sync_answers(questions), "submitted_at": moment.isoformat()})
            moment += timedelta(minutes=6)
        body = json.dumps({"events": events}).encode()
        result = timed(stats, "sync batch", lambda b=body: client.request(
            "POST", "/api/v1/progress/sync", b,
            {"Content-Type": "application/json", "X-CSRFToken": token}))
        if result and result[0] == 200 and json.loads(result[1])["refused"]:
            stats.record("sync batch", 0, False, "refused events: " + result[1][:150])


def staff(port, world, rng, stats, clock, limit, phone):
    client = signed_in(port, phone)
    pages = ["/statistics/provinces/40", "/statistics/communes/17611"]
    clock.start()
    for _ in range(limit):
        if clock.over():
            return
        path = rng.choice(pages)
        timed(stats, "dashboard (staff)", lambda p=path: client.get(p))


DATABASE_CPU = DatabaseCpu(None)
PROXY: list = []  # nginx's process, with --proxy


def proxy_cpu_seconds() -> float:
    """CPU time of nginx (its master and workers), 0 without a proxy."""
    return server_cpu_seconds(PROXY[0].pid) if PROXY else 0.0


def run_phase(name: str, port: int, world: dict, plan: list, seconds: float,
              limit: int, server_pid: int) -> Stats:
    """plan: (function, count, extra argument per client or None)."""
    stats = Stats()
    before: dict = {}

    def measure() -> None:
        before.update(cpu=server_cpu_seconds(server_pid), database=DATABASE_CPU.seconds(),
                      client=time.process_time(), proxy=proxy_cpu_seconds())

    clock = Clock(sum(count for _f, count, _p in plan), seconds, measure)
    threads = []
    for function, count, people in plan:
        for i in range(count):
            rng = random.Random(f"{name}{function.__name__}{i}")
            extra = () if people is None else (people[i % len(people)],)

            def body(f=function, r=rng, e=extra):
                try:
                    f(port, world, r, stats, clock, limit, *e)
                except Exception as error:
                    stats.record(f.__name__, 0, False, repr(error))
                    clock.start()  # not ready: the others start all the same

            threads.append(threading.Thread(target=body, daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 900)
    elapsed = time.monotonic() - clock.began
    cpu = server_cpu_seconds(server_pid) - before["cpu"]
    client_cpu = time.process_time() - before["client"]
    proxy_cpu = proxy_cpu_seconds() - before["proxy"]
    database_after = DATABASE_CPU.seconds()
    database = sum(after - before["database"].get(pid, 0)
                   for pid, after in database_after.items())
    requests = sum(len(times) for times in stats.times.values())
    load = os.getloadavg()[0]
    print(f"\n-- {name} ({elapsed:.1f} s; client CPU {client_cpu:.1f} s; "
          f"app server CPU {cpu:.1f} s = "
          f"{1000 * cpu / max(requests, 1):.2f} ms a request"
          + (f"; PostgreSQL CPU {1000 * database / max(requests, 1):.2f} ms a request"
             if database_after else "")
          + (f"; nginx CPU {1000 * proxy_cpu / max(requests, 1):.2f} ms a request"
             if PROXY else "") + f"; load average {load:.1f})")
    print(f"{'kind':<22}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for kind in sorted(set(stats.times) | set(stats.errors)):
        times = sorted(stats.times[kind])
        p50 = statistics.median(times) * 1000 if times else 0
        p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))] * 1000 if times else 0
        print(f"{kind:<22}{len(times):>9}{len(times) / elapsed:>9.1f}{p50:>9.1f}{p99:>9.1f}"
              f"{len(stats.errors[kind]):>8}")
    for kind, errors in stats.errors.items():
        for error in errors[:3]:
            print(f"   error ({kind}): {error}")
    stats.elapsed = elapsed  # type: ignore[attr-defined]
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--pg-database", default=os.environ.get("BENCH_PG_DATABASE",
                                                                "bench_load"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8,
                        help="per worker (gthread; gunicorn.conf.py's default)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10, help="per phase")
    parser.add_argument("--max-requests", type=int, default=20_000, help="per client and phase")
    parser.add_argument("--phases", default="1,2,3,4,5")
    parser.add_argument("--proxy", action="store_true",
                        help="through nginx (deploy/nginx.conf, TLS) in front of the app server")
    parser.add_argument("--rounds", type=int, default=3,
                        help="phases 3 and 4 alternated this many times (the cost of signing "
                             "in is measured on their means: the machine's speed drifts)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    url = database_url(args.database, folder, args.pg_database)
    began = time.perf_counter()
    world = make_world(url)
    print(f"{args.database}: {url}; demo data in {time.perf_counter() - began:.1f} s")
    process, name, log = start_server(url, args.port, args.workers, args.threads, folder,
                                      proxies=int(args.proxy))
    global DATABASE_CPU
    DATABASE_CPU = DatabaseCpu(url)
    port = args.port
    if args.proxy:
        try:
            proxy, host, port = start_proxy(folder, args.port)
        except BaseException:
            stop_server(process, log)
            raise
        PROXY.append(proxy)
        through_proxy(host)
        name += f", behind nginx on https://{host}:{port}"
    print(f"server: {name} on http://{HOST}:{args.port}; {os.cpu_count()} CPUs; "
          f"{args.clients} clients a phase, {args.seconds:g} s a phase")
    phases = set(args.phases.split(","))
    n, s, m = args.clients, args.seconds, args.max_requests
    learners, signers = world["learners"], world["signers"]
    results = {}
    deadlocks = errors = 0
    rounds: dict[str, list[float]] = {"3": [], "4": []}
    try:
        plans = {
            "1": ("anonymous lesson pages", [(anonymous_reader, n, None)]),
            "2": ("signed-in lesson pages", [(signed_in_reader, n, learners)]),
            "3": ("quiz answers", [(quiz_taker, 8, learners)]),
            "4": ("quiz answers while 6 people sign in",
                  [(quiz_taker, 8, learners[8:]), (signer, 6, signers)]),
            "5": ("everything at once", [
                (anonymous_reader, 2, None), (signed_in_reader, 2, learners[16:]),
                (quiz_taker, 4, learners[24:]), (tutor, 2, world["tutors"]),
                (signer, 2, signers[6:]), (staff, 1, [world["staff"]])]),
        }
        order = [key for key in plans if key in phases]
        if "3" in order and "4" in order:  # alternated: the machine's speed drifts
            at = order.index("3")
            order[at:at + 2] = ["3", "4"] * args.rounds
        for key in order:
            title, plan = plans[key]
            label = f"{key}. {title}" + (f" (round {len(rounds[key]) + 1})"
                                         if key in rounds and order.count(key) > 1 else "")
            stats = run_phase(label, port, world, plan, s, m, process.pid)
            if key in rounds:
                rounds[key].append(len(stats.times["quiz answer"]) / stats.elapsed)
            results[key] = stats
            deadlocks += stats.deadlocks
            errors += sum(len(e) for e in stats.errors.values())
    finally:
        if PROXY:
            os.killpg(PROXY[0].pid, signal.SIGTERM)
            PROXY[0].wait(20)
        stop_server(process, log)
    with open(folder / "server.log") as handle:
        lines = handle.readlines()
    server_errors = [line for line in lines if "Traceback" in line or "ERROR" in line]
    deadlocks += sum("deadlock" in line.lower() for line in lines)
    if rounds["3"] and rounds["4"]:
        alone, with_sign_ins = statistics.mean(rounds["3"]), statistics.mean(rounds["4"])
        pairs = [100 * (1 - b / a) for a, b in zip(rounds["3"], rounds["4"], strict=True)]
        print(f"\nquiz answers/s alone {alone:.1f}, with 6 sign-ins {with_sign_ins:.1f} "
              f"(mean of {len(pairs)} alternated rounds): "
              f"cost {100 * (1 - with_sign_ins / alone):.0f} %"
              f"; round by round {', '.join(f'{c:.0f}' for c in pairs)} %")
    from sqlalchemy import create_engine
    from sqlalchemy import text as sql

    engine = create_engine(url)
    with engine.connect() as connection:
        held = connection.scalar(sql("SELECT count(*) FROM completion_hold"))
    engine.dispose()
    print(f"completions held for review (learning/review/rules.py): {held}")
    print(f"errors: {errors}, deadlocks: {deadlocks}, server log errors: {len(server_errors)}"
          + (f" (see {folder / 'server.log'})" if server_errors else ""))
    if not server_errors:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
