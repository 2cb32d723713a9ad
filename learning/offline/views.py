"""Pages and files for offline use: the service worker, the manifest, course packs and the
"On this phone" page. All read-only and open to everyone, like the lessons themselves."""

import time

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask_babel import get_locale
from flask_login import current_user

from learning.access import policy
from learning.catalog.content import Course
from learning.catalog.records import current_catalogue
from learning.lessons.views import render_lesson_page
from learning.offline.packs import course_pack, pack_hash
from learning.offline.shell import manifest as manifest_of
from learning.offline.shell import service_worker_script, strings_json, strings_url
from learning.serving.public import public_page

bp = Blueprint("offline", __name__)

YEAR = 60 * 60 * 24 * 365


def offline_strings_url(locale: str, team: bool = False) -> str:
    return strings_url(locale, team)


def offline_team_id() -> int | None:
    """The team of a signed-in tutor, whose list they may save for tutoring offline."""
    scope = policy.scope_of(current_user)
    return scope.team_id if policy.works_in_team(scope) else None


def offline_now() -> int:
    """When the page was made: the phone trusts the newest page it saw about who is signed in."""
    return int(time.time() * 1000)


def _locale_or_404(locale: str) -> str:
    if locale not in current_app.config["LANGUAGES"]:
        abort(404)
    return locale


def _course_or_404(course_id: str) -> Course:
    return current_catalogue().course(course_id) or abort(404)


@bp.get("/sw.js")
def service_worker():
    languages = current_app.config["LANGUAGES"]
    locale = request.args.get("lang") if request.args.get("lang") in languages else languages[0]
    response = current_app.response_class(service_worker_script(locale),
                                          mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/offline/manifest.<locale>.webmanifest")
def manifest(locale: str):
    response = jsonify(manifest_of(_locale_or_404(locale)))
    response.mimetype = "application/manifest+json"
    response.cache_control.max_age = 86400
    return response


@bp.get("/offline/strings/<locale>.json")
def strings(locale: str):
    return _strings(strings_json(_locale_or_404(locale)))


@bp.get("/offline/strings/<locale>/team.json")
def team_strings(locale: str):
    """A tutor's words (static/js/team.js): only words, open to everyone like the others."""
    return _strings(strings_json(_locale_or_404(locale), team=True))


def _strings(data: bytes):
    response = current_app.response_class(data, mimetype="application/json")
    if request.args.get("v"):
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
    return response


@bp.get("/offline/packs/<locale>/<course_id>.json")
def pack(locale: str, course_id: str):
    course = _course_or_404(course_id)
    response = jsonify(course_pack(course, _locale_or_404(locale)))
    response.set_etag(pack_hash(course, locale))
    response.cache_control.no_cache = True
    return response.make_conditional(request)


@bp.get("/offline/courses/<course_id>/<lesson_id>")
@public_page
def lesson_copy(course_id: str, lesson_id: str):
    """A lesson page as the phone keeps it: the same page, without counting it as started."""
    course = _course_or_404(course_id)
    lesson = course.lesson(lesson_id) or abort(404)
    html, status = render_lesson_page(course, lesson)
    return html, status, {"X-Robots-Tag": "noindex"}


@bp.get("/offline")
def on_this_phone():
    catalogue = current_catalogue()
    return render_template("offline/on_this_phone.html", courses=catalogue.courses,
                           locale=str(get_locale()))
