"""How the counters read a learner's raw progress (``learning.counting.facts.ProgressRecords``):
given to counting by ``create_app``, since counting lies below progress."""

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, String, bindparam, cast, exists, func, select

from learning.counting.definitions import ASSISTED, local_day
from learning.counting.facts import LearnerFacts, ProgressRecords
from learning.progress.models import CourseProgress, LessonProgress, QuizAttempt


def learner_facts(connection: Connection, learner_id: int, registered_on: date) -> LearnerFacts:
    facts = LearnerFacts(registered_on)
    facts.attempt_days = {local_day(at) for at in connection.scalars(
        select(QuizAttempt.submitted_at).where(QuizAttempt.learner_id == learner_id))}
    facts.lessons = [(course_id, local_day(at), method or "self") for course_id, at, method in
                     connection.execute(select(
                         LessonProgress.course_id, LessonProgress.completed_at,
                         LessonProgress.method).where(
                         LessonProgress.learner_id == learner_id,
                         LessonProgress.completed_at.is_not(None)))]
    facts.courses = dict(connection.execute(select(
        CourseProgress.course_id, CourseProgress.completed_at).where(
        CourseProgress.learner_id == learner_id, CourseProgress.completed_at.is_not(None))).all())
    return facts


def answers_between(start: str, end: str) -> ColumnElement[int]:
    qa = QuizAttempt
    return select(func.count()).where(
        qa.learner_id == bindparam("learner_id"), qa.submitted_at >= bindparam(start),
        qa.submitted_at < bindparam(end)).scalar_subquery()


def answered_ever() -> ColumnElement[bool]:
    return exists().where(QuizAttempt.learner_id == bindparam("learner_id"))


def attempt_state() -> list[ColumnElement[Any]]:
    """What recording a new attempt needs to know, as scalar subqueries on bound parameters
    (``learner_id``, ``lesson_id``, ``course_id``, ``lessons``: the course's current lessons,
    ``core``: the core courses), read in the learner's locking statement
    (``counting.services.lock_learner``): no other read before the attempt is written."""
    lp, cp = LessonProgress, CourseProgress
    learner, lesson = bindparam("learner_id"), bindparam("lesson_id")
    course = bindparam("course_id")
    this_lesson = (lp.learner_id == learner, lp.lesson_id == lesson)
    this_course = (cp.learner_id == learner, cp.course_id == course)
    other_lessons = (lp.learner_id == learner, lp.lesson_id.in_(bindparam("lessons",
                                                                          expanding=True)),
                     lp.lesson_id != lesson, lp.completed_at.is_not(None))
    assisted = (lp.learner_id == learner, lp.lesson_id != lesson, lp.completed_at.is_not(None),
                lp.method.in_(ASSISTED))
    core = (cp.learner_id == learner, cp.course_id.in_(bindparam("core", expanding=True)),
            cp.course_id != course, cp.completed_at.is_not(None))

    def one(column: Any, *where: Any) -> ColumnElement[Any]:
        return select(column).where(*where).scalar_subquery()

    return [
        one(lp.started_at, *this_lesson).label("lesson_started"),
        one(lp.attempts, *this_lesson).label("lesson_attempts"),
        one(lp.best_score, *this_lesson).label("lesson_best"),
        one(lp.completed_at, *this_lesson).label("lesson_completed"),
        one(lp.method, *this_lesson).label("lesson_method"),
        one(cp.started_at, *this_course).label("course_started"),
        one(cp.lessons_completed, *this_course).label("course_lessons"),
        one(cp.completed_at, *this_course).label("course_completed"),
        one(func.count(), *other_lessons).label("others_done"),
        one(func.max(lp.completed_at), *other_lessons).label("others_last"),
        one(func.aggregate_strings(cast(lp.completed_at, String), ","),
            *assisted).label("assisted_days"),
        one(func.count(), *core).label("core_done"),
        one(func.max(cp.completed_at), *core).label("core_last"),
    ]


PROGRESS_RECORDS = ProgressRecords(learner_facts, answers_between, answered_ever, attempt_state)
