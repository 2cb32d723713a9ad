"""The area a statistics page is about: a province (its communes in the user's scope) or one
commune; found through the authorization layer, 404 when out of scope."""

from dataclasses import dataclass, field

from sqlalchemy import select

from learning.access.policy import communes_in_scope
from learning.accounts.models import User
from learning.extensions import db
from learning.geography.models import Commune, Province
from learning.teams.models import DigitalTeam
from learning.text import collation

PROVINCE, COMMUNE = "province", "commune"


@dataclass
class Area:
    kind: str  # PROVINCE or COMMUNE
    code: str
    name: str
    full_name: str
    province_code: str
    communes: list[Commune]
    teams: dict[str, str] = field(default_factory=dict)  # team value -> name (commune only)

    @property
    def codes(self) -> list[str]:
        return [commune.code for commune in self.communes]

    @property
    def slug(self) -> str:
        from learning.text import fold

        return "-".join(fold(self.full_name).split())


def province_area(user: User, code: str) -> Area | None:
    """A province with the communes of it that the user may see (None: nothing to see)."""
    rows = db.session.execute(
        select(Commune, Province.name, Province.full_name)
        .join(Province, Province.code == Commune.province_code)
        .where(Commune.province_code == code, Commune.code.in_(communes_in_scope(user)))
        .order_by(Commune.name.collate(collation()))).all()
    if not rows:
        return None
    _, name, full_name = rows[0]
    return Area(PROVINCE, code, name, full_name, code, [row[0] for row in rows])


def commune_area(user: User, code: str) -> Area | None:
    commune = db.session.scalars(select(Commune).where(
        Commune.code == code, Commune.code.in_(communes_in_scope(user)))).first()
    if commune is None:
        return None
    teams = db.session.execute(select(DigitalTeam.id, DigitalTeam.area_name).where(
        DigitalTeam.commune_code == code).order_by(
            DigitalTeam.area_name.collate(collation()))).all()
    return Area(COMMUNE, code, commune.name, commune.full_name, commune.province_code,
                [commune], {str(team_id): name for team_id, name in teams})


def provinces_in_scope(user: User) -> list[Province]:
    """The provinces of which the user may see at least one commune."""
    codes = select(Commune.province_code).where(Commune.code.in_(communes_in_scope(user)))
    return list(db.session.scalars(
        select(Province).where(Province.code.in_(codes)).order_by(Province.name.collate(collation()))))
