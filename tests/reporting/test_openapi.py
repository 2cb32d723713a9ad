"""The OpenAPI 3.1 description of /api/v1 is served by the site, and schemathesis checks the
running app against it (every operation, generated codes and periods, with a token): 0 failures.
Run by `make test` and so by `.ci/run`."""

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from learning.accounts.models import Role
from learning.counting.definitions import MONTH, QUARTER, WEEK, YEAR, Period, today
from learning.extensions import db
from learning.reporting.tokens import create_token
from tests.factories import make_commune, make_user
from tests.reporting.helpers import complete_course

WEEK_NOW, MONTH_NOW = Period.containing(WEEK, today()), Period.containing(MONTH, today())
QUARTER_NOW, YEAR_NOW = Period.containing(QUARTER, today()), Period.containing(YEAR, today())
SCHEDULE_KINDS = {"weekly": WEEK, "monthly": MONTH, "quarterly": QUARTER, "yearly": YEAR}


@pytest.fixture
def api_schema(app, catalogue):
    make_commune("17611", latitude=18.925, longitude=105.428)
    zero = make_commune("16681", "Thành Vinh", population=None)
    for commune in (db.session.get(type(zero), "17611"), zero):
        for _ in range(6):
            complete_course(make_user(commune=commune), catalogue.course("vneid"))
    staff = make_user(Role.PROVINCE_STAFF, commune=make_commune())
    staff.province_code, staff.commune_code = "40", None
    token = create_token(staff, "schemathesis")
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # identity: the app compresses answers (brotli or gzip) for clients that accept it
    schema.config.headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}
    return schema, schema.config.headers


def test_the_api_conforms_to_its_openapi_description(api_schema):
    api_schema, headers = api_schema
    """Every operation, examples then generated data (valid and invalid), every default check
    of schemathesis (no server error, status codes, content types, response schemas, invalid
    data rejected...)."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 12
    checked, statuses = 0, Counter()
    for operation in operations:
        @settings(max_examples=40, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def conforms(case):
            nonlocal checked
            response = case.call_and_validate()
            statuses[(case.operation.label, response.status_code)] += 1
            checked += 1

        conforms()
        # And the figures of the data made above (generated codes rarely name a real place).
        for period in (WEEK_NOW, WEEK_NOW.previous, MONTH_NOW, MONTH_NOW.previous, QUARTER_NOW,
                       QUARTER_NOW.previous, YEAR_NOW, YEAR_NOW.previous):
            code = "40" if "/provinces/" in operation.label else "17611"
            parameters = {"code": code, "period": period.key}
            schedule = operation.label.split("/")[-2]
            if "{period}" in operation.label and SCHEDULE_KINDS[schedule] != period.kind:
                continue
            wanted = {k: v for k, v in parameters.items() if "{" + k + "}" in operation.label}
            response = operation.Case(path_parameters=wanted or None).call_and_validate(
                headers=headers)
            statuses[(operation.label, response.status_code)] += 1
    assert checked >= 12 * 10
    answered = {label for label, status in statuses if status == 200}
    assert len(answered) == 12, statuses  # the token works: every operation answered figures


def test_the_description_is_served_without_a_token(client):
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200 and answer.json["openapi"] == "3.1.0"
    assert "/provinces/{code}/weekly/{period}" in answer.json["paths"]
