"""Demo data for the teams (called by `flask demo load` once the lead wires it in): a team in Vân
Tụ with the demo tutor and team lead, one person signed up in person, and an event today."""

import uuid
from datetime import date

from sqlalchemy import select

from learning.accounts.models import User
from learning.accounts.phone import normalize_phone
from learning.extensions import db
from learning.teams.events import create_event
from learning.teams.learners import sign_up_in_person
from learning.teams.models import DigitalTeam, TeamMember
from learning.teams.services import add_member, create_team, make_lead

DEMO_COMMUNE, DEMO_AREA = "17611", "Thôn 3"
DEMO_TUTOR, DEMO_LEAD, DEMO_OFFICER = "0912000002", "0912000003", "0912000004"


def _user(phone: str) -> User | None:
    return db.session.scalars(select(User).where(User.phone == normalize_phone(phone))).first()


def load_demo_team() -> DigitalTeam | None:
    """Idempotent; does nothing when the demo accounts or the commune are missing."""
    officer, tutor, lead = _user(DEMO_OFFICER), _user(DEMO_TUTOR), _user(DEMO_LEAD)
    if officer is None or tutor is None or lead is None:
        return None
    team = db.session.scalars(select(DigitalTeam).where(
        DigitalTeam.commune_code == DEMO_COMMUNE, DigitalTeam.area_name == DEMO_AREA)).first()
    if team is not None:
        return team
    team = create_team(officer, DEMO_COMMUNE, "thon", DEMO_AREA)
    for person in (lead, tutor):
        if db.session.scalar(select(TeamMember.id).where(TeamMember.user_id == person.id)):
            continue
        add_member(officer, team, person.phone or "", "")
    make_lead(officer, db.session.scalars(select(TeamMember).where(
        TeamMember.user_id == lead.id)).one())
    sign_up_in_person(tutor, team, full_name="Lò Thị Mai", birth_year=1950, gender="female",
                      form_id=str(uuid.uuid4()), confirmed_new=True)
    create_event(lead, team, held_on=date.today(), place="Nhà văn hoá thôn 3",
                 title="Ngày thứ Bảy chuyển đổi số", course_slugs=["vneid", "online-scams"],
                 form_id=str(uuid.uuid4()))
    db.session.flush()
    return team
