"""Answers as a learner (or a tutor) gives them: the lesson opened some time before."""

import uuid
from datetime import datetime, timedelta

from learning.accounts.models import utcnow
from learning.progress.services import Earned, record_lesson_started, record_quiz_attempt
from tests.reporting.helpers import right_answers


def study(learner, course, lesson, at: datetime | None = None, read_for: timedelta | None =
          timedelta(minutes=4), tutor=None, submitted_at: datetime | None = None):
    """Open the lesson ``read_for`` before ``at`` (None: never opened), then pass its quiz at
    ``at`` (the device's clock says ``submitted_at`` when given)."""
    at = at or utcnow()
    if read_for is not None:
        record_lesson_started(learner, course, lesson, at - read_for)
    earned = Earned("tutor", tutor_id=tutor.id, recorded_by_id=tutor.id) if tutor \
        else Earned(recorded_by_id=learner.id)
    return record_quiz_attempt(learner, course, lesson, right_answers(lesson), str(uuid.uuid4()),
                               submitted_at=submitted_at or at, earned=earned)
