"""With every review rule in force, an honest answer is still one short transaction of at most 8
statements, nothing read back: the rules' figures come with the learner's locking statement."""

import uuid
from datetime import timedelta

from sqlalchemy import func, select

from learning.accounts.models import utcnow
from learning.extensions import db
from learning.progress.models import CompletionHold, LessonProgress
from tests.factories import make_user, sign_in
from tests.progress.test_write_path import (
    MAX_STATEMENTS,
    counting,
    submit,
    summary,
    writing,
    written,
)
from tests.reporting.helpers import right_answers


def test_an_honest_answer_costs_no_extra_statement(client, catalogue):
    learner = make_user()
    learner.created_at = utcnow() - timedelta(days=1)
    sign_in(client, learner)
    course = catalogue.course("vneid")
    for lesson in course.lessons:
        assert client.get(f"/courses/vneid/{lesson.id}").status_code == 200
    db.session.execute(LessonProgress.__table__.update().values(
        started_at=utcnow() - timedelta(minutes=30)))  # read for half an hour
    db.session.commit()
    for lesson in course.lessons:
        with counting() as (statements, transactions):
            response = submit(client, course, lesson, right_answers(lesson), str(uuid.uuid4()))
        assert response.status_code == 302
        assert len(statements) <= MAX_STATEMENTS, summary(statements)
        assert writing(statements, transactions) == 1, summary(statements)
        assert not [s for s in statements[statements.index(written(statements)[0]):]
                    if s.lstrip().upper().startswith("SELECT")], "nothing is read back"
    assert db.session.scalar(select(func.count()).select_from(CompletionHold)) == 0


def test_a_quiz_posted_without_reading_is_held_through_the_lesson_page(client, catalogue):
    learner = make_user()
    learner.created_at = utcnow() - timedelta(days=1)
    sign_in(client, learner)
    course = catalogue.course("vneid")
    lesson = course.lessons[0]
    assert client.get(f"/courses/vneid/{lesson.id}").status_code == 200
    response = submit(client, course, lesson, right_answers(lesson), str(uuid.uuid4()))
    assert response.status_code == 302
    hold = db.session.scalars(select(CompletionHold)).one()
    assert hold.rules == "instant" and hold.details["instant"]["seconds"] < 20
