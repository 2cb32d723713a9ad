"""Read-only queries about one learner's progress (two queries for a whole dashboard)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from learning.accounts.models import User
from learning.catalog.content import Catalogue, Course, Lesson
from learning.catalog.records import record_ids
from learning.extensions import db
from learning.progress.models import LessonProgress, QuizAttempt


@dataclass(frozen=True)
class CourseState:
    course: Course
    completed: frozenset[str]  # ids of completed lessons
    started: frozenset[str]
    best_scores: dict[str, int]
    last_active: datetime | None = None

    @property
    def done(self) -> int:
        return len(self.completed)

    @property
    def total(self) -> int:
        return len(self.course.lessons)

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def is_complete(self) -> bool:
        return self.done == self.total

    @property
    def next_lesson(self) -> Lesson | None:
        """The exact lesson to continue with: the first one not completed."""
        return next((x for x in self.course.lessons if x.id not in self.completed), None)


def learner_states(learner: User | None, catalogue: Catalogue) -> dict[str, CourseState]:
    rows: list[LessonProgress] = []
    if learner is not None and learner.is_authenticated:
        rows = list(db.session.scalars(
            select(LessonProgress).where(LessonProgress.learner_id == learner.id)))
    ids = record_ids()
    slug_of = {lesson_id: key for key, lesson_id in ids.lessons.items()}
    completed: dict[str, set[str]] = {}
    started: dict[str, set[str]] = {}
    scores: dict[str, dict[str, int]] = {}
    active: dict[str, datetime] = {}
    for row in rows:
        if row.lesson_id not in slug_of:
            continue
        course_id, lesson_id = slug_of[row.lesson_id]
        started.setdefault(course_id, set()).add(lesson_id)
        moment = max(row.started_at, row.completed_at or row.started_at)
        active[course_id] = max(active.get(course_id, moment), moment)
        if row.completed_at is not None:
            completed.setdefault(course_id, set()).add(lesson_id)
        if row.best_score is not None:
            scores.setdefault(course_id, {})[lesson_id] = row.best_score
    states = {}
    for course in catalogue.courses:
        current = {lesson.id for lesson in course.lessons}
        states[course.id] = CourseState(
            course, frozenset(completed.get(course.id, set()) & current),
            frozenset(started.get(course.id, set()) & current), scores.get(course.id, {}),
            active.get(course.id))
    return states


def continue_with(states: dict[str, CourseState]) -> tuple[Course, Lesson] | None:
    """The lesson to continue with: in the course most recently worked on that is not finished."""
    open_states = [s for s in states.values() if s.last_active and s.next_lesson]
    if not open_states:
        return None
    latest = max(open_states, key=lambda state: state.last_active or datetime.min)
    return latest.course, latest.next_lesson  # type: ignore[return-value]


def attempt_of(learner: User, attempt_id: str) -> QuizAttempt | None:
    attempt = db.session.get(QuizAttempt, attempt_id)
    return attempt if attempt is not None and attempt.learner_id == learner.id else None
