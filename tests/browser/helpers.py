"""What a person does in the browser, step by step, shared by the browser tests."""

import json

from sqlalchemy import func, select

from learning.accounts.models import User
from learning.accounts.services import register_learner
from learning.extensions import db
from learning.progress.models import CourseProgress, LessonProgress, QuizAttempt
from tests.browser.conftest import AXE

PASSWORD = "hocvuso2025"


def make_account(site, phone: str, name: str = "Lò Thị Mai", **extra) -> int:
    with site.app.app_context():
        user = register_learner(phone=phone, full_name=name, birth_year=1958, gender="female",
                                commune_code="17611", password=PASSWORD, **extra)
        db.session.commit()
        return user.id


def held_completion(site, learner_id: int, catalogue) -> None:
    """A lesson the learner passed, held for review as the ``instant`` rule would hold it."""
    import uuid

    from learning.accounts.models import User
    from learning.catalog.records import record_ids
    from learning.progress.services import hold_completions, record_quiz_attempt

    course = catalogue.course("vneid")
    lesson = course.lessons[0]
    with site.app.app_context():
        learner = db.session.get(User, learner_id)
        answers = {i: q.correct_answer for i, q in enumerate(lesson.text("vi").questions)}
        record_quiz_attempt(learner, course, lesson, answers, str(uuid.uuid4()))
        hold_completions([(learner_id, record_ids().lessons[(course.id, lesson.id)],
                           {"instant": {"seconds": 4, "minimum": 60}})])
        db.session.commit()


def sign_in(page, site, phone: str, password: str = PASSWORD, remember: bool = False) -> None:
    """``remember``: tick "Keep me signed in" (off by default: phones are shared)."""
    page.goto(site("/signin"))
    page.fill("#phone", phone)
    page.fill("#password", password)
    if remember:
        page.check("#remember")
    page.click("form button.btn, form input[type=submit]")
    page.wait_for_url(lambda url: "/signin" not in url)  # staff land on their work (issue 11)


def answer_quiz(page, lesson, right: bool = True) -> None:
    """Fill in the quiz of ``lesson`` on the page, with the right answers or wrong ones."""
    for i, question in enumerate(lesson.text("vi").questions):
        count = len(question.choices)
        if question.kind == "order":
            order = list(range(count)) if right else list(reversed(range(count)))
            for position, step in enumerate(order, start=1):
                page.select_option(f"select[name=q{i}-{step}]", str(position))
            continue
        chosen = question.correct_answer if right else [
            next(c for c in range(count) if (c,) != question.correct_answer)]
        for choice in chosen:
            page.check(f"input[name=q{i}][value='{choice}']")


def submit_quiz(page) -> None:
    page.click("#quiz button.btn")


def bar_width(page) -> str:
    """The progress bar's filled part, in percent."""
    return page.get_attribute(".bar rect", "width") or ""


def counts(site, learner_id: int) -> dict[str, int]:
    """What the database holds for a learner: attempts, completed lessons, course progress."""
    with site.app.app_context():
        def count(statement) -> int:
            return db.session.scalar(statement) or 0

        return {
            "attempts": count(select(func.count()).select_from(QuizAttempt)
                              .where(QuizAttempt.learner_id == learner_id)),
            "completed": count(select(func.count()).select_from(LessonProgress).where(
                LessonProgress.learner_id == learner_id, LessonProgress.completed_at.is_not(None))),
            "course_lessons": count(select(func.sum(CourseProgress.lessons_completed))
                                    .where(CourseProgress.learner_id == learner_id)),
        }


def user_id(site, phone: str) -> int:
    from learning.accounts.phone import normalize_phone

    with site.app.app_context():
        return db.session.scalars(select(User.id).where(User.phone == normalize_phone(phone))).one()


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, as readable lines."""
    # Evaluated by the browser's debugging protocol: the site's Content-Security-Policy (no
    # inline script) stays on for the page, as a phone has it.
    page.evaluate(f"{AXE.read_text(encoding='utf-8')};undefined")
    report = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['impact']}: {v['id']}: {v['help']} "
            f"({json.dumps([node['target'] for node in v['nodes']])})"
            for v in report["violations"] if v["impact"] in ("serious", "critical")]


def save_course(page, site, course_id: str) -> None:
    """Press "Save for offline use" on the course page and wait until the phone keeps it."""
    page.goto(site(f"/courses/{course_id}"))
    page.get_by_role("button", name="Lưu để học khi không có mạng").click()
    page.wait_for_function(f"caches.match('/offline/saved/{course_id}.json').then(Boolean)")
    page.get_by_role("button", name="Xoá khỏi điện thoại này").wait_for()


def outbox(page) -> list[dict]:
    """The outbox kept in the phone's IndexedDB, oldest first."""
    return page.evaluate("""() => new Promise((ok, ko) => {
        const r = indexedDB.open('learning', 1);
        r.onsuccess = () => {
            const get = r.result.transaction('outbox').objectStore('outbox').getAll();
            get.onsuccess = () => ok(get.result.sort((a, b) => a.at < b.at ? -1 : 1));
            get.onerror = ko;
        };
        r.onerror = ko;
    })""")


def commune_figures(site, commune: str = "17611") -> dict[str, int]:
    """The commune's all-time statistics, read from the counters kept on write (issue 4)."""
    from learning.counting.definitions import ALL, ALL_TIME
    from learning.reporting.queries import CounterSource, Window
    from learning.reporting.rebuild import verify

    with site.app.app_context():
        cells = [cell for cell in CounterSource().cells([commune], [Window(ALL_TIME)])
                 if cell.dimension == ALL]
        differences = verify().differences
        db.session.rollback()
    assert differences == [], "the counters agree with the raw records"
    return {"lessons": sum(cell.lessons for cell in cells),
            "courses": sum(cell.courses for cell in cells)}
