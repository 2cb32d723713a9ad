"""Team packs: what a tutor's phone keeps to go on tutoring the people on the team's roster with
no connection (the roster, each person's completed lessons, and one tutoring page per lesson that
the phone fills in with the person's name), and to go on with the team's work: the sign-up form,
and the page of each event of the last week and the next two, where attendance is marked and
people are signed up on the spot (both sent later by the phone, learning/offline/teamwork.py);
and the tutor's own script with its words, which only the pages of someone in a team load."""

from typing import Any

from flask import current_app, url_for
from sqlalchemy import select

from learning.access import policy
from learning.accounts.models import User
from learning.catalog.content import Catalogue
from learning.catalog.records import record_ids
from learning.events.queries import recent_events
from learning.extensions import db
from learning.progress.models import LessonProgress
from learning.teams.models import DigitalTeam
from learning.text import collation


def team_pack(tutor: User, team: DigitalTeam, catalogue: Catalogue,
              locale: str) -> dict[str, Any]:
    learners = list(db.session.scalars(policy.learners_in_scope(tutor)
                                       .where(User.team_id == team.id)
                                       .order_by(User.full_name.collate(collation()), User.id)))
    done = _completed_lessons([learner.id for learner in learners])
    pages = [url_for("teams.team", team_id=team.id), url_for("roster.roster", team_id=team.id),
             url_for("offline_tutoring.learner_page"), url_for("roster.new", team_id=team.id),
             url_for("events.events", team_id=team.id)]
    for event in recent_events(team, days=7, ahead=14):
        pages += [url_for("events.event", event_id=event.id),
                  url_for("roster.sign_up_attendee", event_id=event.id)]
    pages += [url_for("offline_tutoring.lesson_page", course_id=course.id, lesson_id=lesson.id)
              for course in catalogue.courses for lesson in course.lessons]
    return {
        "team": team.id,
        "name": team.area_name,
        "tutor": tutor.id,
        "pages": [{"url": page, "from": page} for page in pages],
        "files": team_files(locale),
        "courses": [course.id for course in catalogue.courses],
        "learners": [{"id": learner.id, "name": learner.full_name,
                      "done": sorted(done.get(learner.id, ()))} for learner in learners],
    }


def _completed_lessons(learner_ids: list[int]) -> dict[int, set[str]]:
    """For each learner, their completed lessons as "course/lesson" (one query)."""
    slugs = {lesson_id: f"{course}/{lesson}"
             for (course, lesson), lesson_id in record_ids().lessons.items()}
    rows = db.session.execute(select(LessonProgress.learner_id, LessonProgress.lesson_id).where(
        LessonProgress.learner_id.in_(learner_ids), LessonProgress.completed_at.is_not(None)))
    done: dict[int, set[str]] = {}
    for learner_id, lesson_id in rows:
        if lesson_id in slugs:
            done.setdefault(learner_id, set()).add(slugs[lesson_id])
    return done


def team_files(locale: str) -> list[str]:
    """The tutor's own script and its words (the shell has everyone's): the kept pages load
    them. (Through the templates' globals, as the pages name them: learning/offline is above.)"""
    names = current_app.jinja_env.globals
    return [names["asset"]("js/team.js"), names["offline_strings_url"](locale, team=True)]
