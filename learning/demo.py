"""`flask demo load`: a few real communes of Nghệ An and one account per role, for trying the site.

Only run when asked (the README's run command does). The commune sample is written here by hand
(official codes of the statistics office; populations rounded from the state map publisher).
"""

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from learning.accounts.models import Role, User
from learning.accounts.services import register_learner
from learning.extensions import db
from learning.geography.models import Commune, Province
from learning.teams.models import DigitalTeam, TeamMember

NGHE_AN = ("40", "Nghệ An", "Tỉnh Nghệ An", "Nghe An")
# code, name, kind, population, latitude, longitude
DEMO_COMMUNES = [
    ("16681", "Thành Vinh", "phuong", 123507, 18.675, 105.660),
    ("16690", "Trường Vinh", "phuong", 141477, 18.6798, 105.740),
    ("16702", "Vinh Phú", "phuong", 74473, 18.7216, 105.686),
    ("17611", "Vân Tụ", "xa", 43922, 18.925, 105.428),
]
DEMO_PASSWORD = "hocvuso2025"
DEMO_ACCOUNTS = [
    # phone, name, role, commune
    ("0912000001", "Nguyễn Thị Lan", Role.LEARNER, "17611"),
    ("0912000002", "Trần Văn Minh", Role.TUTOR, "17611"),
    ("0912000003", "Lê Thị Hoa", Role.TEAM_LEAD, "17611"),
    ("0912000004", "Phạm Quốc Huy", Role.COMMUNE_OFFICER, "17611"),
    ("0912000005", "Hoàng Minh Tuấn", Role.PROVINCE_STAFF, None),
    ("0912000006", "Quản trị viên", Role.ADMIN, None),
]
KIND_NAMES = {"xa": "Xã", "phuong": "Phường", "dac_khu": "Đặc khu"}


def load_demo_geography() -> None:
    code, name, full_name, name_en = NGHE_AN
    if db.session.get(Province, code) is None:
        db.session.add(Province(code=code, name=name, full_name=full_name, name_en=name_en))
    for code, name, kind, population, latitude, longitude in DEMO_COMMUNES:
        if db.session.get(Commune, code) is None:
            db.session.add(Commune(code=code, province_code="40", name=name,
                                   full_name=f"{KIND_NAMES[kind]} {name}", kind=kind,
                                   population=population, latitude=latitude,
                                   longitude=longitude))
    db.session.flush()


def load_demo_accounts() -> list[tuple[str, str, str]]:
    created = []
    for phone, name, role, commune in DEMO_ACCOUNTS:
        user = db.session.scalars(select(User).where(User.phone == f"+84{phone[1:]}")).first()
        if user is None:
            user = register_learner(phone=phone, full_name=name, birth_year=1970, gender=None,
                                    commune_code=commune, password=DEMO_PASSWORD, role=role)
        if role == Role.PROVINCE_STAFF:
            user.province_code = "40"
        created.append((phone, name, role))
    return created


def load_demo_team() -> None:
    """A team in Vân Tụ serving Thôn 3, with the demo tutor and lead, and the learner on its
    roster."""
    team = db.session.scalars(select(DigitalTeam).where(DigitalTeam.commune_code == "17611",
                                                        DigitalTeam.area_name == "Thôn 3")).first()
    if team is None:
        team = DigitalTeam(commune_code="17611", area_kind="thon", area_name="Thôn 3")
        db.session.add(team)
        db.session.flush()
    people = {role: db.session.scalars(select(User).where(User.phone == f"+84{phone[1:]}")).one()
              for phone, _name, role, _commune in DEMO_ACCOUNTS}
    for role in (Role.TUTOR, Role.TEAM_LEAD):
        user = people[role]
        member = select(TeamMember).where(TeamMember.user_id == user.id)
        if db.session.scalars(member).first() is None:
            db.session.add(TeamMember(team_id=team.id, user_id=user.id,
                                      is_lead=role == Role.TEAM_LEAD))
    people[Role.LEARNER].team_id = team.id
    db.session.flush()


@click.group(help="Demo data for trying the site.")
def demo() -> None:
    pass


@demo.command("load")
@with_appcontext
def load() -> None:
    """Add demo communes of Nghệ An and one account per role (idempotent)."""
    if current_app.config.get("APP_ENV") == "production":
        raise click.ClickException("demo data (accounts with a published password) is refused "
                                   "in production (APP_ENV=production)")
    load_demo_geography()
    accounts = load_demo_accounts()
    load_demo_team()
    db.session.commit()
    click.echo("Demo accounts (phone number / password):")
    for phone, name, role in accounts:
        click.echo(f"  {role:<16} {phone}  /  {DEMO_PASSWORD}   ({name})")
