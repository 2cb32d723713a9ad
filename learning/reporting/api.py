"""The read-only statistics API (/api/v1/…, documented in docs/api.md) that a provincial
reporting system pulls. Signed-in staff use their session; systems send
``Authorization: Bearer <token>`` (``flask stats token create``). Same scopes as the pages, and
small counts always suppressed."""

from flask import Blueprint, abort, g, jsonify, request
from flask_login import current_user

from learning.access.policy import can_see_province, sees_statistics
from learning.accounts.models import User
from learning.counting.definitions import (
    AGE_BAND_NAMES,
    GENDERS,
    MEASURES,
    METHODS,
    MONTH,
    PROJECTION_WEEKS,
    QUARTER,
    TIMEZONE,
    WEEK,
    YEAR,
    core_pathway,
    coverage_goal,
    goal_date,
    parse_period,
    small_cell_limit,
    today,
)
from learning.reporting.areas import Area, commune_area, province_area, provinces_in_scope
from learning.reporting.exports import coverage_json, report_json, rules
from learning.reporting.figures import dashboard
from learning.reporting.openapi import description
from learning.reporting.reports import report
from learning.reporting.tokens import user_for_token
from learning.reporting.views import course_names, course_slugs, source

bp = Blueprint("statistics_api", __name__, url_prefix="/api/v1")
LEVELS = "<any(provinces, communes):level>"
KINDS = {"weekly": WEEK, "monthly": MONTH, "quarterly": QUARTER, "yearly": YEAR}


PUBLIC = ("statistics_api.openapi",)  # the description of the API needs no token


@bp.before_request
def authenticate():
    if request.endpoint in PUBLIC:
        return None
    header = request.headers.get("Authorization", "")
    user: User | None = None
    if header.startswith("Bearer "):
        user = user_for_token(header.removeprefix("Bearer ").strip())
    elif current_user.is_authenticated:
        user = current_user  # type: ignore[assignment]
    if user is None:
        response = jsonify(error="unauthorized", message="Send a valid API token or sign in.")
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="statistics"'
        return response
    if not sees_statistics(user):
        abort(403)
    g.api_user = user
    return None


@bp.after_request
def not_stored(response):
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _area(level: str, code: str) -> Area:
    user = g.api_user
    if level == "provinces":
        area = province_area(user, code) if can_see_province(user, code) else None
    else:
        area = commune_area(user, code)
    if area is None:
        abort(404)
    return area


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(description(request.script_root + bp.url_prefix))


@bp.get("/statistics/definitions")
def definitions():
    return jsonify(
        timezone=str(TIMEZONE), week="ISO 8601 (Monday to Sunday), key YYYY-Www",
        month="calendar month, key YYYY-MM", quarter="calendar quarter, key YYYY-Qn",
        year="calendar year, key YYYY (in progress: the year to date)",
        core_pathway=list(core_pathway()),
        coverage_goal=coverage_goal(), goal_date=goal_date().isoformat(),
        projection_weeks=PROJECTION_WEEKS, small_cell_limit=small_cell_limit(),
        measures={m.name: {"label": str(m.label), "definition": str(m.definition)}
                  for m in MEASURES},
        breakdowns={"method": list(METHODS), "age": list(AGE_BAND_NAMES),
                    "gender": list(GENDERS)},
        rules=rules())


@bp.get("/provinces")
def provinces():
    user = g.api_user
    return jsonify(provinces=[{"code": p.code, "name": p.full_name}
                              for p in provinces_in_scope(user)
                              if can_see_province(user, p.code)])


@bp.get(f"/{LEVELS}/<code>/coverage")
def coverage(level: str, code: str):
    area = _area(level, code)
    board = dashboard(source(), area, today(), ())
    return jsonify(coverage_json(board, course_slugs()))


@bp.get(f"/{LEVELS}/<code>/<any(weekly, monthly, quarterly, yearly):schedule>/<key>")
def periodic_report(level: str, code: str, schedule: str, key: str):
    area = _area(level, code)
    period = parse_period(KINDS[schedule], key)
    if period is None:
        abort(404)
    the_report = report(source(), area, period, today(), course_names())
    return jsonify(report_json(the_report, course_slugs()))
