"""How the counters read a learner's raw progress (``learning.counting.facts.ProgressRecords``):
given to counting by ``create_app``, since counting lies below progress."""

from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    and_,
    bindparam,
    cast,
    exists,
    func,
    select,
)
from sqlalchemy.orm import aliased

from learning.accounts.models import User
from learning.counting.definitions import ASSISTED, local_day
from learning.counting.facts import AttemptState, LearnerFacts, ProgressRecords
from learning.progress.models import (
    CompletionHold,
    CourseProgress,
    HoldStatus,
    LessonProgress,
    QuizAttempt,
)


def lesson_held(learner_id: Any, lesson_id: Any) -> ColumnElement[bool]:
    """Whether a lesson completion is held (flagged and not confirmed): not counted."""
    h = CompletionHold
    return exists().where(h.learner_id == learner_id, h.lesson_id == lesson_id,
                          h.status != HoldStatus.CONFIRMED)


def course_held(learner_id: Any, course_id: Any) -> ColumnElement[bool]:
    """Whether a course completion is held: one of its lessons' completions is."""
    h = CompletionHold
    return exists().where(h.learner_id == learner_id, h.course_id == course_id,
                          h.status != HoldStatus.CONFIRMED)


def learner_facts(connection: Connection, learner_id: int, registered_on: date) -> LearnerFacts:
    """What the learner counts for: held completions (learning.review) left out."""
    facts = LearnerFacts(registered_on)
    lp, cp = LessonProgress, CourseProgress
    facts.attempt_days = {local_day(at) for at in connection.scalars(
        select(QuizAttempt.submitted_at).where(QuizAttempt.learner_id == learner_id))}
    facts.lessons = [(course_id, local_day(at), method or "self") for course_id, at, method in
                     connection.execute(select(lp.course_id, lp.completed_at, lp.method).where(
                         lp.learner_id == learner_id, lp.completed_at.is_not(None),
                         ~lesson_held(lp.learner_id, lp.lesson_id)))]
    facts.courses = dict(connection.execute(select(cp.course_id, cp.completed_at).where(
        cp.learner_id == learner_id, cp.completed_at.is_not(None),
        ~course_held(cp.learner_id, cp.course_id))).all())
    return facts


def answered_between(start: str, end: str) -> ColumnElement[bool]:
    """One probe of the index on (learner, time), however many answers the learner gave."""
    qa = aliased(QuizAttempt, name="q")
    return exists().where(
        qa.learner_id == bindparam("learner_id"), qa.submitted_at >= bindparam(start),
        qa.submitted_at < bindparam(end))


def answered_ever() -> ColumnElement[bool]:
    qa = aliased(QuizAttempt, name="q")
    return exists().where(qa.learner_id == bindparam("learner_id"))


def attempt_state() -> AttemptState:
    """What recording a new attempt needs to know, on bound parameters (``learner_id``,
    ``lesson_id``, ``course_id``, ``lessons``: the course's current lessons, ``core``: the core
    courses), read in the learner's locking statement (``counting.services.lock_learner``): no
    other read before the attempt is written. The lesson's and the course's progress rows are
    outer-joined (one index probe each, and a statement short enough for psycopg to keep its
    conversion); the other figures are scalar subqueries."""
    # (Short names: the statement's text stays under the 4,096 characters psycopg caches.)
    lp, cp = aliased(LessonProgress, name="l"), aliased(CourseProgress, name="c")
    this_lp, this_cp = aliased(LessonProgress, name="lp"), aliased(CourseProgress, name="cp")
    hold, account = aliased(CompletionHold, name="h"), aliased(User, name="u")
    learner, lesson = bindparam("learner_id"), bindparam("lesson_id")
    course = bindparam("course_id")
    other_lessons = (lp.learner_id == learner, lp.lesson_id.in_(bindparam("lessons",
                                                                          expanding=True)),
                     lp.lesson_id != lesson, lp.completed_at.is_not(None))
    assisted = (lp.learner_id == learner, lp.lesson_id != lesson, lp.completed_at.is_not(None),
                lp.method.in_(ASSISTED))
    core = (cp.learner_id == learner, cp.course_id.in_(bindparam("core", expanding=True)),
            cp.course_id != course, cp.completed_at.is_not(None))

    def one(column: Any, *where: Any) -> ColumnElement[Any]:
        return select(column).where(*where).scalar_subquery()

    return AttemptState(joins=[
        (this_lp, and_(this_lp.learner_id == learner, this_lp.lesson_id == lesson)),
        (this_cp, and_(this_cp.learner_id == learner, this_cp.course_id == course)),
    ], columns=[
        this_lp.started_at.label("lesson_started"),
        this_lp.attempts.label("lesson_attempts"),
        this_lp.best_score.label("lesson_best"),
        this_lp.completed_at.label("lesson_completed"),
        this_lp.method.label("lesson_method"),
        this_cp.started_at.label("course_started"),
        this_cp.lessons_completed.label("course_lessons"),
        this_cp.completed_at.label("course_completed"),
        one(func.count(), *other_lessons).label("others_done"),
        one(func.max(lp.completed_at), *other_lessons).label("others_last"),
        one(func.aggregate_strings(cast(lp.completed_at, String), ","),
            *assisted).label("assisted_days"),
        one(func.count(), *core).label("core_done"),
        one(func.max(cp.completed_at), *core).label("core_last"),
        # For the review rules (learning.review.rules), read in the same statement: whether
        # some completion of the learner is held (then the counters are recomputed for them),
        # the tutor's completions around the answer's time, the sign-ups around the learner's.
        exists().where(hold.learner_id == learner,
                       hold.status != HoldStatus.CONFIRMED).label("held"),
        one(func.count(), lp.tutor_id == bindparam("burst_tutor"),
            lp.completed_at >= bindparam("burst_from"),
            lp.completed_at <= bindparam("burst_to")).label("tutor_recent"),
        one(func.count(), account.signup_address == bindparam("signup_address"),
            account.created_at >= bindparam("signup_from"),
            account.created_at <= bindparam("signup_to")).label("address_signups"),
        one(func.count(), account.registered_by_id == bindparam("registered_by"),
            account.created_at >= bindparam("signup_from"),
            account.created_at <= bindparam("signup_to")).label("tutor_signups"),
    ])


PROGRESS_RECORDS = ProgressRecords(learner_facts, answered_between, answered_ever, attempt_state)
