"""The rules that flag an implausible lesson completion for review.

Each rule looks at one new completion (``progress.services.NewCompletion``); the counts it needs
are read in the learner's locking statement (``progress.facts.attempt_state``), so an honest
answer costs no extra statement. A rule that fires on a burst also holds the rest of the burst
(the completions recorded before it was seen). Every threshold is a setting; the defaults are:

- ``instant``: the quiz was passed less than ``FLAG_MIN_SHARE`` (0.2) of the lesson's estimated
  minutes after the lesson was opened, and never less than ``FLAG_MIN_SECONDS`` (20 s): a 5-minute
  lesson passed within 60 s, a 2-minute one within 24 s, or a quiz answered without the lesson
  ever being opened (not judged when the answer's time was clamped: ``clamped`` is);
- ``tutor_burst``: a tutor recorded ``FLAG_TUTOR_BURST`` (8) or more completions within
  ``FLAG_TUTOR_WINDOW_SECONDS`` (60) seconds either side of this one (the time they were earned);
- ``signup_address``: the learner's account is one of ``FLAG_SIGNUP_ADDRESS_BURST`` (30) or more
  signed up on their own from the same network address within ``FLAG_SIGNUP_WINDOW_MINUTES`` (10)
  minutes either side of theirs;
- ``signup_tutor``: the learner is one of ``FLAG_SIGNUP_TUTOR_BURST`` (10) or more people one
  tutor signed up in person within the same window;
- ``clamped``: the answer's device time was out of range and changed (``clock_clamped``: before
  the account existed, more than 60 days back, or in the future).

``FLAG_RULES`` lists the rules in force (comma-separated; default: all of them; empty: none).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import and_, select

from learning.accounts.models import User
from learning.catalog.content import Lesson
from learning.extensions import db
from learning.progress.models import CompletionHold, LessonProgress
from learning.progress.services import Earned, Flags, NewCompletion, Review

INSTANT, TUTOR_BURST, SIGNUP_ADDRESS, SIGNUP_TUTOR, CLAMPED = (
    "instant", "tutor_burst", "signup_address", "signup_tutor", "clamped")
RULES = (INSTANT, TUTOR_BURST, SIGNUP_ADDRESS, SIGNUP_TUTOR, CLAMPED)

DEFAULTS: dict[str, Any] = {
    "FLAG_RULES": ",".join(RULES),
    "FLAG_MIN_SHARE": 0.2,
    "FLAG_MIN_SECONDS": 20,
    "FLAG_TUTOR_BURST": 8,
    "FLAG_TUTOR_WINDOW_SECONDS": 60,
    "FLAG_SIGNUP_ADDRESS_BURST": 30,
    "FLAG_SIGNUP_TUTOR_BURST": 10,
    "FLAG_SIGNUP_WINDOW_MINUTES": 10,
}


@dataclass(frozen=True)
class Thresholds:
    rules: frozenset[str]
    min_share: float
    min_seconds: int
    tutor_burst: int
    tutor_window: timedelta
    address_burst: int
    tutor_signup_burst: int
    signup_window: timedelta

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None = None) -> "Thresholds":
        """The thresholds in force: the app's settings (``FLAG_*``), else the defaults."""
        if settings is None:
            settings = current_app.config if has_app_context() else {}

        def get(name: str) -> Any:
            value = settings.get(name)
            return DEFAULTS[name] if value is None else value

        names = get("FLAG_RULES")
        items = names.split(",") if isinstance(names, str) else names
        return cls(frozenset(str(n).strip() for n in items if str(n).strip() in RULES),
                   float(get("FLAG_MIN_SHARE")), int(get("FLAG_MIN_SECONDS")),
                   int(get("FLAG_TUTOR_BURST")),
                   timedelta(seconds=int(get("FLAG_TUTOR_WINDOW_SECONDS"))),
                   int(get("FLAG_SIGNUP_ADDRESS_BURST")), int(get("FLAG_SIGNUP_TUTOR_BURST")),
                   timedelta(minutes=int(get("FLAG_SIGNUP_WINDOW_MINUTES"))))


def unknown_rules(settings: dict[str, Any]) -> list[str]:
    """Names in FLAG_RULES that are no rule (the site refuses to start on them)."""
    names = settings.get("FLAG_RULES")
    if names is None:
        return []
    items = names.split(",") if isinstance(names, str) else names
    return [str(n).strip() for n in items if str(n).strip() and str(n).strip() not in RULES]


def minimum_seconds(lesson: Lesson, thresholds: Thresholds) -> int:
    """The least time in which a lesson can plausibly be read and its quiz passed."""
    return max(thresholds.min_seconds, round(thresholds.min_share * lesson.minutes * 60))


def parameters(learner: User, at: datetime, earned: Earned) -> dict[str, Any]:
    """The bound parameters of the counts the rules need (``progress.facts.attempt_state``)."""
    t = Thresholds.from_settings()
    created = learner.created_at or at
    return {
        "burst_tutor": (earned.tutor_id or 0) if TUTOR_BURST in t.rules else 0,
        "burst_from": at - t.tutor_window, "burst_to": at + t.tutor_window,
        "signup_address": (learner.signup_address or "") if SIGNUP_ADDRESS in t.rules else "",
        "registered_by": (learner.registered_by_id or 0) if SIGNUP_TUTOR in t.rules else 0,
        "signup_from": created - t.signup_window, "signup_to": created + t.signup_window,
    }


def check(completion: NewCompletion) -> Flags:
    """The rules that fire on a new completion, and the rest of any burst it belongs to."""
    t = Thresholds.from_settings()
    flags = Flags()
    if INSTANT in t.rules and not completion.clock_clamped:  # a changed time measures nothing
        needed = minimum_seconds(completion.lesson, t)
        started = completion.started_at
        seconds = None if started is None else int((completion.at - started).total_seconds())
        if seconds is None or seconds < needed:
            flags.rules[INSTANT] = {"seconds": seconds, "minimum": needed}
    if CLAMPED in t.rules and completion.clock_clamped:
        flags.rules[CLAMPED] = {"why": completion.clock_clamped}
    tutor = completion.earned.tutor_id
    if TUTOR_BURST in t.rules and tutor and completion.tutor_recent + 1 >= t.tutor_burst:
        detail = {"count": completion.tutor_recent + 1, "seconds": int(
            t.tutor_window.total_seconds()), "tutor": tutor}
        flags.rules[TUTOR_BURST] = detail
        _others(flags, TUTOR_BURST, detail, _tutor_completions(
            tutor, completion.at - t.tutor_window, completion.at + t.tutor_window))
    learner = completion.learner
    if SIGNUP_ADDRESS in t.rules and learner.signup_address \
            and completion.address_signups >= t.address_burst:
        detail = {"count": completion.address_signups,
                  "minutes": int(t.signup_window.total_seconds() // 60)}
        flags.rules[SIGNUP_ADDRESS] = detail
        _others(flags, SIGNUP_ADDRESS, detail, _signup_completions(
            User.signup_address == learner.signup_address, learner.created_at, t))
    if SIGNUP_TUTOR in t.rules and learner.registered_by_id \
            and completion.tutor_signups >= t.tutor_signup_burst:
        detail = {"count": completion.tutor_signups,
                  "minutes": int(t.signup_window.total_seconds() // 60),
                  "tutor": learner.registered_by_id}
        flags.rules[SIGNUP_TUTOR] = detail
        _others(flags, SIGNUP_TUTOR, detail, _signup_completions(
            User.registered_by_id == learner.registered_by_id, learner.created_at, t))
    return flags


def _others(flags: Flags, rule: str, detail: dict, rows: list[tuple[int, int]]) -> None:
    flags.others += [(learner_id, lesson_id, {rule: detail}) for learner_id, lesson_id in rows]


def _not_held():
    return ~select(CompletionHold.id).where(
        CompletionHold.learner_id == LessonProgress.learner_id,
        CompletionHold.lesson_id == LessonProgress.lesson_id).exists()


def _tutor_completions(tutor_id: int, start: datetime, end: datetime) -> list[tuple[int, int]]:
    lp = LessonProgress
    return [tuple(row) for row in db.session.execute(select(lp.learner_id, lp.lesson_id).where(
        lp.tutor_id == tutor_id, lp.completed_at >= start, lp.completed_at <= end,
        _not_held()))]  # type: ignore[misc]


def _signup_completions(same: Any, created: datetime,
                        t: Thresholds) -> list[tuple[int, int]]:
    lp = LessonProgress
    return [tuple(row) for row in db.session.execute(
        select(lp.learner_id, lp.lesson_id).join(User, User.id == lp.learner_id).where(
            and_(same, User.created_at >= created - t.signup_window,
                 User.created_at <= created + t.signup_window),
            lp.completed_at.is_not(None), _not_held()))]  # type: ignore[misc]


REVIEW = Review(parameters, check)
