"""The analyst's filters of a province's commune table (issue 13): by course, or by one group —
an age band, a gender, or being on a team's roster — across communes; GET parameters, so that
the form works without JavaScript and a filtered table can be bookmarked.

A course's figures per commune are exact (people who completed it). A group's figure per commune
is a cell of that commune's split of its people, so it is only ever read from the commune's
released table (``disclosure.py``): shown when the group is made of whole groups of that table
(a sum of figures already shown), withheld otherwise. A course and a group together are refused:
completions split by group, beside the people registered split by group, would tell about the
people of a small group who did not complete (docs/statistics.md)."""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from learning.counting.definitions import AGE, AGE_BAND_NAMES, GENDER, GENDERS, TEAM
from learning.reporting.disclosure import ROSTER, Release, value_of
from learning.reporting.figures import Dashboard

TEAM_CHOICES = (ROSTER, "none")  # on a team's roster, on none
GROUP_CHOICES = {AGE: tuple(AGE_BAND_NAMES), GENDER: tuple(GENDERS), TEAM: TEAM_CHOICES}


@dataclass
class Filter:
    course: str = ""  # a course identifier (slug)
    groups: dict[str, str] = field(default_factory=dict)  # dimension -> value chosen (as sent)
    errors: dict[str, str] = field(default_factory=dict)  # field -> message

    @property
    def dimension(self) -> str | None:
        return next(iter(self.groups), None) if len(self.groups) == 1 else None

    @property
    def value(self) -> str | None:
        return self.groups.get(self.dimension) if self.dimension else None

    @property
    def active(self) -> bool:
        return not self.errors and bool(self.course or self.groups)

    def chosen(self, value: str) -> bool:
        """Whether a person of this value (in the released tables' terms) is in the group."""
        wanted = self.value or ""
        if self.dimension == TEAM:
            return value_of(TEAM, value) == (ROSTER if wanted == ROSTER else "")
        return value == wanted

    def query(self) -> dict[str, str]:
        """The parameters to keep in the sort links."""
        return {k: v for k, v in (("course", self.course), *self.groups.items()) if v}


ERRORS = {
    "course": _l("Choose a course from the list."),
    "group": _l("Choose a value from the list."),
    "one_group": _l("Choose one group at a time: an age band, a gender or a team."),
    "course_and_group": _l(
        "Choose a course or a group, not both: completions are not split by age band, gender "
        "or team, so that no one in a small group can be singled out."),
}


def read_filter(args, courses: dict[str, int]) -> Filter:
    """The filter from the page's parameters (``courses``: identifier -> id); every bad value
    is named, the rest kept."""
    chosen = Filter(course=(args.get("course") or "").strip())
    if chosen.course and chosen.course not in courses:
        chosen.errors["course"] = str(ERRORS["course"])
    for dimension, values in GROUP_CHOICES.items():
        value = args.get(dimension)
        if value:
            chosen.groups[dimension] = value
            if value not in values:
                chosen.errors[dimension] = str(ERRORS["group"])
    if len(chosen.groups) > 1:
        chosen.errors.setdefault("groups", str(ERRORS["one_group"]))
    elif chosen.groups and chosen.course:
        chosen.errors.setdefault("groups", str(ERRORS["course_and_group"]))
    return chosen


def released_dimensions(sections: tuple[str, ...], exact: bool, chosen: Filter
                        ) -> tuple[str, ...]:
    """The dimensions whose released tables a dashboard needs: its group sections (unless the
    user sees them exactly) and the filter's group."""
    wanted = () if exact else sections
    if chosen.dimension and not chosen.errors and chosen.dimension not in wanted:
        wanted = (*wanted, chosen.dimension)
    return wanted


@dataclass
class Filtered:
    """The filtered figure of each commune: a count, or None when withheld."""

    values: dict[str, int | None]
    as_of: dict[str, object]  # commune -> the month its released figure stands at (groups)

    @property
    def total(self) -> int:
        """The sum of the figures shown (those withheld are not in it)."""
        return sum(n for n in self.values.values() if n is not None)

    @property
    def withheld(self) -> int:
        return sum(1 for n in self.values.values() if n is None)


def filtered(board: Dashboard, chosen: Filter, course_id: int | None) -> Filtered | None:
    if not chosen.active:
        return None
    if chosen.course and course_id is not None:
        return Filtered({c.commune.code: c.per_course.get(course_id, 0)
                         for c in board.communes}, {})
    released: dict[str, Release] = board.released_by_commune.get(chosen.dimension or "", {})
    values = {code: release.count_where(chosen.chosen) for code, release in released.items()}
    return Filtered(values, {code: released[code].as_of for code, n in values.items()
                             if n is not None})
