"""The one progress service: idempotent, order-independent, completion never goes backwards."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, select

from learning.extensions import db
from learning.progress.models import CourseProgress, LessonProgress, Method, QuizAttempt
from learning.progress.services import Earned, record_quiz_attempt
from tests.factories import make_user
from tests.reporting.helpers import right_answers, wrong_answers


def test_same_attempt_twice_is_recorded_once(catalogue):
    learner = make_user()
    course = catalogue.course("vneid")
    lesson = course.lessons[0]
    attempt_id = str(uuid.uuid4())
    first = record_quiz_attempt(learner, course, lesson, right_answers(lesson), attempt_id)
    second = record_quiz_attempt(learner, course, lesson, right_answers(lesson), attempt_id)
    db.session.commit()
    assert first.lesson_newly_completed and not first.duplicate
    assert second.duplicate and not second.lesson_newly_completed
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 1
    progress = db.session.scalars(select(LessonProgress)).one()
    assert progress.attempts == 1 and progress.completed


def test_fail_then_pass_keeps_every_attempt_and_best_score(catalogue):
    learner = make_user()
    course = catalogue.course("vneid")
    lesson = course.lessons[0]
    failed = record_quiz_attempt(learner, course, lesson, wrong_answers(lesson), str(uuid.uuid4()))
    assert not failed.marking.passed and not failed.progress.completed
    passed = record_quiz_attempt(learner, course, lesson, right_answers(lesson), str(uuid.uuid4()))
    db.session.commit()
    assert passed.marking.score == 100 and passed.progress.completed
    assert passed.progress.attempts == 2 and passed.progress.best_score == 100
    later_fail = record_quiz_attempt(learner, course, lesson, wrong_answers(lesson),
                                     str(uuid.uuid4()))
    assert later_fail.progress.completed, "completion never goes backwards"
    assert later_fail.progress.best_score == 100


def test_out_of_order_arrival_keeps_the_earliest_pass(catalogue):
    learner = make_user()
    learner.created_at = datetime.now() - timedelta(days=1)  # answers before it are clamped
    course = catalogue.course("vneid")
    lesson = course.lessons[0]
    now = datetime.now().replace(microsecond=0)
    late = record_quiz_attempt(learner, course, lesson, right_answers(lesson), str(uuid.uuid4()),
                               submitted_at=now - timedelta(hours=1))
    early = record_quiz_attempt(learner, course, lesson, right_answers(lesson), str(uuid.uuid4()),
                                submitted_at=now - timedelta(hours=5),
                                earned=Earned(Method.TUTOR, tutor_id=None))
    db.session.commit()
    progress = early.progress
    assert late.lesson_newly_completed and not early.lesson_newly_completed
    assert progress.completed_at == now - timedelta(hours=5)
    assert progress.method == Method.TUTOR


def test_course_completes_when_all_lessons_pass(catalogue):
    learner = make_user()
    course = catalogue.course("health-insurance")
    outcomes = [record_quiz_attempt(learner, course, lesson, right_answers(lesson),
                                    str(uuid.uuid4())) for lesson in course.lessons]
    db.session.commit()
    assert [o.course_newly_completed for o in outcomes] == [False] * (len(outcomes) - 1) + [True]
    course_progress = db.session.scalars(select(CourseProgress)).one()
    assert course_progress.lessons_completed == len(course.lessons)
    assert course_progress.completed_at is not None
