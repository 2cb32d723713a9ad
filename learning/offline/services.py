"""Merging a batch of events sent by a phone, through the one progress service.

Every event is recorded in its own savepoint, so that one refused event never undoes the others;
the view commits once. Events are recorded learner by learner (in the order of their ids), and the
counter changes of the whole batch are merged and written once, at the end, in key order: two
batches sent at once lock the rows they share in the same order, and never deadlock.

Sending a batch twice, or batches out of order, gives the same result as sending each once in
order: attempts are keyed by the id the phone made, and ``progress.services`` keeps the earliest
pass and the best score. A tutor's team work (people signed up, attendance) is merged the same
way, first (learning/offline/teamwork.py).
"""

from dataclasses import dataclass
from typing import Any

from learning.access.policy import can_record_at_event, can_tutor
from learning.accounts.models import User, utcnow
from learning.catalog.content import Catalogue
from learning.counting.services import deferred
from learning.events.models import TeamEvent
from learning.events.services import mark_attended
from learning.extensions import db
from learning.offline.events import LESSON_STARTED, Refused, SyncEvent, echo_id, parse_event
from learning.offline.teamwork import TEAM_TYPES, lock_teams_of, record_team_work
from learning.progress import services as progress
from learning.progress.models import Method
from learning.tutoring.services import earned_with


@dataclass(frozen=True)
class EventResult:
    id: str | None
    status: str  # "recorded", "duplicate" or "refused"
    error: str | None = None
    message: str | None = None
    score: int | None = None
    passed: bool | None = None
    lesson_completed: bool | None = None
    learner: int | None = None  # the person signed up, merged with, or marked as attended
    existing: list[dict[str, Any]] | None = None  # who a sign-up may be (possible_duplicate)

    def as_json(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if value is not None}


def sync_events(sender: User, raw_events: list[Any], catalogue: Catalogue) -> list[EventResult]:
    """Record each valid event for the learner it names; say why each other one was refused.
    Results are in the order of the events sent."""
    results: list[EventResult | None] = [None] * len(raw_events)
    parsed: list[tuple[int, int, SyncEvent]] = []
    for index, raw in enumerate(raw_events):
        if isinstance(raw, dict) and raw.get("type") in TEAM_TYPES:
            continue  # team work: learning/offline/teamwork.py
        try:
            event = parse_event(raw, catalogue)
        except Refused as refusal:
            results[index] = _refused(raw, refusal)
        else:
            parsed.append((event.learner_id or sender.id, index, event))
    with deferred():  # the batch's counter changes, written once at the end, in key order
        lock_teams_of(sender, raw_events)
        for index, raw in enumerate(raw_events):  # team work first, in the order sent: the
            if isinstance(raw, dict) and raw.get("type") in TEAM_TYPES:  # people it signs up
                results[index] = _team_work(sender, raw)  # are on the list before progress
        for _learner, index, event in sorted(parsed, key=lambda item: item[:2]):
            results[index] = _sync_one(sender, raw_events[index], event)
    return [result for result in results if result is not None]


def _refused(raw: Any, refusal: Refused) -> EventResult:
    return EventResult(echo_id(raw), "refused", refusal.code, refusal.message,
                       existing=refusal.extra.get("existing"))


def _team_work(sender: User, raw: dict[str, Any]) -> EventResult:
    """A sign-up or an attendance (learning/offline/teamwork.py), in its own savepoint."""
    try:
        with deferred(), db.session.begin_nested():
            done = record_team_work(sender, raw)
    except Refused as refusal:
        return _refused(raw, refusal)
    return EventResult(echo_id(raw), done.status, message=done.message, learner=done.learner.id)


def _sync_one(sender: User, raw: Any, event: SyncEvent) -> EventResult:
    try:
        learner = _learner_of(sender, event)
        team_event = _team_event(sender, learner, event)
        with deferred(), db.session.begin_nested():  # dropped together if the event fails
            return _record(sender, learner, event, team_event)
    except Refused as refusal:
        return _refused(raw, refusal)
    except progress.ProgressError:
        return _refused(raw, Refused("id_taken"))


def _learner_of(sender: User, event: SyncEvent) -> User:
    if event.learner_id is None or event.learner_id == sender.id:
        return sender
    learner = db.session.get(User, event.learner_id)
    if learner is None or not can_tutor(sender, learner):
        raise Refused("not_allowed")  # the same answer whether or not the learner exists
    return learner


def _team_event(sender: User, learner: User, event: SyncEvent) -> TeamEvent | None:
    """Where it was earned: on one's own, with a tutor, or at one of the tutor's team events."""
    method = event.method or (Method.SELF if learner is sender else Method.TUTOR)
    if learner is sender:
        if method != Method.SELF or event.event_id is not None:
            raise Refused("invalid_method")
        return None
    if method == Method.TUTOR and event.event_id is None:
        return None
    if method == Method.EVENT and event.event_id is not None:
        team_event = db.session.get(TeamEvent, event.event_id)
        if team_event is None or not can_record_at_event(sender, team_event):
            raise Refused("unknown_event")
        return team_event
    raise Refused("invalid_method")


def _record(sender: User, learner: User, event: SyncEvent,
            team_event: TeamEvent | None) -> EventResult:
    """Through the progress service, as the tutoring screens do (learning/tutoring/services.py),
    keeping the time the answers were given on the phone."""
    earned = progress.Earned(Method.SELF, recorded_by_id=sender.id)
    if learner is not sender:
        earned = earned_with(sender, team_event)
        if team_event is not None:
            mark_attended(sender, team_event, [learner])
    if event.type == LESSON_STARTED:
        at = progress.bounded_time(event.submitted_at, utcnow())
        progress.record_lesson_started(learner, event.course, event.lesson, at)
        return EventResult(event.id, "recorded")
    outcome = progress.record_quiz_attempt(learner, event.course, event.lesson, event.answers,
                                           event.id, event.submitted_at, earned)
    return EventResult(event.id, "duplicate" if outcome.duplicate else "recorded",
                       score=outcome.marking.score, passed=outcome.marking.passed,
                       lesson_completed=outcome.progress.completed)
