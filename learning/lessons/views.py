"""Home, course and lesson pages, and quizzes. Anyone may read; signed-in learners' progress is
recorded through progress.services."""

import uuid
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from learning.catalog.content import Course, Lesson
from learning.catalog.records import current_catalogue, record_ids
from learning.database import reads_first, write_transaction
from learning.lessons.quiz_form import attempt_id_from, parse_quiz_form, step_order
from learning.progress import services
from learning.progress.grading import mark, stored_answers
from learning.progress.queries import attempt_of, continue_with, learner_states
from learning.serving.compression import send_compressed
from learning.serving.public import csrf_when_signed_in, public_page
from learning.vocabulary import Audience

bp = Blueprint("lessons", __name__)


def _course_or_404(course_id: str) -> Course:
    return current_catalogue().course(course_id) or abort(404)


def _lesson_or_404(course: Course, lesson_id: str) -> Lesson:
    return course.lesson(lesson_id) or abort(404)


@bp.get("/")
@public_page
def home():
    catalogue = current_catalogue()
    states = learner_states(current_user, catalogue)
    groups = [(audience.label, catalogue.for_audience(audience)) for audience in Audience]
    return render_template("lessons/home.html", groups=[g for g in groups if g[1]],
                           states=states, resume=continue_with(states))


@bp.get("/courses/<course_id>")
@public_page
def course(course_id: str):
    course = _course_or_404(course_id)
    state = learner_states(current_user, current_catalogue())[course.id]
    return render_template("lessons/course.html", course=course, state=state,
                           catalogue=current_catalogue())


@bp.get("/courses/<course_id>/<lesson_id>")
@public_page
def lesson(course_id: str, lesson_id: str):
    """Read first: a lesson opened again writes nothing (and takes no write lock)."""
    course = _course_or_404(course_id)
    lesson = _lesson_or_404(course, lesson_id)
    if current_user.is_authenticated and not services.lesson_started(current_user, course, lesson):
        with write_transaction():
            services.record_lesson_started(current_user, course, lesson)
    return render_lesson_page(course, lesson)


def render_lesson_page(course: Course, lesson: Lesson, errors: dict | None = None,
                       answers: dict | None = None, status: int = 200):
    """A lesson with its quiz (also saved by phones for offline use, without recording a start)."""
    locale = str(get_locale())
    text = lesson.text(locale)
    fragments = lesson_fragments(course, lesson, locale)
    if errors or answers:  # the questions again, with what was answered and what is missing
        fragments = fragments | {"questions": _render_questions(
            course, lesson, text, errors or {}, answers or {})}
    return render_template(
        "lessons/lesson.html", course=course, lesson=lesson, text=text, fragments=fragments,
        errors=errors or {}, attempt_id=str(uuid.uuid4())), status


def lesson_fragments(course: Course, lesson: Lesson, locale: str) -> dict[str, Markup]:
    """The parts of a lesson page that are the same for every reader in one language (its text,
    its unanswered questions, the links to the lessons around it), rendered once per process:
    the catalogue does not change while the process lives."""
    cache: dict = current_app.extensions.setdefault("lesson_fragments", {})
    key = (id(current_catalogue()), course.id, lesson.id, locale)
    if key not in cache:
        text = lesson.text(locale)
        position = lesson.position
        cache[key] = {
            "article": Markup(render_template(
                "lessons/_article.html", course=course, lesson=lesson, text=text,
                translated=lesson.is_translated(locale))),
            "questions": _render_questions(course, lesson, text, {}, {}),
            "pager": Markup(render_template(
                "lessons/_pager.html", next_lesson=course.next_lesson(lesson),
                course=course,
                previous_lesson=course.lessons[position - 2] if position > 1 else None)),
        }
    return cache[key]


def _render_questions(course: Course, lesson: Lesson, text, errors: dict,
                      answers: dict) -> Markup:
    orders = {i: step_order(lesson, i, q) for i, q in enumerate(text.questions)
              if q.kind == "order"}
    return Markup(render_template("lessons/_questions.html", course=course, lesson=lesson,
                                  text=text, orders=orders, errors=errors, answers=answers))


@bp.post("/courses/<course_id>/<lesson_id>/quiz")
@csrf_when_signed_in  # a visitor's answers are only marked: their page has no token
@reads_first  # who is answering, and the form, are read before the write lock is taken
def submit_quiz(course_id: str, lesson_id: str):
    course = _course_or_404(course_id)
    lesson = _lesson_or_404(course, lesson_id)
    text = lesson.text(str(get_locale()))
    answers, errors = parse_quiz_form(text, request.form)
    if errors:
        return render_lesson_page(course, lesson, errors, _keep(request.form), status=422)
    if not current_user.is_authenticated:
        marking = mark(lesson, answers, course.pass_mark)
        return _render_result(course, lesson, answers, marking)
    attempt_id = attempt_id_from(request.form)
    try:
        with write_transaction():
            services.record_quiz_attempt(current_user, course, lesson, answers, attempt_id)
    except services.ProgressError:  # the form was shown to someone else on this phone
        attempt_id = str(uuid.uuid4())
        with write_transaction():
            services.record_quiz_attempt(current_user, course, lesson, answers, attempt_id)
    # The attempt's id as sent: nothing is read again after the commit.
    return redirect(url_for("lessons.attempt", course_id=course.id, lesson_id=lesson.id,
                            attempt_id=attempt_id))


def _keep(form) -> dict:
    return {key: form.getlist(key) for key in form if key.startswith("q")}


@bp.get("/courses/<course_id>/<lesson_id>/attempts/<attempt_id>")
def attempt(course_id: str, lesson_id: str, attempt_id: str):
    course = _course_or_404(course_id)
    lesson = _lesson_or_404(course, lesson_id)
    if not current_user.is_authenticated:
        return redirect(url_for("lessons.lesson", course_id=course.id, lesson_id=lesson.id))
    found = attempt_of(current_user, attempt_id)
    if found is None or found.lesson_id != record_ids().lessons[(course.id, lesson.id)]:
        abort(404)
    answers = stored_answers(lesson, found.answers)
    return _render_result(course, lesson, answers, mark(lesson, answers, course.pass_mark))


def _render_result(course: Course, lesson: Lesson, answers: dict, marking):
    locale = str(get_locale())
    state = None
    if current_user.is_authenticated:
        state = learner_states(current_user, current_catalogue())[course.id]
    return render_template(
        "lessons/result.html", course=course, lesson=lesson, text=lesson.text(locale),
        answers=answers, marking=marking, state=state, next_lesson=course.next_lesson(lesson))


@bp.get("/courses/<course_id>/images/<path:filename>")
def course_image(course_id: str, filename: str):
    course = _course_or_404(course_id)
    folder = Path(current_app.config["COURSES_DIR"]) / course.id / "images"
    if not filename.endswith(".svg"):
        abort(404)
    response = send_compressed(folder, filename, mimetype="image/svg+xml")
    response.cache_control.max_age = 86400
    return response.make_conditional(request)
