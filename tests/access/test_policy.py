"""The authorization layer's scopes, as the queries of every page use them."""

from learning.access import policy
from learning.accounts.models import User
from learning.events.models import TeamEvent
from learning.extensions import db
from learning.teams.models import DigitalTeam
from tests.access.world import build_world


def names(statement) -> set[str]:
    return {row.full_name if isinstance(row, User) else row.area_name
            for row in db.session.scalars(statement)}


def test_who_sees_which_learners(app, catalogue):
    world = build_world(catalogue)
    people = world.people
    assert names(policy.learners_in_scope(people["tutor"])) == {"Learner own",
                                                                "Learner who signs in"}
    assert names(policy.learners_in_scope(people["commune_officer"])) == {
        "Learner own", "Learner same_commune", "Learner who signs in"}
    assert names(policy.learners_in_scope(people["province_staff"])) == set(), \
        "province staff: aggregates only"
    assert names(policy.learners_in_scope(people["learner"])) == {"Learner who signs in"}
    assert len(names(policy.learners_in_scope(people["admin"]))) == 5


def test_who_sees_which_teams_and_events(app, catalogue):
    world = build_world(catalogue)
    people = world.people
    assert names(policy.teams_in_scope(people["team_lead"])) == {"Thôn own"}
    assert names(policy.teams_in_scope(people["commune_officer"])) == {"Thôn own",
                                                                       "Thôn same_commune"}
    assert names(policy.teams_in_scope(people["province_staff"])) == set()
    events = {e.title for e in db.session.scalars(policy.events_in_scope(people["tutor"]))}
    assert events == {"Event own"}
    assert len(db.session.scalars(policy.events_in_scope(people["admin"])).all()) == 4


def test_communes_in_scope(app, catalogue):
    world = build_world(catalogue)
    codes = {role: set(db.session.scalars(policy.communes_in_scope(world.people[role])))
             for role in ("tutor", "commune_officer", "province_staff", "admin", "learner")}
    assert codes["tutor"] == codes["commune_officer"] == {"17611"}
    assert codes["province_staff"] == {"17611", "16681"}
    assert codes["admin"] == {"17611", "16681", "00004"}
    assert codes["learner"] == set()


def test_actions_on_records_in_scope(app, catalogue):
    world = build_world(catalogue)
    own_team = db.session.get(DigitalTeam, world.ids["own"]["team"])
    own_event = db.session.get(TeamEvent, world.ids["own"]["event"])
    learner = db.session.get(User, world.ids["own"]["learner"])
    tutor, lead = world.people["tutor"], world.people["team_lead"]
    officer = world.people["commune_officer"]
    assert policy.can_tutor(tutor, learner) and not policy.can_tutor(officer, learner)
    assert policy.can_remove_from_roster(lead, own_team)
    assert not policy.can_remove_from_roster(tutor, own_team)
    assert policy.can_edit_event(lead, own_event) and not policy.can_edit_event(tutor, own_event)
    assert policy.can_manage_team(officer, own_team) and not policy.can_manage_team(lead,
                                                                                   own_team)
    other = db.session.get(User, world.ids["other_commune"]["learner"])
    in_scope = db.session.scalars(policy.learners_in_scope(officer)).all()
    assert other not in in_scope and in_scope


def test_staff_delete_only_accounts_nobody_took_over(app, catalogue):
    world = build_world(catalogue)
    officer, admin = world.people["commune_officer"], world.people["admin"]
    signed_up = db.session.get(User, world.ids["own"]["learner"])  # in person, no password
    on_their_own = world.people["learner"]  # signed up with a phone and a password
    assert policy.can_delete_learner(officer, signed_up)
    assert policy.can_delete_learner(admin, signed_up)
    assert not policy.can_delete_learner(officer, on_their_own)
    assert not policy.can_delete_learner(admin, on_their_own)
    assert not policy.can_delete_learner(world.people["team_lead"], signed_up)
    elsewhere = db.session.get(User, world.ids["other_commune"]["learner"])
    assert not policy.can_delete_learner(officer, elsewhere)


def test_who_changes_which_targets_and_sees_which_attendees(app, catalogue):
    world = build_world(catalogue)
    assert policy.target_communes(world.people["admin"]) is None, "every commune"
    assert policy.target_communes(world.people["province_staff"]) == {"17611", "16681"}
    assert policy.target_communes(world.people["commune_officer"]) == set()
    event = db.session.get(TeamEvent, world.ids["own"]["event"])
    assert names(policy.attendees_in_scope(world.people["tutor"], event)) == {"Learner own"}
    assert names(policy.attendees_in_scope(world.people["province_staff"], event)) == set()
