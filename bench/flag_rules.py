"""Generate a small province with honest activity and INJECTED fake completions of each kind,
through the real services (sign-ups, lesson opened, quiz answered, offline clocks), then print,
per review rule: the fake completions injected, those caught, and the honest completions it held
(false positives).

    .venv/bin/python bench/flag_rules.py                    # SQLite, bench/out/flag-rules.sqlite3
    .venv/bin/python bench/flag_rules.py --database postgresql --learners 3000

Honest activity: self-service sign-ups (most from their own address, some on a commune's shared
Wi-Fi at a sign-up day — two big days of 80 people in two hours —, a few behind a carrier's
shared address), people signed up in person by
tutors a few minutes apart, lessons read for a time spread around their estimated minutes
(log-normal), some quizzes failed then retaken, tutoring sessions of a few people, answers synced
from phones with right clocks. Injected: scripts passing every lesson seconds after opening it (or
without opening it), tutors recording many completions in a minute, bursts of sign-ups from one
address and by one tutor (whose accounts then study at an ordinary pace, so that only the burst
rule can catch them), answers whose device clock is months wrong, before the account or in the
future. The thresholds are the defaults (learning/review/rules.py, docs/statistics.md).
"""

import argparse
import math
import random
import sys
import time
import uuid
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from bench import synthetic  # noqa: E402
from bench.generate_province import database_url, fresh_schema  # noqa: E402
from learning import create_app  # noqa: E402
from learning.accounts import throttle  # noqa: E402
from learning.accounts.models import Role, User, utcnow  # noqa: E402
from learning.catalog.records import current_catalogue, record_ids  # noqa: E402
from learning.counting.definitions import today  # noqa: E402
from learning.extensions import db  # noqa: E402
from learning.geography.models import Commune  # noqa: E402
from learning.progress.models import CompletionHold  # noqa: E402
from learning.progress.services import Earned, record_lesson_started, record_quiz_attempt  # noqa
from learning.reporting.areas import province_area  # noqa: E402
from learning.reporting.figures import dashboard  # noqa: E402
from learning.reporting.queries import CounterSource  # noqa: E402
from learning.reporting.rebuild import verify  # noqa: E402
from learning.review.rules import RULES, Thresholds  # noqa: E402
from learning.teams.models import DigitalTeam  # noqa: E402

HONEST = "honest"
KINDS = {  # injected kind -> the rule meant to catch it
    "script": "instant", "tutor_burst": "tutor_burst", "address_burst": "signup_address",
    "tutor_signup_burst": "signup_tutor", "clock": "clamped",
}


class Province:
    def __init__(self, rng: random.Random, communes: list[Commune]) -> None:
        self.rng = rng
        self.communes = communes
        self.catalogue = current_catalogue()
        self.courses = list(self.catalogue.courses)
        self.lesson_ids = record_ids().lessons
        self.label: dict[tuple[int, int], str] = {}  # (learner, lesson) -> kind
        self.now = utcnow()
        self.teams: dict[str, tuple[int, list[User]]] = {}

    # --- people -----------------------------------------------------------------------------

    def person(self, commune: Commune, created: datetime, address: str | None = None,
               registered_by: User | None = None, team: int | None = None) -> User:
        user = User(phone=None, password_hash="bench", full_name="Người học",
                    birth_year=self.rng.randrange(1945, 2008),
                    gender=self.rng.choice(("female", "male")), commune_code=commune.code,
                    role=Role.LEARNER, created_at=created,
                    signup_address=throttle.keyed(address) if address else None,
                    registered_by_id=registered_by.id if registered_by else None, team_id=team)
        db.session.add(user)
        db.session.flush()
        return user

    def team_of(self, commune: Commune) -> tuple[int, list[User]]:
        if commune.code not in self.teams:
            team = DigitalTeam(commune_code=commune.code, area_kind="thon", area_name="Thôn 1")
            db.session.add(team)
            db.session.flush()
            tutors = [User(phone=None, password_hash="bench", full_name=f"Tutor {i}",
                           commune_code=commune.code, role=Role.TUTOR,
                           created_at=self.now - timedelta(days=90)) for i in range(3)]
            db.session.add_all(tutors)
            db.session.flush()
            self.teams[commune.code] = (team.id, tutors)
        return self.teams[commune.code]

    # --- studying ---------------------------------------------------------------------------

    def answer(self, learner: User, course, lesson, at: datetime, kind: str,
               read: timedelta | None, tutor: User | None = None, passed: bool = True,
               device: datetime | None = None) -> None:
        if read is not None:
            record_lesson_started(learner, course, lesson, at - read)
        questions = lesson.text("vi").questions
        answers = {i: q.correct_answer for i, q in enumerate(questions)}
        if not passed:
            answers = {i: tuple(reversed(q.correct_answer)) if q.kind == "order" else
                       ((q.correct_answer[0] + 1) % len(q.choices),)
                       for i, q in enumerate(questions)}
        earned = Earned("tutor", tutor_id=tutor.id, recorded_by_id=tutor.id) if tutor \
            else Earned(recorded_by_id=learner.id)
        outcome = record_quiz_attempt(learner, course, lesson, answers, str(uuid.uuid4()),
                                      device or at, earned)
        if outcome.lesson_newly_completed:
            self.label[(learner.id, self.lesson_ids[(course.id, lesson.id)])] = kind

    def reading(self, lesson) -> timedelta:
        """An honest reader: around the lesson's estimated minutes (log-normal, sigma 0.45)."""
        return timedelta(seconds=lesson.minutes * 60 * math.exp(self.rng.gauss(0, 0.45)))

    def study(self, learner: User, start: datetime, kind: str = HONEST,
              tutor: User | None = None, courses: int | None = None) -> datetime:
        """Lessons of one or two courses, one after the other, at an ordinary pace."""
        at = start
        for course in self.rng.sample(self.courses[:8], courses or self.rng.choice((1, 1, 2))):
            for lesson in course.lessons:
                read = self.reading(lesson)
                at += read + timedelta(seconds=self.rng.randrange(20, 600))
                if at >= self.now - timedelta(minutes=1):
                    return at
                if self.rng.random() < 0.15:  # failed once, read again, passed
                    self.answer(learner, course, lesson, at, kind, read, tutor, passed=False)
                    at += timedelta(minutes=self.rng.randrange(2, 10))
                self.answer(learner, course, lesson, at, kind, read, tutor)
            at += timedelta(hours=self.rng.randrange(2, 72))
        return at

    # --- honest activity --------------------------------------------------------------------

    def honest(self, learners: int) -> None:
        rng = self.rng
        signup_days = {c.code: self.now - timedelta(days=rng.randrange(20, 55)) for c in
                       self.communes}
        in_person: Counter = Counter()
        for n in range(learners):
            commune = rng.choice(self.communes)
            roll = rng.random()
            if roll < 0.15:  # a sign-up day on the commune's Wi-Fi, over three hours
                created = signup_days[commune.code] + timedelta(minutes=rng.uniform(0, 180))
                person = self.person(commune, created, f"wifi-{commune.code}")
            elif roll < 0.20:  # behind a carrier's shared address, any time
                created = self.now - timedelta(days=rng.uniform(1, 58))
                person = self.person(commune, created, f"cgnat-{rng.randrange(3)}")
            elif roll < 0.40:  # signed up in person by a tutor, six at a session
                team, tutors = self.team_of(commune)
                k = in_person[commune.code]
                in_person[commune.code] += 1
                session, seat = divmod(k, 6)
                tutor = tutors[session % len(tutors)]
                created = signup_days[commune.code] + timedelta(
                    days=session + 1, hours=9, minutes=seat * rng.uniform(4, 8))
                person = self.person(commune, created, registered_by=tutor, team=team)
                self.study(person, created + timedelta(minutes=5), tutor=tutor
                           if rng.random() < 0.5 else None, courses=1)
                continue
            else:
                created = self.now - timedelta(days=rng.uniform(1, 58))
                person = self.person(commune, created, f"own-{n}")
            if rng.random() < 0.85:
                self.study(person, created + timedelta(minutes=rng.randrange(1, 3000)))
            if n % 500 == 499:
                db.session.commit()
        # Two big sign-up days: 80 people each on a commune's Wi-Fi within two hours.
        for commune in self.communes[-2:]:
            start = self.now - timedelta(days=rng.randrange(10, 40))
            for _k in range(80):
                person = self.person(commune, start + timedelta(minutes=rng.uniform(0, 120)),
                                     f"big-day-{commune.code}")
                if rng.random() < 0.7:
                    self.study(person, person.created_at + timedelta(minutes=30))
        # Tutoring sessions: a tutor with five people, each at their own pace.
        for commune in self.communes:
            team, tutors = self.team_of(commune)
            for session in range(3):
                start = self.now - timedelta(days=rng.randrange(3, 50), hours=2)
                for _ in range(5):
                    person = self.person(commune, start - timedelta(days=1), registered_by=None,
                                         team=team)
                    self.study(person, start, tutor=tutors[session], courses=1)
        db.session.commit()

    # --- injected fakes ---------------------------------------------------------------------

    def inject(self) -> None:
        rng, now = self.rng, self.now
        communes = self.communes
        # Scripts: an account that passes every lesson of two courses a few seconds after
        # opening it (a third of them without opening it at all).
        for i in range(30):
            commune = rng.choice(communes)
            created = now - timedelta(days=rng.uniform(1, 30))
            person = self.person(commune, created, f"script-{i}")
            at = created + timedelta(minutes=1)
            for course in self.courses[:2]:
                for lesson in course.lessons:
                    at += timedelta(seconds=rng.randrange(3, 12))
                    read = None if i % 3 == 0 else timedelta(seconds=rng.randrange(1, 8))
                    self.answer(person, course, lesson, at, "script", read)
        # A tutor's burst: 15 completions recorded within 45 seconds (lessons "read" earlier).
        for commune in communes[:4]:
            team, tutors = self.team_of(commune)
            start = now - timedelta(days=rng.randrange(2, 20), hours=3)
            course = self.courses[0]
            for k in range(15):
                person = self.person(commune, start - timedelta(days=3), team=team)
                lesson = course.lessons[k % len(course.lessons)]
                self.answer(person, course, lesson, start + timedelta(seconds=3 * k),
                            "tutor_burst", timedelta(minutes=10), tutor=tutors[2])
        # Sign-up bursts from one address: 40 accounts in 8 minutes, then ordinary study.
        for j, commune in enumerate(communes[:3]):
            start = now - timedelta(days=rng.randrange(5, 30))
            for k in range(40):
                person = self.person(commune, start + timedelta(seconds=12 * k),
                                     f"farm-{j}")
                self.study(person, person.created_at + timedelta(hours=1),
                           "address_burst", courses=1)
        # Sign-up bursts by one tutor: 15 people in 5 minutes, then ordinary study.
        for commune in communes[4:7]:
            team, tutors = self.team_of(commune)
            start = now - timedelta(days=rng.randrange(5, 30))
            for k in range(15):
                person = self.person(commune, start + timedelta(seconds=20 * k),
                                     registered_by=tutors[1], team=team)
                self.study(person, person.created_at + timedelta(hours=1),
                           "tutor_signup_burst", courses=1)
        # Clocks months wrong, before the account, in the future (read at an ordinary pace).
        for i in range(30):
            commune = rng.choice(communes)
            created = now - timedelta(days=rng.uniform(10, 50))
            person = self.person(commune, created, f"clock-{i}")
            course = self.courses[i % 4]
            at = created + timedelta(hours=1)
            for lesson in course.lessons:
                at += self.reading(lesson) + timedelta(minutes=2)
                device = (now - timedelta(days=120), created - timedelta(days=3),
                          now + timedelta(days=2))[i % 3]
                self.answer(person, course, lesson, min(at, now - timedelta(minutes=1)),
                            "clock", self.reading(lesson), device=device)
        db.session.commit()


def report(province: Province) -> None:
    holds = {(h.learner_id, h.lesson_id): h.rule_names
             for h in db.session.scalars(select(CompletionHold))}
    label = province.label
    injected = Counter(kind for kind in label.values() if kind != HONEST)
    honest_total = sum(1 for kind in label.values() if kind == HONEST)
    caught: dict[str, Counter] = defaultdict(Counter)  # rule -> kind -> completions held
    for key, rules in holds.items():
        for rule in rules:
            caught[rule][label.get(key, "?")] += 1
    t = Thresholds.from_settings()
    print(f"\nThresholds: instant < max({t.min_seconds} s, {t.min_share} x lesson minutes); "
          f"tutor burst >= {t.tutor_burst} in +-{int(t.tutor_window.total_seconds())} s; "
          f"sign-ups >= {t.address_burst} per address / >= {t.tutor_signup_burst} per tutor "
          f"in +-{int(t.signup_window.total_seconds() // 60)} min")
    print(f"Completions: {len(label):,} ({honest_total:,} honest, {sum(injected.values()):,} "
          f"injected); held: {len(holds):,}\n")
    header = f"{'rule':<16}{'injected kind':<20}{'injected':>9}{'caught':>8}{'rate':>8}" \
             f"{'false pos.':>11}{'of honest':>11}{'other fakes':>12}"
    print(header)
    print("-" * len(header))
    for kind, rule in KINDS.items():
        n = injected[kind]
        got = caught[rule][kind]
        false = caught[rule][HONEST]
        others = sum(v for k, v in caught[rule].items() if k not in (kind, HONEST))
        print(f"{rule:<16}{kind:<20}{n:>9,}{got:>8,}{(got / n if n else 0):>8.1%}"
              f"{false:>11,}{(false / honest_total if honest_total else 0):>11.3%}"
              f"{others:>12,}")
    any_rule = {kind: sum(1 for key, k in label.items() if k == kind and key in holds)
                for kind in KINDS}
    honest_held = sum(1 for key, k in label.items() if k == HONEST and key in holds)
    print("-" * len(header))
    print(f"{'any rule':<16}{'all fakes':<20}{sum(injected.values()):>9,}"
          f"{sum(any_rule.values()):>8,}"
          f"{sum(any_rule.values()) / max(sum(injected.values()), 1):>8.1%}"
          f"{honest_held:>11,}{honest_held / max(honest_total, 1):>11.3%}")
    for rule in RULES:
        if rule not in KINDS.values():
            print(f"(rule {rule} has no injected kind)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--learners", type=int, default=2500, help="honest learners")
    parser.add_argument("--communes", type=int, default=20)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--pg-database", default="bench_flags")
    parser.add_argument("--geo-file", default=str(synthetic.GEO_FILE),
                        help="the national commune list (Nghệ An's communes); default: "
                             "../shared/data/geo/nghe_an_communes_2025.csv")
    args = parser.parse_args()
    synthetic.GEO_FILE = Path(args.geo_file)
    url = database_url(args.database, 0, False, args.pg_database)
    if args.database == "sqlite":
        url = url.replace("province-0.sqlite3", "flag-rules.sqlite3")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "FLAG_RULES": ",".join(RULES)})
    rng = random.Random(args.seed)
    with app.app_context():
        began = time.perf_counter()
        fresh_schema(url)
        synthetic.load_communes()
        db.session.commit()
        communes = list(db.session.scalars(select(Commune).order_by(Commune.code)
                                           .limit(args.communes)))
        province = Province(rng, communes)
        province.honest(args.learners)
        honest_seconds = time.perf_counter() - began
        province.inject()
        people = db.session.scalar(select(db.func.count()).select_from(User))
        print(f"{args.database}: {len(communes)} communes, {people:,} accounts "
              f"({args.learners:,} honest learners + tutoring sessions + injected), "
              f"generated in {time.perf_counter() - began:.0f} s "
              f"(honest part {honest_seconds:.0f} s)")
        report(province)
        admin = User(phone=None, password_hash="x", full_name="Bench", role=Role.ADMIN)
        db.session.add(admin)
        db.session.commit()
        board = dashboard(CounterSource(), province_area(admin, "40"), today(), ())
        check = verify()
        print(f"\nDashboard (province): {board.total['lessons']:,} lessons completed "
              f"(confirmed), {board.under_review_total:,} under review; "
              f"flask stats verify: {len(check.differences)} differences")


if __name__ == "__main__":
    main()
