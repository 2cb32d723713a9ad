"""Counters maintained on write, so that no statistics page scans raw progress.

- ``StatisticsProfile``: who a person counts as (commune, age band, gender, roster team, day of
  registration). Kept in step with the account by ``reporting.services``; when an account is
  deleted (personal data removed) its profile stays as it was, so anonymous counts are kept.
- ``StatCounter``: one row per commune × period (day, ISO week, month, all time) × course (0 = all
  courses) × breakdown (all, method, age band, gender, team), holding every measure of
  ``definitions.MEASURES``. Updated with INSERT … ON CONFLICT DO UPDATE SET n = n + k in the same
  transaction as the progress it counts.
- ``ApiToken``: lets a provincial reporting system pull the read-only API.
"""

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from learning.extensions import db


class StatisticsProfile(db.Model):
    __tablename__ = "statistics_profile"

    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("commune.code"))
    age_band: Mapped[str] = mapped_column(String(8))
    gender: Mapped[str] = mapped_column(String(8))
    team: Mapped[str] = mapped_column(String(12))  # the roster team's id, "" for none
    registered_on: Mapped[date]


class StatCounter(db.Model):
    """The primary key starts with what every dashboard query selects on (period, breakdown,
    course, start): a query reads one contiguous range of rows. On SQLite the table is stored in
    that order (WITHOUT ROWID), so the range holds the figures themselves."""

    __tablename__ = "stat_counter"
    __table_args__ = {"sqlite_with_rowid": False}

    period: Mapped[str] = mapped_column(String(1), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(8), primary_key=True)
    course_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    start: Mapped[date] = mapped_column(primary_key=True)
    commune_code: Mapped[str] = mapped_column(String(5), primary_key=True)
    value: Mapped[str] = mapped_column(String(12), primary_key=True)
    registered: Mapped[int] = mapped_column(default=0)
    active: Mapped[int] = mapped_column(default=0)
    lessons: Mapped[int] = mapped_column(default=0)
    courses: Mapped[int] = mapped_column(default=0)
    core: Mapped[int] = mapped_column(default=0)
    helped: Mapped[int] = mapped_column(default=0)
    sessions: Mapped[int] = mapped_column(default=0)
