"""Tutoring with no connection: a team pack to save on the tutor's phone, and the tutoring pages
the phone shows for any person on the roster when it cannot reach the site (the service worker
serves them for /learners/<id> and /learners/<id>/tutor/<course>/<lesson>; the script fills in
the person). Online, the tutor uses the tutoring screens (learning/tutoring/views.py)."""

import uuid

from flask import Blueprint, abort, jsonify, render_template
from flask_babel import get_locale
from flask_login import current_user, login_required

from learning.access import policy
from learning.catalog.records import current_catalogue
from learning.events.queries import recent_events
from learning.lessons.quiz_form import step_order
from learning.teams.lookup import team_or_404
from learning.teams.models import DigitalTeam
from learning.teams.queries import membership_of
from learning.tutoring.offline.packs import team_pack

bp = Blueprint("offline_tutoring", __name__, url_prefix="/offline")


def _own_team() -> DigitalTeam:
    """The tutor's team (these pages are for tutors and team leads only)."""
    membership = membership_of(current_user)
    policy.require(membership is not None)
    return membership.team  # type: ignore[union-attr]


@bp.get("/teams/<int:team_id>.json")
@login_required
def team(team_id: int):
    found = team_or_404(team_id)
    policy.require(policy.is_member_of(current_user, found))
    response = jsonify(team_pack(current_user, found, current_catalogue(), str(get_locale())))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/tutor/learner")
@login_required
def learner_page():
    team = _own_team()
    return render_template("tutoring/offline/learner.html", team=team,
                           courses=current_catalogue().courses, locale=str(get_locale()))


@bp.get("/tutor/<course_id>/<lesson_id>")
@login_required
def lesson_page(course_id: str, lesson_id: str):
    team = _own_team()
    course = current_catalogue().course(course_id) or abort(404)
    lesson = course.lesson(lesson_id) or abort(404)
    text = lesson.text(str(get_locale()))
    orders = {i: step_order(lesson, i, q) for i, q in enumerate(text.questions)
              if q.kind == "order"}
    return render_template(
        "tutoring/offline/lesson.html", team=team, course=course, lesson=lesson, text=text,
        orders=orders, errors={}, answers={}, events=recent_events(team),
        attempt_id=str(uuid.uuid4()))
