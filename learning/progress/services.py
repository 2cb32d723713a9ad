"""The one way progress is recorded: self-study forms, tutor screens and offline sync all call
these functions. Recording the same attempt twice, or attempts out of order, gives the same state
as recording each once in order: attempts are keyed by an id made where they happened, completion
is set by the earliest passing attempt and never goes backwards, and the best score counts.
The statistics counters (``reporting.services``) are updated in the same transaction.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from learning.accounts.models import User, utcnow
from learning.catalog.content import Course, Lesson
from learning.catalog.records import record_ids
from learning.counting.services import Completion, ProgressChange, count_attempt, lock_learner
from learning.database import insert_ignore
from learning.extensions import db
from learning.progress.grading import Answers, Marking, mark
from learning.progress.models import CourseProgress, LessonProgress, Method, QuizAttempt

MAX_CLOCK_SKEW = timedelta(minutes=5)
MAX_OFFLINE_AGE = timedelta(days=60)


class ProgressError(ValueError):
    """The attempt cannot be recorded (for example, its id belongs to someone else's attempt)."""


@dataclass(frozen=True)
class Earned:
    """How an attempt was earned: on one's own, with a tutor, or at an event."""

    method: str = Method.SELF
    tutor_id: int | None = None
    event_id: int | None = None
    recorded_by_id: int | None = None


@dataclass(frozen=True)
class AttemptOutcome:
    attempt: QuizAttempt
    marking: Marking
    progress: LessonProgress
    duplicate: bool  # the same attempt had already been recorded
    lesson_newly_completed: bool
    course_newly_completed: bool


def bounded_time(submitted_at: datetime | None, now: datetime) -> datetime:
    """A device's clock is trusted within limits: not in the future, not older than 60 days."""
    if submitted_at is None:
        return now
    return min(max(submitted_at, now - MAX_OFFLINE_AGE), now + MAX_CLOCK_SKEW, now)


def clamped_time(submitted_at: datetime | None, now: datetime,
                 not_before: datetime | None) -> tuple[datetime, str | None]:
    """bounded_time, and never before the account existed; with why the device's time was
    changed (None: it was kept): "account" (before the account was created), "old" (more than
    60 days back), "future"."""
    at = bounded_time(submitted_at, now)
    flag = None
    if submitted_at is not None and at != submitted_at and submitted_at - at > MAX_CLOCK_SKEW:
        flag = "future"
    elif submitted_at is not None and at > submitted_at:
        flag = "old"
    if not_before is not None and at < not_before:
        at, flag = min(not_before, now), "account"
    return at, flag


def record_lesson_started(learner: User, course: Course, lesson: Lesson,
                          at: datetime | None = None) -> LessonProgress:
    ids = record_ids()
    at = at or utcnow()
    lesson_id, course_id = ids.lessons[(course.id, lesson.id)], ids.courses[course.id]
    insert_ignore(LessonProgress, {"learner_id": learner.id, "lesson_id": lesson_id,
                                   "course_id": course_id, "started_at": at, "attempts": 0},
                  ["learner_id", "lesson_id"])
    insert_ignore(CourseProgress, {"learner_id": learner.id, "course_id": course_id,
                                   "started_at": at, "lessons_completed": 0},
                  ["learner_id", "course_id"])
    progress = _lesson_progress(learner.id, lesson_id)
    if progress.started_at > at:  # an earlier event that arrived late (offline sync)
        progress.started_at = at
        course_progress = _course_progress(learner.id, course_id)
        course_progress.started_at = min(course_progress.started_at, at)
    return progress


def record_quiz_attempt(
    learner: User,
    course: Course,
    lesson: Lesson,
    answers: Answers,
    attempt_id: str,
    submitted_at: datetime | None = None,
    earned: Earned | None = None,
) -> AttemptOutcome:
    earned = earned or Earned(recorded_by_id=learner.id)
    now = utcnow()
    at, clock_flag = clamped_time(submitted_at, now, learner.created_at)
    ids = record_ids()
    lesson_id, course_id = ids.lessons[(course.id, lesson.id)], ids.courses[course.id]
    marking = mark(lesson, answers, course.pass_mark)
    counting = lock_learner(learner, at)  # statistics: counted in this same transaction
    inserted = insert_ignore(QuizAttempt, {
        "id": attempt_id, "learner_id": learner.id, "lesson_id": lesson_id,
        "course_id": course_id, "answers": {str(k): list(v) for k, v in answers.items()},
        "score": marking.score, "passed": marking.passed, "method": earned.method,
        "tutor_id": earned.tutor_id, "event_id": earned.event_id,
        "recorded_by_id": earned.recorded_by_id, "submitted_at": at, "received_at": now,
        "clock_clamped": clock_flag,
    }, ["id"])
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.learner_id != learner.id or attempt.lesson_id != lesson_id:
        raise ProgressError("attempt id already used for another learner or lesson")
    if not inserted:
        progress = record_lesson_started(learner, course, lesson, attempt.submitted_at)
        stored = {int(k): tuple(v) for k, v in attempt.answers.items()}
        return AttemptOutcome(attempt, mark(lesson, stored, course.pass_mark), progress,
                              True, False, False)
    progress = record_lesson_started(learner, course, lesson, at)
    lesson_before = _completion(progress)
    progress.attempts += 1
    progress.best_score = max(progress.best_score or 0, marking.score)
    lesson_newly_completed = False
    if marking.passed and (progress.completed_at is None or at < progress.completed_at):
        lesson_newly_completed = progress.completed_at is None
        progress.completed_at = at
        progress.method, progress.tutor_id = earned.method, earned.tutor_id
        progress.event_id = earned.event_id
    course_before, course_after = _update_course_progress(learner.id, course, course_id)
    count_attempt(counting, ProgressChange(learner.id, course_id, lesson_id, lesson_before,
                                           _completion(progress), course_before, course_after))
    return AttemptOutcome(attempt, marking, progress, False, lesson_newly_completed,
                          course_before is None and course_after is not None)


def _completion(progress: LessonProgress) -> Completion | None:
    if progress.completed_at is None:
        return None
    return Completion(progress.completed_at, progress.method or Method.SELF)


def _lesson_progress(learner_id: int, lesson_id: int) -> LessonProgress:
    return db.session.scalars(
        select(LessonProgress)
        .where(LessonProgress.learner_id == learner_id, LessonProgress.lesson_id == lesson_id)
        .with_for_update()
    ).one()


def _course_progress(learner_id: int, course_id: int) -> CourseProgress:
    return db.session.scalars(
        select(CourseProgress)
        .where(CourseProgress.learner_id == learner_id, CourseProgress.course_id == course_id)
        .with_for_update()
    ).one()


def _update_course_progress(learner_id: int, course: Course,
                            course_id: int) -> tuple[datetime | None, datetime | None]:
    """Recount the learner's completed lessons of the course (at most six rows); returns when
    the course was completed before and after."""
    db.session.flush()
    ids = record_ids()
    current = [ids.lessons[(course.id, lesson.id)] for lesson in course.lessons]
    count, last = db.session.execute(
        select(func.count(), func.max(LessonProgress.completed_at)).where(
            LessonProgress.learner_id == learner_id,
            LessonProgress.lesson_id.in_(current),
            LessonProgress.completed_at.is_not(None),
        )
    ).one()
    progress = _course_progress(learner_id, course_id)
    was_completed = progress.completed_at
    progress.lessons_completed = count
    if count == len(current):
        progress.completed_at = last
    return was_completed, progress.completed_at
