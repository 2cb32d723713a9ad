"""The demo team: a tutor and a lead of Vân Tụ ready to try the tutor screens."""

from sqlalchemy import func, select

from learning.demo import load_demo_accounts, load_demo_geography
from learning.extensions import db
from learning.teams.demo import load_demo_team
from learning.teams.models import DigitalTeam, TeamEvent, TeamMember


def test_demo_team_is_loaded_once(app):
    assert load_demo_team() is None, "nothing without the demo accounts"
    load_demo_geography()
    load_demo_accounts()
    team = load_demo_team()
    assert load_demo_team() is team
    assert db.session.scalar(select(func.count()).select_from(DigitalTeam)) == 1
    assert db.session.scalar(select(func.count()).select_from(TeamMember)) == 2
    assert db.session.scalar(select(func.count()).select_from(TeamEvent)) == 1
    lead = db.session.scalars(select(TeamMember).where(TeamMember.is_lead.is_(True))).one()
    assert lead.user.phone == "+84912000003"
