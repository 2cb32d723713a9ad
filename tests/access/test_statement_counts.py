"""The user's scope is built once per request: pages about teams and learners run a small, fixed
number of SQL statements, whatever the number of teams in the commune."""

from learning.accounts.models import Role
from learning.extensions import db
from tests.factories import (
    add_tutor,
    make_commune,
    make_team,
    make_user,
    sign_in,
    sign_up_in_person,
)
from tests.reporting.test_query_counts import counting


def statements_for(client, path: str) -> list[str]:
    db.session.remove()  # each request starts from a fresh session, as in production
    with counting() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return statements


def test_a_tutors_learner_page_takes_at_most_12_statements(client):
    team = make_team()
    tutor = add_tutor(team)
    learner, _code = sign_up_in_person(team, tutor)
    db.session.commit()
    sign_in(client, tutor)
    statements = statements_for(client, f"/learners/{learner.id}")
    lookups = [s for s in statements if "FROM team_member" in s]
    print("learner page statements:", len(statements))
    assert len(statements) <= 12, statements
    assert len(lookups) <= 1, "the tutor's team is looked up once per request"


def test_the_commune_page_takes_as_many_statements_for_1_and_20_teams(client):
    commune = make_commune()
    officer = make_user(Role.COMMUNE_OFFICER, commune=commune, phone="0912000001")
    for i in range(1):
        add_tutor(make_team(commune, f"Thôn {i}"), f"Tutor {i}")
    db.session.commit()
    sign_in(client, officer)
    one = statements_for(client, f"/communes/{commune.code}")
    for i in range(1, 20):
        add_tutor(make_team(commune, f"Thôn {i}"), f"Tutor {i}")
    db.session.commit()
    twenty = statements_for(client, f"/communes/{commune.code}")
    print("commune page statements:", len(one), len(twenty))
    assert len(one) == len(twenty) <= 10, (one, twenty)
