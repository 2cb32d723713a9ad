"""The authorization matrix: every route of the app × every role × records in and out of scope.

Every (endpoint, method) of app.url_map must be declared in a table tests/access/routes_<area>.py
(see tests/access/matrix.py); a route added without its expectations fails
test_every_route_is_in_a_table.
"""

import importlib
import pkgutil

import pytest
from flask import g

import tests.access
from learning import models  # noqa: F401
from tests.access.matrix import Route
from tests.access.world import ROLES, TARGETS, build_world, empty_database
from tests.factories import sign_in

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def route_tables() -> dict[str, list[Route]]:
    tables = {}
    for module in pkgutil.iter_modules(tests.access.__path__):
        if module.name.startswith("routes_"):
            tables[module.name] = importlib.import_module(f"tests.access.{module.name}").ROUTES
    return tables


ALL_ROUTES = [route for routes in route_tables().values() for route in routes]


def test_every_route_is_in_a_table(app):
    declared = {(route.endpoint, route.method) for route in ALL_ROUTES}
    in_app = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              for method in rule.methods - IGNORED_METHODS}
    missing = sorted(in_app - declared)
    assert not missing, (
        "Routes with no expectations in tests/access/routes_<area>.py (declare what every role "
        f"gets, see tests/access/matrix.py): {missing}")
    assert not sorted(declared - in_app), "tables declare routes that the app does not have"


def test_each_route_is_declared_once():
    seen = [(route.endpoint, route.method) for route in ALL_ROUTES]
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("route", ALL_ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_route_answers_each_role_as_declared(app, catalogue, route):
    """A GET changes nothing that matters here: one world serves every role. A POST may change
    its records: each role gets a new world."""
    wrong = []
    for number, role in enumerate(ROLES):
        if number == 0 or route.method != "GET":
            if number:
                empty_database()
            world = build_world(catalogue)
        g.pop("_login_user", None)  # the test's app context outlives each client's requests
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        if role != "anonymous":
            assert sign_in(client, world.people[role]).status_code == 302
        for target in TARGETS if route.has_targets else (None,):
            path = route.path.format(**world.values(target))
            if route.method == "GET":
                response = client.get(path)
            else:
                response = client.post(path, data=route.data)
            response.close()  # files (static, images) are streamed
            expected = route.expect(role, target)
            if response.status_code != expected:
                wrong.append(f"{role} on {target or '-'}: {route.method} {path} gave "
                             f"{response.status_code}, expected {expected}")
    assert not wrong, "; ".join(wrong)
