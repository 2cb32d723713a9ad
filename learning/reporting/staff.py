"""Officials and team members trained (issue 13): staff accounts that completed every course of
their track — commune officers and province staff the courses "for commune officials", tutors and
team leads the courses "for community digital teams" (``definitions.TRACK_ROLES`` and
``TRACK_AUDIENCES``) — counted once, on the day (Vietnam time) they completed the last course of
their track, under their current role and commune.

Officials are counted against the number of officials of each commune, set by province staff
(``Commune.officials``); the province's share counts the officials of the communes that have a
number, over the sum of those numbers (like coverage). Province staff are counted for the
province only, on a line of their own. Team members are counted against the team members who
have an account.

Staff are few (tens per commune, a few thousand per province, whatever the number of learners):
one statement reads the completions of the tracks' courses (index on course, completed_at,
learner) and the staff accounts (index on role), and answers a row per role, commune and day of
training; the rest is arithmetic here. Its cost follows the staff, not the learners
(docs/statistics.md gives the timings), so no counter is kept.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, null, or_, select

from learning.accounts.models import User
from learning.catalog.records import current_catalogue, record_ids
from learning.counting.definitions import (
    DAY,
    OFFICIALS,
    STAFF_GROUPS,
    TEAM_MEMBERS,
    TRACK_AUDIENCES,
    TRACK_ROLES,
    as_date,
    official_count,
)
from learning.progress.models import CourseProgress
from learning.reporting.areas import PROVINCE, Area
from learning.reporting.queries import _run
from learning.reporting.raw import start_of
from learning.vocabulary import Role

PROVINCE_STAFF_KEY = "province_staff"


def track_course_ids() -> dict[str, tuple[int, ...]]:
    """The database ids of each group's track (the catalogue's courses of its audience)."""
    ids = record_ids().courses
    catalogue = current_catalogue()
    return {group: tuple(ids[course.id] for course in catalogue.for_audience(audience)
                         if course.id in ids)
            for group, audience in TRACK_AUDIENCES.items()}


@dataclass(frozen=True)
class StaffMember:
    """People of a group and commune trained on the same day (or not yet)."""

    group: str  # OFFICIALS or TEAM_MEMBERS
    commune: str | None  # None: province staff (counted for the province)
    trained_on: date | None  # the day they completed the last course of their track
    people: int = 1


def staff_members(area: Area) -> list[StaffMember]:
    """The area's staff, by group, commune and the day they completed their track: one
    statement."""
    tracks = track_course_ids()
    u, cp = User, CourseProgress
    group_of = {role: group for group, roles in TRACK_ROLES.items() for role in roles}
    here = and_(u.role != Role.PROVINCE_STAFF, u.commune_code.in_(area.codes))
    if area.kind == PROVINCE:
        here = or_(here, and_(u.role == Role.PROVINCE_STAFF, u.province_code == area.code))
    # The completions of the tracks' courses, per person and track: one range of the index on
    # (course, completed_at, learner) — the people who took those courses, mostly staff —
    # joined with the staff accounts found through the index on their role. Neither side grows
    # with the number of learners, and the answer has a row per role, commune and day.
    every = [course for courses in tracks.values() for course in courses]
    columns = []
    for group, courses in tracks.items():
        mine = cp.course_id.in_(courses or [-1])
        columns += [func.sum(case((mine, 1), else_=0)).label(f"{group}_done"),
                    func.max(case((mine, cp.completed_at))).label(f"{group}_last")]
    done = select(cp.learner_id, *columns).where(
        cp.course_id.in_(every or [-1]), cp.completed_at.is_not(None)
    ).group_by(cp.learner_id).subquery()
    # When each person completed the last course of their own track (NULL: not yet), as a
    # Vietnam day; then people counted per role, commune and day.
    trained_at = case(*((and_(u.role.in_(TRACK_ROLES[group]),
                              done.c[f"{group}_done"] == len(courses)), done.c[f"{group}_last"])
                        for group, courses in tracks.items() if courses), else_=None) \
        if any(tracks.values()) else null()
    day = start_of(DAY, trained_at).label("day")
    commune = case((u.role == Role.PROVINCE_STAFF, null()), else_=u.commune_code)
    keys = (u.role, commune.label("commune"), day)
    rows = _run(select(*keys, func.count()).select_from(u)
                .outerjoin(done, done.c.learner_id == u.id)
                .where(u.role.in_(list(group_of)), u.deleted_at.is_(None), here)
                .group_by(*keys))
    members = [StaffMember(group_of[role], commune, None if day is None else as_date(day), n)
               for role, commune, day, n in rows]
    return members


@dataclass
class StaffRow:
    """One commune (or the province's own staff, or a total): per group, the accounts, those
    trained at the end (of the period, or today), at its start, and the number of officials."""

    key: str
    name: str
    officials: int | None  # the number set (a total: the sum over communes that have one)
    accounts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    to_date: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    before: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # Officials trained in the communes that have a number (the share's numerator); a commune:
    # its own when it has a number.
    counted: int = 0
    counted_before: int = 0

    def now(self, group: str) -> int:
        """Trained in the period (or this month, on the dashboards)."""
        return self.to_date[group] - self.before[group]

    @property
    def officials_share(self) -> float | None:
        return None if not self.officials else self.counted / self.officials

    @property
    def officials_share_before(self) -> float | None:
        return None if not self.officials else self.counted_before / self.officials

    @property
    def members_share(self) -> float | None:
        accounts = self.accounts[TEAM_MEMBERS]
        return None if not accounts else self.to_date[TEAM_MEMBERS] / accounts


@dataclass
class StaffFigures:
    communes: list[StaffRow]
    province_staff: StaffRow | None  # a province: its own staff
    total: StaffRow


def staff_figures(members: list[StaffMember], area: Area, start: date, end: date | None
                  ) -> StaffFigures:
    """Trained before `end` (None: ever) and before `start` (the period's start)."""
    rows = {c.code: StaffRow(c.code, c.full_name, official_count(c)) for c in area.communes}
    province = StaffRow(PROVINCE_STAFF_KEY, str(_l("Province staff")), None) \
        if area.kind == PROVINCE else None
    for member in members:
        row = province if member.commune is None else rows.get(member.commune)
        if row is None:
            continue
        row.accounts[member.group] += member.people
        day = member.trained_on
        if day is not None and (end is None or day < end):
            row.to_date[member.group] += member.people
            if day < start:
                row.before[member.group] += member.people
    total = StaffRow(area.code, area.full_name, None)
    for row in rows.values():
        if row.officials:
            row.counted, row.counted_before = row.to_date[OFFICIALS], row.before[OFFICIALS]
            total.officials = (total.officials or 0) + row.officials
            total.counted += row.counted
            total.counted_before += row.counted_before
    for row in [*rows.values(), *([province] if province else [])]:
        for group in STAFF_GROUPS:
            total.accounts[group] += row.accounts[group]
            total.to_date[group] += row.to_date[group]
            total.before[group] += row.before[group]
    return StaffFigures(list(rows.values()), province, total)
