"""Reading the events a phone sends to /api/v1/progress/sync (the format: docs/api_sync.md).

Each event is read on its own, so that the valid events of a batch are recorded even when others
are refused. A refusal says why, with a code a program can act on and a message a person can read.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from learning.catalog.content import Catalogue, Course, Lesson
from learning.progress.grading import Answers, valid_answer

QUIZ_ATTEMPT = "quiz_attempt"
LESSON_STARTED = "lesson_started"
EVENT_TYPES = (QUIZ_ATTEMPT, LESSON_STARTED)
MAX_EVENTS = 100  # per batch
MAX_BODY_BYTES = 256 * 1024
MAX_ID = 2**31 - 1  # database integers
_INDEXES = frozenset(str(i) for i in range(10))  # question numbers as sent: "0" to "9"

REFUSALS = {
    "not_an_object": _l("Each event must be a JSON object."),
    "invalid_id": _l("The event needs an “id”: a UUID made on the device."),
    "invalid_type": _l("Unknown event type: use “quiz_attempt”, “lesson_started”, “sign_up” or "
                       "“attendance”."),
    "unknown_course": _l("This course does not exist (any more)."),
    "unknown_lesson": _l("This lesson does not exist in this course (any more)."),
    "invalid_learner": _l("“learner” must be the number of a learner's account."),
    "not_allowed": _l("You may not record progress for this learner."),
    "invalid_time": _l("“submitted_at” must be a date and time, such as "
                       "2025-08-01T09:30:00+07:00."),
    "invalid_answers": _l("The answers do not fit this lesson's quiz: answer every question "
                          "with the choices it has."),
    "invalid_method": _l("“method” must be “self” for your own progress, or “tutor” or “event” "
                         "for a learner you tutor."),
    "unknown_event": _l("This event does not exist or is not one of your team's."),
    "id_taken": _l("This id is already used by another attempt."),
    "unknown_team": _l("This team does not exist or you may not sign people up in it."),
    "not_on_list": _l("This person is not on the list of the event's team."),
    "invalid_sign_up": _l("The sign-up does not fit the sign-up form."),
    "possible_duplicate": _l("Someone with this name is already on the team's list."),
}


class Refused(ValueError):
    """The event cannot be recorded; ``code`` is one of REFUSALS, ``message`` (translated) says
    more where it can, ``extra`` goes with the refusal to the phone."""

    def __init__(self, code: str, message: str | None = None, **extra: Any) -> None:
        super().__init__(code)
        self.code, self._message, self.extra = code, message, extra

    @property
    def message(self) -> str:
        return self._message or str(REFUSALS[self.code])


@dataclass(frozen=True)
class SyncEvent:
    id: str
    type: str
    course: Course
    lesson: Lesson
    learner_id: int | None  # None: the sender
    submitted_at: datetime  # UTC, as the device's clock said (the progress service bounds it)
    answers: Answers
    method: str | None
    event_id: int | None


def echo_id(raw: Any) -> str | None:
    """The event's id as sent, to name it in a refusal (cut short if absurdly long)."""
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return raw["id"][:64]
    return None


def parse_event(raw: Any, catalogue: Catalogue) -> SyncEvent:
    if not isinstance(raw, dict):
        raise Refused("not_an_object")
    event_id = device_id(raw.get("id"))
    kind = raw.get("type")
    if kind not in EVENT_TYPES:
        raise Refused("invalid_type")
    course_id, lesson_id = raw.get("course"), raw.get("lesson")
    course = catalogue.course(course_id) if isinstance(course_id, str) else None
    if course is None:
        raise Refused("unknown_course")
    lesson = course.lesson(lesson_id) if isinstance(lesson_id, str) else None
    if lesson is None:
        raise Refused("unknown_lesson")
    answers = _answers(raw.get("answers"), lesson) if kind == QUIZ_ATTEMPT else {}
    method = raw.get("method")
    if method is not None and not isinstance(method, str):
        raise Refused("invalid_method")
    return SyncEvent(event_id, kind, course, lesson, _number(raw.get("learner"), "invalid_learner"),
                     _moment(raw.get("submitted_at")), answers, method,
                     _number(raw.get("event"), "unknown_event"))


def device_id(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 36:
        raise Refused("invalid_id")
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise Refused("invalid_id") from None


def _number(value: Any, code: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise Refused(code)
    return value


def _moment(value: Any) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise Refused("invalid_time")
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise Refused("invalid_time") from None
    return moment


def _answers(value: Any, lesson: Lesson) -> Answers:
    """Every question answered with choices it has, as {"0": [1], "1": [0, 2], …}."""
    text = lesson.text("vi")  # every translation has the same quiz shape
    if not isinstance(value, dict) or len(value) != len(text.questions):
        raise Refused("invalid_answers")
    answers: Answers = {}
    for key, chosen in value.items():
        if not (isinstance(key, str) and key in _INDEXES):
            raise Refused("invalid_answers")
        if not isinstance(chosen, list) or len(chosen) > 10 or not all(
            isinstance(c, int) and not isinstance(c, bool) for c in chosen
        ):
            raise Refused("invalid_answers")
        index, answer = int(key), tuple(chosen)
        if not valid_answer(text, index, answer):
            raise Refused("invalid_answers")
        kind = text.questions[index].kind
        answers[index] = answer if kind == "order" else tuple(sorted(answer))
    return answers
