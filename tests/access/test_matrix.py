"""The authorization matrix: every route of the app × every role × records in and out of scope.

Every (endpoint, method) of app.url_map must be declared in a table tests/access/routes_<area>.py
(see tests/access/matrix.py); a route added without its expectations fails
test_every_route_is_in_a_table.

The world is built once for this module, in a transaction that is never committed; each role's
requests on each route run in a SAVEPOINT rolled back afterwards (tests/isolation.py), so every
role on every route sees the whole world as build_world() made it, whatever the routes before
did (test_a_route_s_changes_are_undone_for_the_next checks that).
"""

import importlib
import pkgutil
from collections.abc import Iterator
from datetime import date

import pytest
from flask import g
from sqlalchemy.engine import Connection

import tests.access
from learning import models  # noqa: F401
from learning.extensions import db
from tests.access.matrix import Route
from tests.access.world import ROLES, TARGETS, World, build_world
from tests.factories import sign_in
from tests.isolation import empty_database, one_transaction, rolled_back

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


@pytest.fixture(scope="module")
def shared_world(app) -> Iterator[tuple[World, Connection]]:
    """The world, built once in a transaction rolled back after the module's last test."""
    with app.app_context():
        empty_database()
        transaction = one_transaction(db.engine)
        connection = transaction.__enter__()
        world = build_world(app.extensions["catalogue"])
        db.session.remove()
    yield world, connection
    with app.app_context():
        transaction.__exit__(None, None, None)


@pytest.fixture
def clean_database():
    """Replaces tests/conftest.py's for this module: its tests share the world (shared_world),
    and each undoes its own changes."""
    yield


def client_for(app, world: World, role: str):
    g.pop("_login_user", None)  # the test's app context outlives each client's requests
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    if role != "anonymous":
        assert sign_in(client, world.accounts[role]).status_code == 302
    return client


@pytest.mark.parametrize("route", ALL_ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_route_answers_each_role_as_declared(app, shared_world, route):
    """Each role gets the whole world: what its requests change is rolled back after them."""
    world, connection = shared_world
    wrong = []
    for role in ROLES:
        with rolled_back(connection):
            client = client_for(app, world, role)
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


def test_a_route_s_changes_are_undone_for_the_next(app, shared_world):
    """The isolation itself: an event renamed (the app commits) is renamed within the savepoint,
    for every request, and as the world made it for what follows."""
    world, connection = shared_world
    event = f"/events/{world.values('own')['event']}"
    renamed = {"title": "Renamed in a savepoint", "held_on": date.today().isoformat(),
               "place": "Nhà văn hoá", "courses": "vneid"}
    with rolled_back(connection):
        admin = client_for(app, world, "admin")
        assert "Event own" in admin.get(event).text
        assert admin.post(f"{event}/edit", data=renamed).status_code == 302
        assert "Renamed in a savepoint" in client_for(app, world, "team_lead").get(event).text
    with rolled_back(connection):
        page = client_for(app, world, "admin").get(event).text
        assert "Event own" in page and "Renamed in a savepoint" not in page
