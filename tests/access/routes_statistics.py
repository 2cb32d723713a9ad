"""What the statistics routes (issue 4: /statistics…, /api/v1/… reports) answer.

Written by the issue-3 engineer from the area's code and its answers when the matrix was built;
the statistics area owns this table and keeps it up to date with its routes.
"""

from tests.access.matrix import COMMUNE_STAFF, Route, commune_scope, only, province_scope, scoped

API = 401  # the API answers visitors "401 Unauthorized" instead of the sign-in page
COMMUNE = "/statistics/communes/{commune}"
API_COMMUNE = "/api/v1/communes/{commune}"


def statistics_home(role: str, target: str | None) -> int:
    """Staff with one commune or one province are sent to its page; admins choose."""
    return {"anonymous": 302, "commune_officer": 302, "province_staff": 302,
            "admin": 200}.get(role, 403)


ROUTES = [
    Route("reporting.index", "GET", "/statistics", statistics_home),
    Route("reporting.definitions", "GET", "/statistics/definitions", only(COMMUNE_STAFF, 200)),
    Route("reporting.commune", "GET", COMMUNE, scoped(200, COMMUNE_STAFF, commune_scope)),
    Route("reporting.province", "GET", "/statistics/provinces/{province}",
          scoped(200, COMMUNE_STAFF, province_scope)),
    # One path per endpoint: the schedules (weekly, monthly, quarterly, yearly) share each view,
    # the quarterly and yearly ones (issue 13) are the paths checked for some.
    Route("reporting.latest_report", "GET", COMMUNE + "/yearly",
          scoped(302, COMMUNE_STAFF, commune_scope)),
    Route("reporting.report_page", "GET", COMMUNE + "/weekly/{week}",
          scoped(200, COMMUNE_STAFF, commune_scope)),
    Route("reporting.report_export", "GET", COMMUNE + "/quarterly/{quarter}/report.xlsx",
          scoped(200, COMMUNE_STAFF, commune_scope)),
    Route("reporting.report_data", "GET", COMMUNE + "/yearly/{year}/data.csv",
          scoped(200, COMMUNE_STAFF, commune_scope)),
    Route("reporting.coverage_data", "GET", COMMUNE + "/coverage.csv",
          scoped(200, COMMUNE_STAFF, commune_scope)),
    Route("statistics_api.openapi", "GET", "/api/v1/openapi.json", lambda role, target: 200),
    Route("statistics_api.provinces", "GET", "/api/v1/provinces",
          only(COMMUNE_STAFF, 200, anonymous=API)),
    Route("statistics_api.definitions", "GET", "/api/v1/statistics/definitions",
          only(COMMUNE_STAFF, 200, anonymous=API)),
    Route("statistics_api.coverage", "GET", API_COMMUNE + "/coverage",
          scoped(200, COMMUNE_STAFF, commune_scope, anonymous=API)),
    Route("statistics_api.periodic_report", "GET", API_COMMUNE + "/quarterly/{quarter}",
          scoped(200, COMMUNE_STAFF, commune_scope, anonymous=API)),
]
