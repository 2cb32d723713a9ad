"""Provinces and communes (two levels of local government since 1 July 2025)."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.extensions import db
from learning.text import fold

COMMUNE_KINDS = ("xa", "phuong", "dac_khu")


class Province(db.Model):
    __tablename__ = "province"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    full_name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str | None] = mapped_column(String(120))

    communes: Mapped[list["Commune"]] = relationship(back_populates="province")


class Commune(db.Model):
    __tablename__ = "commune"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    full_name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(10))
    name_en: Mapped[str | None] = mapped_column(String(120))
    search_name: Mapped[str] = mapped_column(String(120), index=True)
    population: Mapped[int | None]
    target_population: Mapped[int | None]
    # Cadres, civil servants and public employees of the commune (set by province staff): the
    # number the officials trained are counted against (None: not set).
    officials: Mapped[int | None]
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]

    province: Mapped[Province] = relationship(back_populates="communes")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        if not self.search_name and self.full_name:
            self.search_name = fold(self.full_name)

    @property
    def coverage_target(self) -> int | None:
        """People the commune aims to reach: its own target, else its population; None when it
        has no target (0 or no population): the statistics' one definition."""
        return target_of(self.target_population, self.population)


def target_of(target_population: int | None, population: int | None) -> int | None:
    """The one definition of "has a target": the commune's own target when province staff set
    one, else its population; a commune whose target would be 0 or unknown (no population in the
    national list) has **no target** — its coverage is unknown, and it is left out of the
    province's coverage (numerator and denominator) everywhere."""
    target = target_population if target_population is not None else population
    return target if target is not None and target > 0 else None
