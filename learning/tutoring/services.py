"""Tutoring a learner in person: their answers are recorded through the one progress service,
saying who helped them and, at an event, which event."""

from learning.accounts.models import User
from learning.catalog.content import Course, Lesson
from learning.events.models import TeamEvent
from learning.events.services import mark_attended
from learning.progress.grading import Answers
from learning.progress.models import Method
from learning.progress.services import AttemptOutcome, Earned, record_quiz_attempt


def earned_with(tutor: User, event: TeamEvent | None) -> Earned:
    if event is not None:
        return Earned(method=Method.EVENT, tutor_id=tutor.id, event_id=event.id,
                      recorded_by_id=tutor.id)
    return Earned(method=Method.TUTOR, tutor_id=tutor.id, recorded_by_id=tutor.id)


def record_tutored_attempt(tutor: User, learner: User, course: Course, lesson: Lesson,
                           answers: Answers, attempt_id: str,
                           event: TeamEvent | None = None) -> AttemptOutcome:
    """The quiz answers a learner gave their tutor (at an event: they attended it)."""
    if event is not None:
        mark_attended(tutor, event, [learner])
    return record_quiz_attempt(learner, course, lesson, answers, attempt_id,
                               earned=earned_with(tutor, event))
