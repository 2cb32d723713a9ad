"""The tutor's and the team's own figures: people helped and lessons completed, week and month."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update

from learning.extensions import db
from learning.progress.models import LessonProgress, QuizAttempt
from learning.team_pages.figures import period_starts, team_figures, tutor_figures
from learning.tutoring.services import record_tutored_attempt
from tests.factories import add_tutor, make_event, make_team, sign_in, sign_up_in_person

NOW = datetime(2025, 9, 24, 3, 0)  # Wednesday 10:00 in Vietnam (UTC+7)


def right(lesson):
    return {i: q.correct_answer for i, q in enumerate(lesson.text("vi").questions)}


def test_week_and_month_start_in_vietnam_time(app):
    with app.test_request_context():
        week, month = period_starts(NOW)
    assert week == datetime(2025, 9, 21, 17, 0)  # Monday 22 September, 00:00 UTC+7
    assert month == datetime(2025, 8, 31, 17, 0)  # 1 September, 00:00 UTC+7


def test_figures_count_people_helped_and_lessons_completed(app, catalogue):
    team = make_team()
    minh, lan = add_tutor(team, "Minh"), add_tutor(team, "Lan")
    mai, _ = sign_up_in_person(team, minh, "Mai")
    ban, _ = sign_up_in_person(team, minh, "Ban")
    course = catalogue.course("vneid")
    first, second = course.lessons[0], course.lessons[1]
    event = make_event(team, lan)

    def tutor(who, learner, lesson, at, at_event=None):
        record_tutored_attempt(who, learner, course, lesson, right(lesson), str(uuid.uuid4()),
                               at_event).attempt.submitted_at = at

    with app.test_request_context():
        tutor(minh, mai, first, NOW - timedelta(days=1))
        tutor(minh, mai, second, NOW - timedelta(days=1))
        tutor(lan, ban, first, NOW - timedelta(days=10), event)
        db.session.flush()
        for attempt in db.session.scalars(select(QuizAttempt)):  # completed when answered
            db.session.execute(update(LessonProgress).where(
                LessonProgress.learner_id == attempt.learner_id,
                LessonProgress.lesson_id == attempt.lesson_id).values(
                completed_at=attempt.submitted_at))
        mine = tutor_figures(minh, NOW)
        theirs = team_figures(team, NOW)
    assert (mine.helped_week, mine.lessons_week, mine.helped_month, mine.lessons_month) == \
        (1, 2, 1, 2)
    assert (theirs.helped_week, theirs.lessons_week, theirs.helped_month,
            theirs.lessons_month) == (1, 2, 2, 3)


def test_team_page_shows_the_figures(app, client, catalogue):
    team = make_team()
    minh = add_tutor(team, "Minh")
    mai, _ = sign_up_in_person(team, minh, "Mai")
    lesson = catalogue.course("vneid").lessons[0]
    record_tutored_attempt(minh, mai, catalogue.course("vneid"), lesson, right(lesson),
                           str(uuid.uuid4()))
    sign_in(client, minh)
    page = client.get(f"/teams/{team.id}")
    assert "My figures" in page.text and "person helped this week" in page.text
    assert "<b>1</b>person helped this week" in page.text
