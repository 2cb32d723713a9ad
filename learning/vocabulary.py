"""The site's vocabulary: every closed set of codes it stores (roles, genders, how progress was
earned, kinds of places a team serves), each defined once with its label in the reader's language.

Members are strings equal to the stored values (``Role.TUTOR == "tutor"``), so the database is
unchanged. ``member.label`` gives the translated word; ``Kind.label_of(value)`` does the same for
a value read from the database; ``Kind.choices()`` feeds a form. Forms, templates, the audit log,
administration and the statistics all read from here (indico's ``RichIntEnum`` with
``__titles__``). The lowest layer: it imports only Flask-Babel.
"""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Labelled(StrEnum):
    """Stored codes with labels: ``__labels__`` maps each value to its label, in display order."""

    @property
    def label(self) -> str:
        return self.__labels__[self.value]  # type: ignore[attr-defined]

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """The stored values, as plain strings, in display order."""
        return tuple(member.value for member in cls)

    @classmethod
    def labels(cls) -> dict[str, str]:
        return dict(cls.__labels__)  # type: ignore[attr-defined]

    @classmethod
    def label_of(cls, value: str | None, default: str = "") -> str:
        """The label of a stored value (``default`` for none or an unknown one)."""
        return cls.__labels__.get(value, default)  # type: ignore[attr-defined]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class Role(Labelled):
    """What a person does on the site (one role per account)."""

    LEARNER = "learner"
    TUTOR = "tutor"
    TEAM_LEAD = "team_lead"
    COMMUNE_OFFICER = "commune_officer"
    PROVINCE_STAFF = "province_staff"
    ADMIN = "admin"
    __labels__ = {
        "learner": _l("Learner"),
        "tutor": _l("Tutor"),
        "team_lead": _l("Team lead"),
        "commune_officer": _l("Commune officer"),
        "province_staff": _l("Province staff"),
        "admin": _l("Administrator"),
    }


class Gender(Labelled):
    """A person's gender, if they choose to give it (none stored otherwise)."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    __labels__ = {"female": _l("Female"), "male": _l("Male"), "other": _l("Other")}


class Method(Labelled):
    """How a piece of progress was earned."""

    SELF = "self"  # on one's own
    TUTOR = "tutor"  # with a tutor, in person
    EVENT = "event"  # at an event of a community digital team
    __labels__ = {"self": _l("On their own"), "tutor": _l("With a tutor"),
                  "event": _l("At an event")}


class AreaKind(Labelled):
    """The kind of place a community digital team serves."""

    THON = "thon"  # village
    BAN = "ban"  # hamlet (bản)
    TO_DAN_PHO = "to_dan_pho"  # residential group
    COMMUNE = "commune"  # the whole commune (xã, phường, đặc khu): a commune-level team
    __labels__ = {
        "thon": _l("Village (thôn)"),
        "ban": _l("Hamlet (bản)"),
        "to_dan_pho": _l("Residential group (tổ dân phố)"),
        "commune": _l("Commune (commune-level team)"),
    }


class Audience(Labelled):
    """Who a course is for (``audience`` in course.toml), in the catalogue's order."""

    EVERYONE = "everyone"
    TEAMS = "teams"  # members of the community digital technology teams
    OFFICIALS = "officials"  # commune officials and civil servants
    __labels__ = {
        "everyone": _l("For everyone"),
        "teams": _l("For community digital teams"),
        "officials": _l("For commune officials"),
    }


VOCABULARY = {kind.__name__: kind for kind in (Role, Gender, Method, AreaKind, Audience)}
