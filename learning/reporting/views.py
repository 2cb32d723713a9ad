"""Statistics pages: province dashboard, commune page, weekly and monthly reports and their
exports. Every page asks the authorization layer (learning.access.policy) first."""

from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from learning.access.policy import (
    can_review_commune,
    can_see_province,
    require,
    reviews_completions,
    sees_exact_breakdowns,
    sees_statistics,
    visible_or_404,
)
from learning.accounts.models import Role
from learning.catalog.records import current_catalogue, record_ids
from learning.counting.definitions import (
    AGE,
    AGE_LABELS,
    DIMENSION_LABELS,
    GENDER,
    GENDER_LABELS,
    MEASURES,
    METHOD,
    METHOD_LABELS,
    METHODS,
    MONTH,
    NO_TEAM,
    QUARTER,
    TEAM,
    WEEK,
    YEAR,
    Period,
    core_pathway,
    coverage_goal,
    goal_date,
    parse_period,
    small_cell_limit,
    today,
)
from learning.reporting import charts
from learning.reporting.areas import (
    COMMUNE,
    PROVINCE,
    Area,
    commune_area,
    province_area,
    provinces_in_scope,
)
from learning.reporting.disclosure import ROSTER
from learning.reporting.exports import coverage_json, report_csv, report_json, report_xlsx
from learning.reporting.feed import coverage_data_csv, report_data_csv
from learning.reporting.figures import dashboard
from learning.reporting.filters import (
    GROUP_CHOICES,
    Filter,
    filtered,
    read_filter,
    released_dimensions,
)
from learning.reporting.presentation import Shown, percent, period_label, points
from learning.reporting.queries import CounterSource, Source
from learning.reporting.reports import report
from learning.reporting.revisions import revision_of
from learning.reporting.sorting import sort_communes

bp = Blueprint("reporting", __name__)
LEVELS = "<any(provinces, communes):level>"
SCHEDULES = "<any(weekly, monthly, quarterly, yearly):schedule>"
KINDS = {"weekly": WEEK, "monthly": MONTH, "quarterly": QUARTER, "yearly": YEAR}
SCHEDULE_OF = {kind: schedule for schedule, kind in KINDS.items()}
# Periods offered in a report's "another period" list (the current one and those before).
CHOICES = {WEEK: 53, MONTH: 25, QUARTER: 9, YEAR: 6}


def source() -> Source:
    """Where the figures come from: the counters (a benchmark may put another ``Source`` in
    ``app.extensions["statistics_source"]``, to time the same pages over raw records)."""
    return current_app.extensions.get("statistics_source", CounterSource)()


def area_or_404(level: str, code: str) -> Area:
    """The province or commune, if the user may see it (404 otherwise, whoever asks)."""
    if level == "provinces":
        area = province_area(current_user, code) if can_see_province(current_user, code) \
            else None
    else:
        area = commune_area(current_user, code)
    return visible_or_404(area, area is not None)


def exact_for(area: Area) -> bool:
    """Whether the user sees the split of people by group exactly (else: as released)."""
    return sees_exact_breakdowns(current_user, area.code if area.kind == COMMUNE else None)


def course_names() -> dict[int, str]:
    """Course database id -> title in the reader's language, in catalogue order."""
    locale, ids = str(get_locale()), record_ids().courses
    return {ids[c.id]: c.title(locale) for c in current_catalogue().courses if c.id in ids}


def course_slugs() -> dict[int, str]:
    return {course_id: slug for slug, course_id in record_ids().courses.items()}


@bp.get("/statistics")
@login_required
def index():
    require(sees_statistics(current_user))
    if current_user.role == Role.COMMUNE_OFFICER and current_user.commune_code:
        return redirect(url_for(".commune", code=current_user.commune_code))
    provinces = provinces_in_scope(current_user)
    if len(provinces) == 1:
        return redirect(url_for(".province", code=provinces[0].code))
    return render_template("reporting/index.html", provinces=provinces)


@bp.get("/statistics/definitions")
@login_required
def definitions():
    require(sees_statistics(current_user))
    titles = {c.id: c.title(str(get_locale())) for c in current_catalogue().courses}
    return render_template("reporting/definitions.html", measures=MEASURES,
                           core=[titles.get(slug, slug) for slug in core_pathway()],
                           goal=coverage_goal(), limit=small_cell_limit(),
                           goal_day=goal_date())


@bp.get("/statistics/provinces/<code>")
@login_required
def province(code: str):
    require(sees_statistics(current_user))
    return _dashboard(area_or_404("provinces", code))


@bp.get("/statistics/communes/<code>")
@login_required
def commune(code: str):
    require(sees_statistics(current_user))
    return _dashboard(area_or_404("communes", code))


def _dashboard(area: Area):
    breakdowns = (AGE, GENDER, TEAM) if area.kind == COMMUNE else (AGE, GENDER)
    chosen = read_filter(request.args, record_ids().courses) if area.kind == PROVINCE \
        else Filter()
    exact = exact_for(area)
    board = dashboard(source(), area, today(), breakdowns if exact else (),
                      released_dimensions(breakdowns, exact, chosen))
    shown = Shown()
    column = filtered(board, chosen, record_ids().courses.get(chosen.course))
    sort, descending = request.args.get("sort", "name"), request.args.get("dir") == "desc"
    rows, sort, descending = sort_communes(
        board.communes, sort, descending, column.values if column else None)
    places = [(c.commune.code, c.commune.full_name, c.commune.latitude, c.commune.longitude,
               c.coverage, c.inactive, shown.share(c.counts["core"], c.target), c.commune.name)
              for c in board.communes]
    page = render_template(
        "reporting/dashboard.html", board=board, shown=shown, rows=rows, sort=sort,
        descending=descending, courses=course_names(), exact=exact, chosen=chosen,
        sections=breakdowns, extra_query="".join(
            f"&{key}={quote(value)}" for key, value in chosen.query().items()),
        course_titles={course_slugs().get(i, ""): t for i, t in course_names().items()},
        column=column, group_choices=GROUP_CHOICES, course_slugs=course_slugs(),
        dot_map=charts.dot_map(places, [c.commune.code for c in board.lagging])
        if area.kind == PROVINCE else None,
        week_chart=_bars(board.weeks, shown), month_chart=_bars(board.months, shown),
        review_url=review_url(area), **page_context(area))
    return page, 422 if chosen.errors else 200


def review_url(area: Area) -> str | None:
    """Where the user reviews the area's flagged completions (None: they do not)."""
    if not reviews_completions(current_user):
        return None
    if area.kind == COMMUNE:
        commune = next((c for c in area.communes if c.code == area.code), None)
        if commune is None or not can_review_commune(current_user, commune):
            return None
        return url_for("review.commune", code=area.code)
    return url_for("review.index")


def page_context(area: Area) -> dict:
    """What every statistics template uses to name things."""
    def value_label(dimension: str, value: str) -> str:
        if dimension == TEAM and value == ROSTER:
            return _("On a team's roster")
        if dimension == TEAM:
            return area.teams.get(value) or (_("Not on a team's roster") if value == NO_TEAM
                                             else _("Team %(id)s", id=value))
        labels = {AGE: AGE_LABELS, GENDER: GENDER_LABELS, METHOD: METHOD_LABELS}[dimension]
        return str(labels.get(value, value))

    base = url_for(".commune", code="00000")  # one url_for, not one per commune
    return {"PROVINCE": PROVINCE, "goal": coverage_goal(), "points": points, "measures": MEASURES,
            "commune_urls": {code: base.replace("00000", code) for code in area.codes},
            "methods": METHODS, "method_labels": METHOD_LABELS,
            "dimension_labels": DIMENSION_LABELS, "value_label": value_label,
            "group_label": lambda dimension, group: ", ".join(
                value_label(dimension, value) for value in group.values),
            "legend": legend_labels(), "limit": small_cell_limit(),
            "province_link": area.kind == COMMUNE
            and can_see_province(current_user, area.province_code)}


def legend_labels() -> list[str]:
    bounds = [percent(t) for t in charts.thresholds()]
    labels = [_("under %(n)s", n=bounds[0])]
    labels += [f"{low} – {high}" for low, high in zip(bounds, bounds[1:], strict=False)]
    return labels + [_("%(n)s or more (goal reached)", n=bounds[-1])]


def _bars(points, shown: Shown) -> charts.BarChart:
    return charts.bar_chart(
        [(period_label(p.period, "short"), p.counts["lessons"], shown.count(p.counts["lessons"]),
          p.partial)
         for p in points], tick_text=format_decimal)


def statistics_period_label(period: Period, style: str = "long") -> str:
    return period_label(period, style)


def default_period(kind: str) -> Period:
    """The last complete week, month or quarter; this year (the year to date)."""
    current = Period.containing(kind, today())
    return current if kind == YEAR else current.previous


@bp.get(f"/statistics/{LEVELS}/<code>/{SCHEDULES}")
@login_required
def latest_report(level: str, code: str, schedule: str):
    """The default period of the schedule, or the one chosen in the form."""
    require(sees_statistics(current_user))
    area = area_or_404(level, code)
    kind = KINDS[schedule]
    chosen = request.args.get("period")
    if chosen is not None:
        period = parse_period(kind, chosen)
        if period is None:
            return _report_page(area, default_period(kind), chosen), 422
    else:
        period = default_period(kind)
    return redirect(url_for(".report_page", level=level, code=code, schedule=schedule,
                            key=period.key))


@bp.get(f"/statistics/{LEVELS}/<code>/{SCHEDULES}/<key>")
@login_required
def report_page(level: str, code: str, schedule: str, key: str):
    require(sees_statistics(current_user))
    area = area_or_404(level, code)
    period = parse_period(KINDS[schedule], key) or abort(404)
    return _report_page(area, period)


def _report_page(area: Area, period: Period, bad_choice: str | None = None) -> str:
    the_report = report(source(), area, period, today(), course_names())
    choices = [Period.containing(period.kind, today())]
    for _period in range(CHOICES[period.kind] - 1):
        choices.append(choices[-1].previous)
    return render_template("reporting/report.html", report=the_report, shown=Shown(),
                           exact=exact_for(area),
                           revision=revision_of(the_report, course_slugs()), choices=choices,
                           bad_choice=bad_choice,
                           commune_report_url=url_for(
                               ".report_page", level="communes", code="00000",
                               schedule=SCHEDULE_OF[period.kind], key=period.key),
                           review_url=review_url(area),
                           level="provinces" if area.kind == PROVINCE else "communes",
                           schedule=SCHEDULE_OF[period.kind],
                           **page_context(area))


@bp.get(f"/statistics/{LEVELS}/<code>/{SCHEDULES}/<key>/data.csv")
@login_required
def report_data(level: str, code: str, schedule: str, key: str):
    """Every figure of the report with stable keys, for programs (feed.py); a commune officer
    downloads their own commune's."""
    require(sees_statistics(current_user))
    area = area_or_404(level, code)
    period = parse_period(KINDS[schedule], key) or abort(404)
    body = report_json(report(source(), area, period, today(), course_names()), course_slugs())
    return _download(report_data_csv(body), f"{area.code}-{period.key}-data.csv")


@bp.get(f"/statistics/{LEVELS}/<code>/coverage.csv")
@login_required
def coverage_data(level: str, code: str):
    """Coverage today per commune; on a province, with the analyst's filter as on the page
    (``?course=`` or one group): one more column, empty where the figure is withheld."""
    require(sees_statistics(current_user))
    area = area_or_404(level, code)
    chosen = read_filter(request.args, record_ids().courses) if area.kind == PROVINCE \
        else Filter()
    if chosen.errors:
        return Response("\n".join(chosen.errors.values()) + "\n", status=422,
                        mimetype="text/plain; charset=utf-8")
    board = dashboard(source(), area, today(), (), released_dimensions((), False, chosen))
    column = filtered(board, chosen, record_ids().courses.get(chosen.course))
    body = coverage_json(board, course_slugs())
    return _download(coverage_data_csv(body, chosen.query(), column),
                     f"{area.code}-coverage-{today().isoformat()}.csv")


def _download(body: bytes, filename: str) -> Response:
    return Response(body, mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store"})


@bp.get(f"/statistics/{LEVELS}/<code>/{SCHEDULES}/<key>/report.<any(csv, xlsx):fmt>")
@login_required
def report_export(level: str, code: str, schedule: str, key: str, fmt: str):
    require(sees_statistics(current_user))
    area = area_or_404(level, code)
    period = parse_period(KINDS[schedule], key) or abort(404)
    the_report = report(source(), area, period, today(), course_names())
    filename = f"{area.slug}-{period.key}.{fmt}"
    if fmt == "csv":
        body, mimetype = report_csv(the_report), "text/csv; charset=utf-8"
    else:
        titles = {str(k): v for k, v in course_names().items()}
        body = report_xlsx(the_report, titles)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store"})
