"""The demo's fixed part: Nghệ An with a few of its real communes (when no list was imported) and
one account per role, with a team in Vân Tụ. The commune sample is written here by hand (official
codes of the statistics office; populations rounded from the state map publisher).
"""

from sqlalchemy import exists, select

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


HOME = "17611"  # Vân Tụ, the demo accounts' commune


def load_demo_geography() -> None:
    """Nghệ An, and the hand-written sample of its communes when none was imported (`make run`
    imports the real list first when it has it); Vân Tụ in any case, for the demo accounts."""
    code, name, full_name, name_en = NGHE_AN
    if db.session.get(Province, code) is None:
        db.session.add(Province(code=code, name=name, full_name=full_name, name_en=name_en))
        db.session.flush()
    imported = db.session.scalar(select(exists().where(Commune.province_code == code)))
    for code, name, kind, population, latitude, longitude in DEMO_COMMUNES:
        if (code == HOME or not imported) and db.session.get(Commune, code) is None:
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
