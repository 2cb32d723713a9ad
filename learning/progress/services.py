"""The one way progress is recorded: self-study forms, tutor screens and offline sync all call
these functions. Recording the same attempt twice, or attempts out of order, gives the same state
as recording each once in order: attempts are keyed by an id made where they happened, completion
is set by the earliest passing attempt and never goes backwards, and the best score counts.
The statistics counters (``counting.services``) are updated in the same transaction.

Recording an answer is one short transaction at the limit: one statement reads, under the
learner's lock, everything the answer changes (``counting.services.lock_learner``); then the
attempt, the lesson's and the course's progress and the counters are written, one statement each,
and nothing is read back (the outcome is made from what was read and written).

The review rules (``learning.review``, registered with ``register_review``) look at every new
completion with figures read in that same locking statement. A completion they flag is held (not
counted until confirmed), and a learner with a held completion is counted by recomputing what they
add to the counters from their records (``counting.services.recount``): a few more statements,
only for them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, exists, func, inspect, select
from sqlalchemy.orm import make_transient_to_detached

from learning.accounts.models import User, utcnow
from learning.catalog.content import Course, Lesson
from learning.catalog.records import record_ids
from learning.counting.services import (
    Completion,
    ProgressChange,
    count_attempt,
    counted_facts,
    lock_learner,
    recount,
    recounted,
)
from learning.extensions import db
from learning.progress.grading import Answers, Marking, mark
from learning.progress.models import (
    CompletionHold,
    CourseProgress,
    HoldStatus,
    LessonProgress,
    Method,
    QuizAttempt,
)

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


@dataclass(frozen=True)
class NewCompletion:
    """A lesson just completed (or completed earlier than it was), as the review rules see it
    (``learning.review.rules``, registered by ``create_app`` with ``register_review``)."""

    learner: User
    course: Course
    lesson: Lesson
    lesson_id: int
    course_id: int
    attempt_id: str
    at: datetime  # when the passing answer was given (bounded)
    started_at: datetime | None  # when the lesson was opened, as recorded before this answer
    clock_clamped: str | None
    earned: "Earned"
    tutor_recent: int  # the tutor's other completions in the burst window around `at`
    address_signups: int  # accounts signed up from the learner's address around their sign-up
    tutor_signups: int  # accounts the learner's tutor signed up around their sign-up


@dataclass
class Flags:
    """What the review rules found: the rules that fired on this completion, with their figures,
    and other completions to hold with it (the rest of a burst)."""

    rules: dict[str, dict] = field(default_factory=dict)
    others: list[tuple[int, int, dict[str, dict]]] = field(default_factory=list)


@dataclass(frozen=True)
class Review:
    """The review rules, as the write path calls them: the bound parameters of the counts they
    need (read in the learner's locking statement), and the check of a new completion."""

    parameters: Callable[[User, datetime, "Earned"], dict[str, Any]]
    check: Callable[[NewCompletion], Flags]


def _no_parameters(_learner: User, at: datetime, _earned: "Earned") -> dict[str, Any]:
    return {"burst_tutor": 0, "burst_from": at, "burst_to": at, "signup_address": "",
            "registered_by": 0, "signup_from": at, "signup_to": at}


_review: list[Review] = [Review(_no_parameters, lambda _completion: Flags())]


def register_review(review: Review) -> None:
    _review[:] = [review]


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


_STARTED = select(
    exists().where(LessonProgress.learner_id == bindparam("learner_id"),
                   LessonProgress.lesson_id == bindparam("lesson_id"))
    & exists().where(CourseProgress.learner_id == bindparam("learner_id"),
                     CourseProgress.course_id == bindparam("course_id")))


# Starts known to be recorded, kept per process: a start is never taken back while its learner
# can sign in, so a lesson opened a third time on a worker reads nothing at all. Forgotten all at
# once when full (about 7 MB at the limit), and when the catalogue is recorded anew.
KNOWN_STARTS_LIMIT = 100_000


def _known_starts(ids: object) -> set[int]:
    """This process's known starts, for these catalogue records (recorded anew, as when the
    tables are emptied, they start empty)."""
    found = current_app.extensions.get("known_lesson_starts")
    if found is None or found[0] is not ids:
        found = current_app.extensions["known_lesson_starts"] = (ids, set())
    return found[1]


def lesson_started(learner: User, course: Course, lesson: Lesson) -> bool:
    """Whether the learner's start of the lesson (and of its course) is recorded already: read
    first, so that a lesson opened again writes nothing (one statement, built once), and only
    once per process when the answer is yes."""
    ids = record_ids()
    lesson_id = ids.lessons[(course.id, lesson.id)]
    known = _known_starts(ids)
    key = learner.id << 32 | lesson_id  # (record ids are 32-bit integers)
    if key in known:
        return True
    started = bool(db.session.connection().execute(_STARTED, {
        "learner_id": learner.id, "lesson_id": lesson_id,
        "course_id": ids.courses[course.id]}).scalar())
    if started:
        if len(known) >= KNOWN_STARTS_LIMIT:
            known.clear()
        known.add(key)
    return started


def record_lesson_started(learner: User, course: Course, lesson: Lesson,
                          at: datetime | None = None) -> None:
    """The lesson and its course started at `at` (the earliest start wins: an event that arrives
    late from a phone moves it back). Two statements."""
    ids = record_ids()
    at = at or utcnow()
    lesson_id, course_id = ids.lessons[(course.id, lesson.id)], ids.courses[course.id]
    db.session.flush()
    connection = db.session.connection()
    statements = _statements(connection.dialect.name)
    connection.execute(statements["lesson_started"], {
        "learner_id": learner.id, "lesson_id": lesson_id, "course_id": course_id,
        "started_at": at, "attempts": 0})
    connection.execute(statements["course_started"], {
        "learner_id": learner.id, "course_id": course_id, "started_at": at,
        "lessons_completed": 0})
    _forget_progress(learner.id)


STATE_LESSONS = 8  # at least the most lessons a course may have (catalog.loader: 6)


def padded(lesson_ids: list[int]) -> list[int]:
    """A course's lesson ids, padded with 0 (no lesson's id) to STATE_LESSONS: the statement
    that reads an attempt's state then has one text whatever the course, which PostgreSQL
    prepares and plans once per connection (its planning costs more than running it: 1.3 ms
    against 0.6 ms at 1,000,000 learners)."""
    return lesson_ids + [0] * (STATE_LESSONS - len(lesson_ids))


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
    current = [ids.lessons[(course.id, each.id)] for each in course.lessons]
    marking = mark(lesson, answers, course.pass_mark)
    db.session.flush()  # whatever the caller changed, before the learner's lock is taken
    # Statistics: counted in this same transaction; the progress state is read with the lock.
    review = _review[0]
    counting = lock_learner(learner, at, {"lesson_id": lesson_id, "course_id": course_id,
                                          "lessons": padded(current),
                                          **review.parameters(learner, at, earned)})
    state = counting.state
    # A learner with a held completion is recounted from their records (counting.services).
    held_before = bool(state.held) and counting.person is not None
    counted_before = counted_facts(counting, learner.id) if held_before else None
    connection = db.session.connection()
    statements = _statements(connection.dialect.name)
    values = {
        "id": attempt_id, "learner_id": learner.id, "lesson_id": lesson_id,
        "course_id": course_id, "answers": {str(k): list(v) for k, v in answers.items()},
        "score": marking.score, "passed": marking.passed, "method": earned.method,
        "tutor_id": earned.tutor_id, "event_id": earned.event_id,
        "recorded_by_id": earned.recorded_by_id, "submitted_at": at, "received_at": now,
        "clock_clamped": clock_flag,
    }
    if connection.execute(statements["attempt"], values).first() is None:
        return _duplicate(learner, course, lesson, attempt_id, lesson_id, state)
    attempt = _attached(QuizAttempt(**values))

    before = _completion(state.lesson_completed, state.lesson_method)
    after = before
    if marking.passed and (before is None or at < before.at):
        after = Completion(at, earned.method)
    moved = after != before  # completed now, or earlier than it was
    lesson_values = {
        "learner_id": learner.id, "lesson_id": lesson_id, "course_id": course_id,
        "started_at": at, "attempts": 1, "best_score": max(state.lesson_best or 0, marking.score),
        "completed_at": after.at if after else None, "method": after.method if after else None,
        "tutor_id": earned.tutor_id if moved else None,
        "event_id": earned.event_id if moved else None}
    connection.execute(statements["lesson_completed" if moved else "lesson_answered"],
                       lesson_values)
    progress = LessonProgress(**{
        **lesson_values, "started_at": min(at, state.lesson_started or at),
        "attempts": (state.lesson_attempts or 0) + 1})

    course_before, course_after = _record_course(connection, statements, learner.id, course_id,
                                                 len(current), at, after, state)
    flags = Flags()
    if moved:
        flags = review.check(NewCompletion(
            learner, course, lesson, lesson_id, course_id, attempt_id, at, state.lesson_started,
            clock_flag, earned, state.tutor_recent or 0, state.address_signups or 0,
            state.tutor_signups or 0))
    change = ProgressChange(learner.id, course_id, lesson_id, before, after, course_before,
                            course_after)
    if not held_before:
        count_attempt(counting, change)
    if flags.rules and counting.person is not None and not held_before:
        counted_before = counted_facts(counting, learner.id)  # counted, as if not held
    if flags.rules:
        _hold(learner.id, lesson_id, course_id, attempt_id, flags.rules)
    if held_before or flags.rules:
        recount(counting, learner.id, counted_before)
    if flags.others:
        hold_completions(flags.others)
    _forget_progress(learner.id)
    return AttemptOutcome(attempt, marking, progress, False,
                          before is None and after is not None,
                          course_before is None and course_after is not None)


def _hold(learner_id: int, lesson_id: int, course_id: int, attempt_id: str | None,
          rules: dict[str, dict]) -> bool:
    """Hold a completion for review (nothing when it was held, or reviewed, before)."""
    connection = db.session.connection()
    result = connection.execute(_statements(connection.dialect.name)["hold"], {
        "learner_id": learner_id, "lesson_id": lesson_id, "course_id": course_id,
        "attempt_id": attempt_id, "rules": ",".join(sorted(rules)), "details": rules,
        "flagged_at": utcnow(), "status": HoldStatus.PENDING})
    return result.rowcount == 1


def hold_completions(items: list[tuple[int, int, dict[str, dict]]]) -> int:
    """Hold completed lessons of other learners (the rest of a burst): (learner id, lesson id,
    rules with their figures). Each learner is recounted; returns the number held."""
    held = 0
    by_learner: dict[int, dict[int, dict[str, dict]]] = {}
    for learner_id, lesson_id, rules in items:
        by_learner.setdefault(learner_id, {}).setdefault(lesson_id, {}).update(rules)
    for learner_id in sorted(by_learner):
        lessons = by_learner[learner_id]
        rows = db.session.execute(select(
            LessonProgress.lesson_id, LessonProgress.course_id).where(
            LessonProgress.learner_id == learner_id, LessonProgress.lesson_id.in_(list(lessons)),
            LessonProgress.completed_at.is_not(None),
            ~exists().where(CompletionHold.learner_id == learner_id,
                            CompletionHold.lesson_id == LessonProgress.lesson_id))).all()
        if not rows:
            continue
        with recounted(learner_id):
            for lesson_id, course_id in rows:
                held += _hold(learner_id, lesson_id, course_id, None, lessons[lesson_id])
        _forget_progress(learner_id)
    return held


def _duplicate(learner: User, course: Course, lesson: Lesson, attempt_id: str, lesson_id: int,
               state: Any) -> AttemptOutcome:
    """The same attempt sent again: its outcome as recorded, nothing written."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.learner_id != learner.id or attempt.lesson_id != lesson_id:
        raise ProgressError("attempt id already used for another learner or lesson")
    stored = {int(k): tuple(v) for k, v in attempt.answers.items()}
    progress = LessonProgress(
        learner_id=learner.id, lesson_id=lesson_id, started_at=state.lesson_started,
        attempts=state.lesson_attempts, best_score=state.lesson_best,
        completed_at=state.lesson_completed, method=state.lesson_method)
    return AttemptOutcome(attempt, mark(lesson, stored, course.pass_mark), progress,
                          True, False, False)


def _record_course(connection: Any, statements: dict[str, Any], learner_id: int, course_id: int,
                   lessons: int, at: datetime, lesson: Completion | None,
                   state: Any) -> tuple[datetime | None, datetime | None]:
    """The course's progress after the lesson's: its completed lessons counted again (from what
    was read with the lock), completed when every current lesson is, never uncompleted. Written
    only when something changed. Returns when the course was completed before and after."""
    done = (state.others_done or 0) + (lesson is not None)
    moments = [m for m in (state.others_last, lesson.at if lesson else None) if m is not None]
    before = state.course_completed
    after = max(moments) if done == lessons and moments else before
    unchanged = (state.course_started is not None and state.course_started <= at
                 and state.course_lessons == done and before == after)
    if not unchanged:
        connection.execute(statements["course_answered"], {
            "learner_id": learner_id, "course_id": course_id, "started_at": at,
            "lessons_completed": done, "completed_at": after})
    return before, after


def _completion(at: datetime | None, method: str | None) -> Completion | None:
    return None if at is None else Completion(at, method or Method.SELF)


def _attached(attempt: QuizAttempt) -> QuizAttempt:
    """The attempt just inserted, in the session as if it had been loaded (no read back)."""
    make_transient_to_detached(attempt)
    db.session.add(attempt)
    return attempt


def _forget_progress(learner_id: int) -> None:
    """Progress objects of the learner the session loaded before are out of date now."""
    session = db.session()
    for instance in list(session.identity_map.values()):
        if isinstance(instance, LessonProgress | CourseProgress) \
                and inspect(instance).dict.get("learner_id") == learner_id:
            session.expire(instance)


_STATEMENTS: dict[str, dict[str, Any]] = {}


def _statements(dialect: str) -> dict[str, Any]:
    """The write path's statements, built once per dialect (building is slower than running)."""
    if dialect not in _STATEMENTS:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
            earliest = func.least
        else:
            from sqlalchemy.dialects.sqlite import insert
            earliest = func.min  # SQLite's min() of two arguments is the smaller one
        lp, cp = LessonProgress.__table__, CourseProgress.__table__

        def upsert(table: Any, conflict: list[str], update: dict[str, Any], only_earlier=False):
            statement = insert(table)
            excluded = statement.excluded
            update = {"started_at": earliest(table.c.started_at, excluded.started_at),
                      **{name: (value if value is not None else excluded[name])
                         for name, value in update.items()}}
            return statement.on_conflict_do_update(
                index_elements=conflict, set_=update,
                where=excluded.started_at < table.c.started_at if only_earlier else None)

        lesson = ["learner_id", "lesson_id"]
        answered = {"attempts": lp.c.attempts + 1, "best_score": None}
        completion = {"completed_at": None, "method": None, "tutor_id": None, "event_id": None}
        _STATEMENTS[dialect] = {
            "attempt": insert(QuizAttempt.__table__).on_conflict_do_nothing(
                index_elements=["id"]).returning(QuizAttempt.__table__.c.id),
            "lesson_started": upsert(lp, lesson, {}, only_earlier=True),
            "course_started": upsert(cp, ["learner_id", "course_id"], {}, only_earlier=True),
            "lesson_answered": upsert(lp, lesson, answered),
            "lesson_completed": upsert(lp, lesson, {**answered, **completion}),
            "course_answered": upsert(cp, ["learner_id", "course_id"],
                                      {"lessons_completed": None, "completed_at": None}),
            "hold": insert(CompletionHold.__table__).on_conflict_do_nothing(
                index_elements=["learner_id", "lesson_id"]),
        }
    return _STATEMENTS[dialect]
