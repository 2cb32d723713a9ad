"""How the counters read a learner's raw progress (``learning.counting.facts.ProgressRecords``):
given to counting by ``create_app``, since counting lies below progress."""

from datetime import date, datetime

from sqlalchemy import ColumnElement, Connection, bindparam, exists, func, select

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


def assisted_days(connection: Connection, learner_id: int, other_than_lesson: int) -> set[date]:
    lp = LessonProgress
    return {local_day(at) for at in connection.scalars(select(lp.completed_at).where(
        lp.learner_id == learner_id, lp.lesson_id != other_than_lesson,
        lp.completed_at.is_not(None), lp.method.in_(ASSISTED)))}


def completed_courses(connection: Connection, learner_id: int, course_ids: tuple[int, ...],
                      other_than_course: int) -> dict[int, datetime]:
    cp = CourseProgress
    return dict(connection.execute(select(cp.course_id, cp.completed_at).where(
        cp.learner_id == learner_id, cp.course_id.in_(course_ids),
        cp.course_id != other_than_course, cp.completed_at.is_not(None))).all())


PROGRESS_RECORDS = ProgressRecords(learner_facts, answers_between, answered_ever, assisted_days,
                                   completed_courses)
