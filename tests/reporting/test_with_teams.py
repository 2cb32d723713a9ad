"""The statistics stay exact through the services of the community digital teams: sign-up in
person, tutoring, events created, moved and deleted, learners leaving a team, accounts deleted."""

import uuid
from datetime import timedelta

from sqlalchemy import func, select

from learning.counting.definitions import ALL, ALL_TIME, TEAM, today
from learning.counting.models import StatCounter
from learning.events.services import delete_event, update_event
from learning.extensions import db
from learning.privacy.services import delete_account, leave_team
from learning.reporting.rebuild import verify
from learning.tutoring.services import record_tutored_attempt
from tests.factories import add_tutor, make_event, make_team, sign_up_in_person
from tests.reporting.helpers import right_answers


def total(measure, dimension=ALL, value=""):
    c = StatCounter
    return db.session.scalar(select(func.coalesce(func.sum(getattr(c, measure)), 0)).where(
        c.period == ALL_TIME, c.dimension == dimension, c.course_id == 0, c.value == value))


def test_team_work_is_counted_exactly(catalogue):
    team = make_team()
    tutor = add_tutor(team, lead=True)
    learner, _code = sign_up_in_person(team, tutor)
    course = catalogue.course("vneid")
    event = make_event(team, tutor)
    spare = make_event(team, tutor, title="Created by mistake")
    for lesson in course.lessons[:2]:
        record_tutored_attempt(tutor, learner, course, lesson, right_answers(lesson),
                               str(uuid.uuid4()), event)
    record_tutored_attempt(tutor, learner, course, course.lessons[2],
                           right_answers(course.lessons[2]), str(uuid.uuid4()))
    db.session.commit()
    team_value = str(team.id)
    assert total("sessions") == 2 and total("sessions", TEAM, team_value) == 2
    assert total("helped", TEAM, team_value) == 1 and total("lessons", "method", "event") == 2
    update_event(tutor, event, held_on=today() - timedelta(days=10), place="Nhà văn hoá",
                 title="Moved", course_slugs=["vneid"])
    delete_event(tutor, spare)
    leave_team(learner)
    db.session.commit()
    assert total("sessions") == 1 and total("helped", TEAM, "") == 1
    delete_account(learner, learner)
    db.session.commit()
    assert total("registered", TEAM, "") >= 1 and total("lessons") == 3  # counts kept
    assert [str(d) for d in verify().differences] == []
