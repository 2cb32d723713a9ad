"""Factories for tests: real objects through the real services, with sensible defaults."""

import itertools

from learning.accounts.models import Role, User
from learning.accounts.services import register_learner
from learning.extensions import db
from learning.geography.models import Commune, Province

_numbers = itertools.count(1)
PASSWORD = "secret123"


def make_province(code: str = "40", name: str = "Nghệ An") -> Province:
    province = db.session.get(Province, code)
    if province is None:
        province = Province(code=code, name=name, full_name=f"Tỉnh {name}", name_en=name)
        db.session.add(province)
        db.session.flush()
    return province


def make_commune(code: str = "17611", name: str = "Vân Tụ", province_code: str = "40",
                 population: int | None = 43922, **extra) -> Commune:
    make_province(province_code)
    commune = db.session.get(Commune, code)
    if commune is None:
        commune = Commune(code=code, province_code=province_code, name=name,
                          full_name=f"Xã {name}", kind="xa", population=population, **extra)
        db.session.add(commune)
        db.session.flush()
    return commune


def next_phone() -> str:
    return f"09{next(_numbers):08d}"


def make_user(role: str = Role.LEARNER, commune: Commune | None = None, phone: str | None = None,
              full_name: str = "Nguyễn Văn An", birth_year: int = 1960, gender: str | None = None,
              password: str = PASSWORD, locale: str | None = None) -> User:
    commune = commune or make_commune()
    return register_learner(phone=phone or next_phone(), full_name=full_name,
                            birth_year=birth_year, gender=gender, commune_code=commune.code,
                            password=password, locale=locale, role=role)


def sign_in(client, user: User, password: str = PASSWORD):
    from learning.accounts.phone import display_phone

    db.session.commit()
    return client.post("/signin", data={"phone": display_phone(user.phone),
                                        "password": password})
