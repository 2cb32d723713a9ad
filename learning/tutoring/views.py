"""Tutoring in person, on the tutor's phone: open a learner, go through a lesson, enter the answers
they give, record it as completed with assistance, then go on with the next person in two taps
(the tutor stays signed in; the learner never needs to)."""

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from learning.access import policy
from learning.catalog.content import Course, Lesson
from learning.catalog.records import current_catalogue, record_ids
from learning.database import writes
from learning.events.models import TeamEvent
from learning.events.queries import attendees_of, recent_events
from learning.extensions import db
from learning.lessons.quiz_form import attempt_id_from, parse_quiz_form, step_order
from learning.progress.grading import mark
from learning.progress.queries import attempt_of, learner_states
from learning.progress.services import ProgressError, record_lesson_started
from learning.roster.lookup import learner_or_404
from learning.roster.queries import roster, team_list_page
from learning.roster.recent import recent_learners, remember
from learning.teams.lookup import team_or_404
from learning.teams.queries import membership_of
from learning.tutoring.services import record_tutored_attempt

bp = Blueprint("tutoring", __name__)

LIST_PAGE_SIZE = 30  # people of the team's list per page of "Who is next?"


def _course_lesson_or_404(course_id: str, lesson_id: str) -> tuple[Course, Lesson]:
    course = current_catalogue().course(course_id) or abort(404)
    return course, course.lesson(lesson_id) or abort(404)


def _chosen_event(events: list[TeamEvent], value: str | None) -> TeamEvent | None:
    return next((event for event in events if str(event.id) == (value or "")), None)


def _render_lesson(learner, course, lesson, events, event, errors=None, answers=None,
                   status=200):
    text = lesson.text(str(get_locale()))
    orders = {i: step_order(lesson, i, q) for i, q in enumerate(text.questions)
              if q.kind == "order"}
    return render_template(
        "tutoring/lesson.html", learner=learner, course=course, lesson=lesson, text=text,
        orders=orders, errors=errors or {}, answers=answers or {}, events=events, event=event,
        attempt_id=str(uuid.uuid4()), team_id=learner.team_id), status


@bp.route("/learners/<int:learner_id>/tutor/<course_id>/<lesson_id>", methods=["GET", "POST"])
@login_required
@writes
def lesson(learner_id: int, course_id: str, lesson_id: str):
    learner = learner_or_404(learner_id)
    policy.require(policy.can_tutor(current_user, learner))
    course, lesson = _course_lesson_or_404(course_id, lesson_id)
    events = recent_events(membership_of(current_user).team)
    event = _chosen_event(events, request.values.get("event"))
    if request.method == "GET":
        record_lesson_started(learner, course, lesson)
        remember(learner)
        db.session.commit()
        return _render_lesson(learner, course, lesson, events, event)
    answers, errors = parse_quiz_form(lesson.text(str(get_locale())), request.form)
    kept = {key: request.form.getlist(key) for key in request.form if key.startswith("q")}
    if errors:
        return _render_lesson(learner, course, lesson, events, event, errors, kept, 422)
    try:
        outcome = record_tutored_attempt(current_user, learner, course, lesson, answers,
                                         attempt_id_from(request.form), event)
    except ProgressError:
        db.session.rollback()
        flash(_("These answers were already recorded for someone else. Check and send again."))
        return _render_lesson(learner, course, lesson, events, event, {}, kept, 422)
    remember(learner)
    db.session.commit()
    return redirect(url_for("tutoring.attempt", learner_id=learner.id,
                            attempt_id=outcome.attempt.id))


@bp.get("/learners/<int:learner_id>/attempts/<attempt_id>")
@login_required
def attempt(learner_id: int, attempt_id: str):
    learner = learner_or_404(learner_id)
    found = attempt_of(learner, attempt_id) or abort(404)
    catalogue = current_catalogue()
    course, lesson = _lesson_of_attempt(found)
    answers = {int(k): tuple(v) for k, v in found.answers.items()}
    state = learner_states(learner, catalogue)[course.id]
    event = db.session.get(TeamEvent, found.event_id) if found.event_id else None
    return render_template(
        "tutoring/result.html", learner=learner, course=course, lesson=lesson,
        text=lesson.text(str(get_locale())), answers=answers, attempt=found, state=state,
        marking=mark(lesson, answers, course.pass_mark), event=event,
        tutors=policy.can_tutor(current_user, learner),
        recent=recent_learners(exclude=learner.id) if policy.works_in_team(current_user)
        else [])


def _lesson_of_attempt(attempt) -> tuple[Course, Lesson]:
    slugs = {lesson_id: key for key, lesson_id in record_ids().lessons.items()}
    if attempt.lesson_id not in slugs:
        abort(404)  # a lesson that left the catalogue
    return _course_lesson_or_404(*slugs[attempt.lesson_id])


@bp.get("/teams/<int:team_id>/switch")
@login_required
def switch(team_id: int):
    """Who to tutor next: people at the event, people tutored lately, a search of the list, or
    the team's whole list a page at a time; each goes straight to the same lesson when one is
    given."""
    team = team_or_404(team_id)
    policy.require(policy.is_member_of(current_user, team))
    course_id, lesson_id = request.args.get("course", ""), request.args.get("lesson", "")
    chosen = current_catalogue().lesson(course_id, lesson_id)
    event = _chosen_event(recent_events(team), request.args.get("event"))
    query = request.args.get("q", "")[:80]
    return render_template(
        "tutoring/switch.html", team=team, lesson=chosen, course_id=course_id, event=event,
        attendees=attendees_of(current_user, event) if event else [],
        recent=recent_learners(), query=query,
        found=[row.learner for row in roster(current_user, team, query)][:20]
        if query else [],
        listed=team_list_page(current_user, team, request.args.get("page", 1, type=int),
                              LIST_PAGE_SIZE))
