"""The OpenAPI 3.1 description of the statistics API (/api/v1), served at /api/v1/openapi.json
and checked by schemathesis against the running app (tests/reporting/test_openapi.py, run by
`.ci/run`). Keys and formats are those of ``exports.py``; docs/api.md explains them."""

from learning.counting.definitions import (
    DISTINCT_MEASURES,
    MEASURE_NAMES,
    METHODS,
)

WEEK_PATTERN = r"^[0-9]{4}-W[0-9]{2}$"
MONTH_PATTERN = r"^[0-9]{4}-[0-9]{2}$"
QUARTER_PATTERN = r"^[0-9]{4}-Q[1-4]$"
YEAR_PATTERN = r"^[0-9]{4}$"
DAY = {"type": "string", "format": "date"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {"oneOf": [schema, {"type": "null"}]}


COUNT = {"type": "integer", "minimum": 0, "description": "A count (exact)."}
RATIO = _nullable({"type": "number", "minimum": 0})
COUNTS = {"type": "object", "required": list(MEASURE_NAMES), "additionalProperties": False,
          "description": "Quarters and years: active and helped are null (people counted once "
                         "per period cannot be added up over months).",
          "properties": {name: _nullable(_ref("Count")) if name in DISTINCT_MEASURES
                         else _ref("Count") for name in MEASURE_NAMES}}
STAFF = {"type": "object",
         "description": "Officials and team members trained (rules.officials_trained)",
         "required": ["officials", "officials_accounts", "officials_trained", "officials_share",
                      "team_members", "team_members_trained", "team_members_share"],
         "additionalProperties": False,
         "properties": {
             "officials": _nullable({"type": "integer", "minimum": 1}),
             "officials_accounts": _ref("Count"), "officials_trained": _ref("Count"),
             "officials_share": _ref("Ratio"), "team_members": _ref("Count"),
             "team_members_trained": _ref("Count"), "team_members_share": _ref("Ratio"),
             "officials_trained_in_period": _ref("Count"),
             "officials_share_previous": _ref("Ratio"),
             "team_members_trained_in_period": _ref("Count")}}
PROJECTION = {
    "type": "object", "description": "Toward the goal by target_date (rules.projection)",
    "required": ["target_date", "weeks", "core", "core_in_weeks", "per_week",
                 "projected_coverage", "goal_date_at_recent_pace", "on_track",
                 "needed_per_week"],
    "additionalProperties": False,
    "properties": {
        "target_date": {"type": "string", "format": "date"},
        "weeks": {"type": "integer", "minimum": 1}, "core": _ref("Count"),
        "core_in_weeks": _ref("Count"),
        "per_week": _nullable({"type": "number", "minimum": 0}),
        "projected_coverage": _ref("Ratio"),
        "goal_date_at_recent_pace": _nullable({"type": "string", "format": "date"}),
        "on_track": _nullable({"type": "boolean"}),
        "needed_per_week": _nullable({"type": "integer", "minimum": 1})}}
AREA = {"type": "object", "required": ["kind", "code", "name"],
        "properties": {"kind": {"enum": ["province", "commune"]}, "code": {"type": "string"},
                       "name": {"type": "string"}}}
ABOUT = {
    "generated_at": {"type": "string", "format": "date-time"},
    "timezone": {"const": "Asia/Ho_Chi_Minh"},
    "small_cell_limit": {"type": "integer", "minimum": 1},
    "coverage_goal": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
    "core_pathway": {"type": "array", "items": {"type": "string"}},
}
PERIOD = {"type": "object", "required": ["kind", "key", "start", "end"],
          "properties": {"kind": {"enum": ["week", "month", "quarter", "year"]},
                         "key": {"type": "string"},
                         "start": DAY, "end": DAY, "complete": {"type": "boolean"}}}
ROW = {"type": "object",
       "required": ["code", "name", "target", "period", "previous", "core_to_date", "coverage",
                    "coverage_previous"],
       "properties": {"code": {"type": "string"}, "name": {"type": "string"},
                      "target": _nullable({"type": "integer", "minimum": 1}),
                      "period": _ref("Counts"), "previous": _ref("Counts"),
                      "core_to_date": _ref("Count"), "coverage": _ref("Ratio"),
                      "coverage_previous": _ref("Ratio"), "under_review": _ref("Count"),
                      "staff": _ref("Staff")}}
TEAM_ROW = {"type": "object", "required": ["code", "name", "period", "previous"],
            "additionalProperties": False,
            "properties": {"code": {"type": "string"}, "name": {"type": "string"},
                           "period": {"type": "object", "required": ["sessions"],
                                      "additionalProperties": False,
                                      "properties": {"sessions": _ref("Count")}},
                           "previous": {"type": "object", "required": ["sessions"],
                                        "additionalProperties": False,
                                        "properties": {"sessions": _ref("Count")}}}}
RELEASED = {
    "type": "object",
    "description": "People registered per group, as released (docs/statistics.md, 'Privacy of "
                   "small groups'): cumulative at the end of the month as_of; withheld: no group.",
    "required": ["measure", "withheld", "as_of", "communes", "of_communes", "groups"],
    "additionalProperties": False,
    "properties": {
        "measure": {"const": "registered"}, "withheld": {"type": "boolean"},
        "as_of": _nullable({"type": "string", "pattern": MONTH_PATTERN}),
        "communes": {"type": "integer", "minimum": 0},
        "of_communes": {"type": "integer", "minimum": 0},
        "groups": {"type": "array", "items": {
            "type": "object", "required": ["key", "values", "registered"],
            "additionalProperties": False,
            "properties": {"key": {"type": "string"},
                           "values": {"type": "array", "items": {"type": "string"}},
                           "registered": _ref("Count")}}}}}
CHANGE = {"type": "object", "required": ["period", "previous"],
          "properties": {"period": _ref("Counts"), "previous": _ref("Counts")}}
REPORT = {
    "type": "object",
    "required": ["area", "period", "previous_period", "total", "courses", "breakdowns",
                 *ABOUT],
    "properties": {
        "area": _ref("Area"), "period": _ref("Period"), "previous_period": _ref("Period"),
        **ABOUT, "total": _ref("Row"), "province_staff": _ref("Staff"),
        "communes": {"type": "array", "items": _ref("Row")},
        "teams": {"type": "array", "items": _ref("TeamRow")},
        "courses": {"type": "array", "items": {
            "type": "object", "required": ["course", "period", "previous", "completers_to_date",
                                           "coverage"],
            "properties": {"course": {"type": "string"}, "period": _ref("Counts"),
                           "previous": _ref("Counts"), "completers_to_date": _ref("Count"),
                           "coverage": _ref("Ratio")}}},
        "breakdowns": {"type": "object", "properties": {
            "method": {"type": "object", "propertyNames": {"enum": list(METHODS)},
                       "additionalProperties": _ref("Change")},
            "age": _ref("Released"), "gender": _ref("Released"),
            "team": _ref("Released")}}
    },
}
COMMUNE_COVERAGE = {
    "type": "object",
    "required": ["code", "name", "target", "totals", "coverage", "courses", "last_activity",
                 "lagging", "inactive"],
    "properties": {
        "code": {"type": "string"}, "name": {"type": "string"},
        "target": _nullable({"type": "integer", "minimum": 1}),
        "latitude": _nullable({"type": "number"}), "longitude": _nullable({"type": "number"}),
        "totals": _ref("Counts"), "coverage": _ref("Ratio"), "under_review": _ref("Count"),
        "courses": {"type": "object", "additionalProperties": _ref("Count")},
        "last_activity": _nullable(DAY), "lagging": {"type": "boolean"},
        "inactive": {"type": "boolean"}, "slow": {"type": "boolean"},
        "core_last_two_months": _ref("Count"),
        "goal_date_at_pace": _nullable(DAY), "staff": _ref("Staff"),
    },
}
COVERAGE = {
    "type": "object",
    "required": ["area", "as_of", "target", "core", "coverage", "projection", "communes",
                 *ABOUT],
    "properties": {"area": _ref("Area"), "as_of": DAY, **ABOUT,
                   "target": _nullable({"type": "integer", "minimum": 1}),
                   "core": _ref("Count"), "coverage": _ref("Ratio"),
                   "under_review": _ref("Count"), "goal_date_at_pace": _nullable(DAY),
                   "projection": _ref("Projection"),
                   "staff": _ref("Staff"), "province_staff": _ref("Staff"),
                   "communes": {"type": "array", "items": _ref("CommuneCoverage")}},
}
ERROR = {"type": "object", "required": ["error", "message"],
         "properties": {"error": {"type": "string"}, "message": {"type": "string"}}}
DEFINITIONS = {"type": "object",
               "required": ["timezone", "core_pathway", "coverage_goal", "small_cell_limit",
                            "measures", "breakdowns", "rules"],
               "properties": {"measures": {"type": "object"}, "rules": {"type": "object"},
                              "breakdowns": {"type": "object"},
                              "core_pathway": {"type": "array", "items": {"type": "string"}}}}


def _errors(*codes: int) -> dict:
    text = {401: "No valid token and not signed in", 403: "The account does not see statistics",
            404: "Not found, or outside the account's scope"}
    return {str(code): {"description": text[code], "content": {
        "application/json": {"schema": _ref("Error")}}} for code in codes}


def _ok(schema: str, description: str) -> dict:
    return {"200": {"description": description,
                    "content": {"application/json": {"schema": _ref(schema)}}},
            **_errors(401, 403, 404)}


def _code(description: str) -> dict:
    return {"name": "code", "in": "path", "required": True, "description": description,
            "schema": {"type": "string", "pattern": "^[0-9]{2,5}$"}}


def _period(pattern: str, example: str) -> dict:
    return {"name": "period", "in": "path", "required": True, "example": example,
            "schema": {"type": "string", "pattern": pattern}}


def description(server: str = "/api/v1") -> dict:
    paths: dict = {
        "/statistics/definitions": {"get": {
            "operationId": "definitions", "summary": "Every figure and rule, translated",
            "responses": {"200": {"description": "Definitions", "content": {
                "application/json": {"schema": _ref("Definitions")}}}, **_errors(401, 403)}}},
        "/provinces": {"get": {
            "operationId": "provinces", "summary": "Provinces the account may see",
            "responses": {"200": {"description": "Provinces", "content": {"application/json": {
                "schema": {"type": "object", "required": ["provinces"], "properties": {
                    "provinces": {"type": "array", "items": {
                        "type": "object", "required": ["code", "name"],
                        "properties": {"code": {"type": "string"},
                                       "name": {"type": "string"}}}}}}}}},
                **_errors(401, 403)}}},
    }
    for level, noun in (("provinces", "province"), ("communes", "commune")):
        paths[f"/{level}/{{code}}/coverage"] = {"get": {
            "operationId": f"{noun}_coverage",
            "summary": f"Coverage today, per commune, of a {noun}",
            "parameters": [_code(f"The {noun}'s official code")],
            "responses": _ok("Coverage", "Coverage")}}
        for schedule, pattern, example in (("weekly", WEEK_PATTERN, "2025-W40"),
                                           ("monthly", MONTH_PATTERN, "2025-10"),
                                           ("quarterly", QUARTER_PATTERN, "2025-Q4"),
                                           ("yearly", YEAR_PATTERN, "2025")):
            paths[f"/{level}/{{code}}/{schedule}/{{period}}"] = {"get": {
                "operationId": f"{noun}_{schedule}",
                "summary": f"The {schedule} report of a {noun} (404 for a period not begun; "
                           "complete: false while it runs, e.g. the year to date)",
                "parameters": [_code(f"The {noun}'s official code"),
                               _period(pattern, example)],
                "responses": _ok("Report", "The report")}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Bình dân học vụ số — statistics API", "version": "1.0.0",
                 "description": "Read-only coverage figures and weekly, monthly, quarterly and "
                                "yearly reports. "
                                "Definitions: docs/statistics.md; conventions: docs/api.md."},
        "servers": [{"url": server}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "flask stats token create"}},
            "schemas": {"Count": COUNT, "Ratio": RATIO, "Counts": COUNTS, "Area": AREA,
                        "Period": PERIOD, "Row": ROW, "Change": CHANGE,
                        "TeamRow": TEAM_ROW, "Released": RELEASED, "Report": REPORT,
                        "CommuneCoverage": COMMUNE_COVERAGE, "Coverage": COVERAGE,
                        "Staff": STAFF, "Projection": PROJECTION,
                        "Error": ERROR, "Definitions": DEFINITIONS},
        },
    }
