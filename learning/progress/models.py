"""Raw progress: every quiz attempt, and each learner's state per lesson and per course.

Attempts are the source of truth; LessonProgress and CourseProgress are kept up to date by
``progress.services`` in the same transaction, and can be rebuilt from attempts.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from learning.accounts.models import utcnow
from learning.extensions import db
from learning.vocabulary import Method

__all__ = ["CompletionHold", "CourseProgress", "HoldStatus", "LessonProgress", "Method",
           "QuizAttempt"]  # Method: vocabulary's


class QuizAttempt(db.Model):
    __tablename__ = "quiz_attempt"
    # (learner, time): whether a new answer is the learner's first of its day, week, month.
    __table_args__ = (Index("ix_quiz_attempt_learner_lesson", "learner_id", "lesson_id"),
                      Index("ix_quiz_attempt_learner_time", "learner_id", "submitted_at"))

    # Generated where the attempt was made (the server's form, or the phone when offline), so that
    # sending the same attempt twice records it once.
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    answers: Mapped[dict] = mapped_column(JSON)
    score: Mapped[int]  # percent
    passed: Mapped[bool]
    method: Mapped[str] = mapped_column(String(10), default=Method.SELF)
    tutor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("team_event.id", ondelete="SET NULL"))
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    submitted_at: Mapped[datetime]  # when the learner answered (the device's clock, bounded)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Why submitted_at is not the device's time (None: it is): "account" (before the account
    # existed), "old" (more than 60 days back), "future". Flagged for review.
    clock_clamped: Mapped[str | None] = mapped_column(String(10))


class LessonProgress(db.Model):
    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("learner_id", "lesson_id"),
                      Index("ix_lesson_progress_tutor_completed", "tutor_id", "completed_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    started_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    best_score: Mapped[int | None]
    # Set by the earliest passing attempt, whatever order attempts arrive in; never unset.
    completed_at: Mapped[datetime | None]
    method: Mapped[str | None] = mapped_column(String(10))
    tutor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("team_event.id", ondelete="SET NULL"))

    @property
    def completed(self) -> bool:
        return self.completed_at is not None


class CourseProgress(db.Model):
    __tablename__ = "course_progress"
    # completions: the people who completed given courses, and when, read as one range (the
    # officials and team members trained, learning/reporting/staff.py).
    __table_args__ = (UniqueConstraint("learner_id", "course_id"),
                      Index("ix_course_progress_completions", "course_id", "completed_at",
                            "learner_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    started_at: Mapped[datetime]
    lessons_completed: Mapped[int] = mapped_column(default=0)
    completed_at: Mapped[datetime | None]


class HoldStatus:
    PENDING = "pending"  # flagged, not yet reviewed: not counted
    CONFIRMED = "confirmed"  # an officer confirmed it: counted, on the day it was completed
    REJECTED = "rejected"  # an officer rejected it: never counted


class CompletionHold(db.Model):
    """A lesson completion held for review (issue 13): a rule of ``learning.review.rules`` found
    it implausible. While it is pending or rejected, the completion (and the course and core
    pathway it completes) is left out of every statistic; confirming it counts it on the day it
    was completed. The learner's own progress is not changed (they still see their work)."""

    __tablename__ = "completion_hold"
    __table_args__ = (UniqueConstraint("learner_id", "lesson_id"),
                      Index("ix_completion_hold_status", "status", "flagged_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    attempt_id: Mapped[str | None] = mapped_column(String(36))  # the attempt that completed it
    rules: Mapped[str] = mapped_column(String(80))  # the rules that flagged it, comma-separated
    details: Mapped[dict] = mapped_column(JSON)  # per rule, the figures that made it fire
    flagged_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default=HoldStatus.PENDING)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None]

    @property
    def rule_names(self) -> list[str]:
        return [rule for rule in self.rules.split(",") if rule]
