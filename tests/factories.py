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


# --- Teams (issue 3): teams, tutors, people signed up in person, events ---------------------

def make_team(commune: Commune | None = None, area_name: str = "Thôn 1",
              area_kind: str = "thon"):
    from learning.teams.services import create_team

    commune = commune or make_commune()
    return create_team(admin_actor(), commune.code, area_kind, area_name)


def admin_actor() -> User:
    """The administrator who makes the factories' staff changes (created once)."""
    from sqlalchemy import select

    found = db.session.scalars(select(User).where(User.role == Role.ADMIN,
                                                  User.full_name == "Factory Admin")).first()
    return found or make_user(Role.ADMIN, full_name="Factory Admin")


def add_tutor(team, full_name: str = "Trần Văn Minh", lead: bool = False) -> User:
    """A tutor with their own account (password PASSWORD), added to the team."""
    from learning.teams.services import add_member, make_lead

    user = make_user(commune=team.commune, full_name=full_name)
    member, _code = add_member(admin_actor(), team, user.phone, "")
    if lead and not member.is_lead:
        make_lead(admin_actor(), member)
    elif not lead and member.is_lead:
        member.is_lead, user.role = False, Role.TUTOR
    db.session.flush()
    return user


def sign_up_in_person(team, tutor: User, full_name: str = "Lò Thị Mai",
                      birth_year: int | None = 1950) -> tuple[User, str]:
    """A person without a phone, signed up by a tutor; returns them and their claim code."""
    import uuid

    from learning.roster.services import sign_up_in_person as service

    return service(tutor, team, full_name=full_name, birth_year=birth_year, gender=None,
                   form_id=str(uuid.uuid4()), confirmed_new=True)


def make_event(team, by: User, title: str = "Digital Saturday", held_on=None,
               courses: tuple[str, ...] = ("vneid",)):
    import uuid
    from datetime import date

    from learning.events.services import create_event

    return create_event(by, team, held_on=held_on or date.today(), place="Nhà văn hoá",
                        title=title, course_slugs=list(courses), form_id=str(uuid.uuid4()))
