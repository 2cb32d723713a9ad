"""The write path at its limit: a quiz answer with its counters is one short transaction of at
most 8 SQL statements, nothing read back; a lesson opened again writes nothing. On SQLite who is
answering is read first, in a read transaction of its own, so that the write lock is held only
while the answer is written."""

import uuid
from contextlib import contextmanager

from flask import g
from sqlalchemy import event, func, select

from learning.accounts.models import User
from learning.extensions import db
from learning.progress.models import CourseProgress, LessonProgress, QuizAttempt
from tests.factories import make_user, sign_in
from tests.reporting.helpers import right_answers, wrong_answers

MAX_STATEMENTS = 8
WRITES = ("INSERT", "UPDATE", "DELETE")


@contextmanager
def counting():
    """Every SQL statement sent (BEGIN included on SQLite, where it is sent as a statement), and
    every transaction begun (the number of statements sent before it began)."""
    statements: list[str] = []
    transactions: list[int] = []

    def statement(_conn, _cursor, sql, *_args) -> None:
        statements.append(sql)

    def begin(_conn) -> None:
        transactions.append(len(statements))

    db.session.commit()
    db.session.remove()  # each request starts from nothing, as in production
    g.pop("_login_user", None)
    event.listen(db.engine, "before_cursor_execute", statement)
    event.listen(db.engine, "begin", begin)
    try:
        yield statements, transactions
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
        event.remove(db.engine, "begin", begin)


def quiz_form(lesson, answers, attempt_id: str) -> dict:
    """The lesson's quiz form as a phone sends it."""
    form: dict = {"attempt_id": attempt_id}
    for index, question in enumerate(lesson.text("vi").questions):
        chosen = answers[index]
        if question.kind == "order":
            for step in range(len(question.choices)):
                form[f"q{index}-{step}"] = str(chosen.index(step) + 1)
        else:
            form[f"q{index}"] = [str(c) for c in chosen]
    return form


def submit(client, course, lesson, answers, attempt_id: str):
    return client.post(f"/courses/{course.id}/{lesson.id}/quiz",
                       data=quiz_form(lesson, answers, attempt_id))


def summary(statements: list[str]) -> list[str]:
    return [" ".join(s.split())[:90] for s in statements]


def written(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith(WRITES)]


def writing(statements: list[str], transactions: list[int]) -> int:
    """How many transactions wrote something; and any before them only read (SQLite)."""
    ends = [*transactions[1:], len(statements)]
    wrote = [bool(written(statements[start:end]))
             for start, end in zip(transactions, ends, strict=True)]
    assert len(wrote) <= (2 if db.engine.dialect.name == "sqlite" else 1), summary(statements)
    return sum(wrote)


def test_a_quiz_answer_is_one_transaction_of_at_most_8_statements(client, catalogue):
    learner = make_user()
    sign_in(client, learner)
    course = catalogue.course("vneid")
    lesson = course.lessons[0]
    first_id = str(uuid.uuid4())
    with counting() as (statements, transactions):
        response = submit(client, course, lesson, right_answers(lesson), first_id)
    assert response.status_code == 302 and first_id in response.headers["Location"]
    assert len(statements) <= MAX_STATEMENTS, summary(statements)
    assert writing(statements, transactions) == 1, summary(statements)
    assert not [s for s in statements[statements.index(written(statements)[0]):]
                if s.lstrip().upper().startswith("SELECT")], "nothing is read back"

    # The same form sent twice (a double tap): recorded once, in fewer statements still.
    with counting() as (statements, transactions):
        response = submit(client, course, lesson, right_answers(lesson), first_id)
    assert response.status_code == 302 and first_id in response.headers["Location"]
    assert len(statements) <= MAX_STATEMENTS, summary(statements)
    assert writing(statements, transactions) == 1, summary(statements)

    # Answering the same lesson again (wrong this time): completion stays.
    with counting() as (statements, transactions):
        response = submit(client, course, lesson, wrong_answers(lesson), str(uuid.uuid4()))
    assert response.status_code == 302
    assert len(statements) <= MAX_STATEMENTS, summary(statements)
    assert writing(statements, transactions) == 1, summary(statements)

    # A whole course, lesson after lesson: every answer within the limit, the last one
    # completing the course.
    for other in course.lessons[1:]:
        with counting() as (statements, transactions):
            response = submit(client, course, other, right_answers(other), str(uuid.uuid4()))
        assert response.status_code == 302
        assert len(statements) <= MAX_STATEMENTS, (other.id, summary(statements))
        assert writing(statements, transactions) == 1, summary(statements)

    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == \
        len(course.lessons) + 1
    progress = db.session.scalars(select(LessonProgress).where(
        LessonProgress.lesson_id == LessonProgress.lesson_id).order_by(LessonProgress.id)).first()
    assert progress.attempts == 2 and progress.best_score == 100 and progress.completed
    course_progress = db.session.scalars(select(CourseProgress)).one()
    assert course_progress.completed_at is not None
    assert course_progress.lessons_completed == len(course.lessons)


def test_a_lesson_opened_again_writes_nothing(client, catalogue):
    learner = make_user()
    sign_in(client, learner)
    path = "/courses/vneid/what-is-vneid"
    with counting() as (statements, _transactions):
        assert client.get(path).status_code == 200
    assert len(written(statements)) == 2, statements  # the lesson and the course started
    with counting() as (statements, _transactions):
        assert client.get(path).status_code == 200
    assert written(statements) == [], summary(statements)
    if db.engine.dialect.name == "sqlite":
        assert "BEGIN IMMEDIATE" not in statements, "no write lock taken"
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1


def test_a_lesson_opened_a_third_time_reads_no_progress(client, catalogue):
    """Once a worker has read that the start is recorded, it remembers: the page then sends only
    the session's statement. Another learner opening the same lesson is still recorded."""
    learner, other = make_user(), make_user()
    other_id = other.id
    sign_in(client, learner)
    path = "/courses/vneid/what-is-vneid"
    for _ in range(2):
        assert client.get(path).status_code == 200
    with counting() as (statements, _transactions):
        assert client.get(path).status_code == 200
    assert not [s for s in statements if "progress" in s], summary(statements)
    other_phone = client.application.test_client()  # another phone, signed in as the other
    g.pop("_login_user", None)  # (the test's app context outlives requests)
    sign_in(other_phone, db.session.get(User, other_id))
    assert other_phone.get(path).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 2
