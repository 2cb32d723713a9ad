"""Privacy of small groups (docs/statistics.md, "Privacy of small groups"): what is said about
the age band, gender and team of the people of a commune, to anyone but the commune's own
officer and administrators on screen — province staff, API tokens, every export and every
published report.

Counts of people per commune, course and period are exact for those officials. What is
protected is the *split* of a commune's people by age band, gender or team, and it is told only
through **released** figures:

- The people registered in a commune each month, split by the values of one dimension, are
  walked month by month, closed months only. A month's new people are added to what is
  *pending*; the pending people are **released** (added to the published cumulative figure, and
  pending starts again from nothing) at the end of a month where they form a *safe* table: at
  least two groups, every group — zero groups included, always listed — at least K people
  (``SMALL_CELL_LIMIT``, default 5), and every group's complement (everyone else) at least K.
- Groups are merged when the finest table is not safe: each dimension has a chain of bandings,
  finest first (for age: the six bands; under 25, 25–39, 40–59, 60 and over or not given; under
  40, 40 and over or not given; a team is told only as "on a team's roster" or not, since the
  list of teams changes). Each banding has its own walk, and a banding may release only
  at a month where the next coarser one released too (the coarsest one releases whenever it is
  safe).
- What is shown is the finest banding that has released, as it stood at its last release; a
  dimension with no release is withheld, with a sentence saying why.
- A release is only *tried* at the end of a month by which at least K people registered since
  the last try (a fact everyone sees: counts are exact). A try that fails tells that the
  pending table had a small group; trying after a single newcomer would tell which group that
  newcomer is in, trying after K or more tells at most that those newcomers all share a group
  (docs/statistics.md, "Limits").

Why this holds (the full argument is in docs/statistics.md): every figure ever shown is the
cumulative of one banding at one of its release months. Two such figures, compared in the
coarser of their two bandings (the only way they can be compared), are two release months of
that coarser banding (release months of a finer banding are release months of every coarser
one), so their difference is a sum of released batches, each of which had every group at
least K: the difference has every group at least K, as has each figure itself. Totals are
exact and public, so the complement rule makes "total minus the other groups" safe too.
Nothing is computed "as of today" (a day's new people would be the difference of two days), no
percentage, order or colour of a withheld table is emitted, and merged groups are listed whole.

Pure arithmetic over ``queries.Cell``s: the few queries are the callers'.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from learning.counting.definitions import (
    AGE,
    AGE_BAND_NAMES,
    GENDER,
    GENDERS,
    MONTH,
    NO_TEAM,
    TEAM,
    UNKNOWN,
    Period,
    small_cell_limit,
)
from learning.reporting.queries import Cell

MEASURE = "registered"  # the one figure split by group (see docs: one measure per breakdown)
ROSTER = "roster"  # the key of the group of every team's roster


@dataclass(frozen=True)
class Group:
    key: str  # "40-59", or the merged values joined by "+" ("60+" and "unknown": "60++unknown")
    values: tuple[str, ...]


Banding = tuple[Group, ...]


def _banding(*parts: Sequence[str]) -> Banding:
    return tuple(Group("+".join(part), tuple(part)) for part in parts)


def bandings(dimension: str) -> list[Banding]:
    """The chain of bandings of a dimension, finest first; each is a partition of the values,
    each a merge of the one before. The same whatever the page or the day: a banding that
    changed would give two walks of the same people to compare."""
    if dimension == AGE:
        return [_banding(*((band,) for band in AGE_BAND_NAMES)),
                _banding(("0-14", "15-24"), ("25-39",), ("40-59",), ("60+", UNKNOWN)),
                _banding(("0-14", "15-24", "25-39"), ("40-59", "60+", UNKNOWN))]
    if dimension == GENDER:
        female, male, other = GENDERS[:3]
        return [_banding(*((gender,) for gender in GENDERS)),
                _banding((female,), (male,), (other, UNKNOWN)),
                _banding((female,), (male, other, UNKNOWN))]
    if dimension == TEAM:  # on some team's roster or not: the list of teams changes over time
        return [_banding((ROSTER,), (NO_TEAM,))]
    raise ValueError(dimension)


def value_of(dimension: str, value: str) -> str:
    """The value a person counts under in the bandings (for a team: on a roster or not)."""
    return (ROSTER if value != NO_TEAM else NO_TEAM) if dimension == TEAM else value


def grouped(people: Mapping[str, int], banding: Banding) -> dict[str, int]:
    """People per group of the banding (every group listed, zero ones too)."""
    return {group.key: sum(people.get(value, 0) for value in group.values)
            for group in banding}


def safe(groups: Mapping[str, int], limit: int) -> bool:
    """A table that can be shown: at least two groups, each at least ``limit`` people (a zero
    group is not safe: it tells that everyone else shares the other values), and each group's
    complement too."""
    total = sum(groups.values())
    return len(groups) >= 2 and all(n >= limit and total - n >= limit
                                    for n in groups.values())


@dataclass
class Level:
    """One banding's walk: its published cumulative figure and the month of its last release."""

    banding: Banding
    counts: dict[str, int] = field(default_factory=dict)
    as_of: Period | None = None  # the month at whose end the figure stands; None: never

    @property
    def released(self) -> bool:
        return self.as_of is not None


@dataclass
class Release:
    """What may be said of one dimension of one commune (or, summed, of several)."""

    dimension: str
    levels: list[Level]  # finest first
    chosen: int | None  # the level shown; None: withheld
    communes: int = 1  # how many communes' figures are in it (a province's sum)
    of_communes: int = 1

    @property
    def withheld(self) -> bool:
        return self.chosen is None

    @property
    def level(self) -> Level | None:
        return None if self.chosen is None else self.levels[self.chosen]

    @property
    def banding(self) -> Banding:
        return () if self.level is None else self.level.banding

    @property
    def as_of(self) -> Period | None:
        return None if self.level is None else self.level.as_of

    def rows(self) -> list[tuple[Group, int]]:
        level = self.level
        return [] if level is None else [(g, level.counts[g.key]) for g in level.banding]

    def count_where(self, chosen: Callable[[str], bool]) -> int | None:
        """The people whose value is chosen, when they make up whole groups of the table shown
        (a sum of shown figures); None when the table is withheld or a group is split."""
        total, found = 0, False
        for group, n in self.rows():
            inside = [chosen(value) for value in group.values]
            if all(inside) and inside:
                total, found = total + n, True
            elif any(inside):
                return None
        return total if found else None


def walk(flows: Mapping[date, Mapping[str, int]], chain: list[Banding], limit: int,
         dimension: str) -> Release:
    """Release the monthly new people of one commune (month start -> value -> people), closed
    months only, through the chain of bandings (see the module's docstring)."""
    levels = [Level(banding, grouped({}, banding)) for banding in chain]
    pending = [Counter() for _ in chain]
    since_try = 0  # people registered since the last try: exact and public, so trying tells nothing
    for start in sorted(flows):
        for i in range(len(chain)):
            pending[i].update(flows[start])
        since_try += sum(flows[start].values())
        if since_try < limit:  # too few new people to try (see docs: a failed try tells little)
            continue
        since_try = 0
        coarser_released = True  # the coarsest banding needs no coarser one
        for i in reversed(range(len(chain))):
            batch = grouped(pending[i], chain[i])
            if coarser_released and safe(batch, limit):
                level = levels[i]
                level.counts = {k: level.counts[k] + n for k, n in batch.items()}
                level.as_of = Period(MONTH, start)
                pending[i] = Counter()
            else:
                coarser_released = False
    chosen = next((i for i, level in enumerate(levels) if level.released), None)
    return Release(dimension, levels, chosen)


def monthly_flows(cells: Iterable[Cell], dimension: str, last: Period) -> dict:
    """commune -> month start -> value -> people registered, up to the month ``last``."""
    flows: dict = {}
    for cell in cells:
        if cell.dimension == dimension and cell.kind == MONTH and cell.start <= last.start \
                and cell.counts:
            n = getattr(cell, MEASURE)
            if n:
                month = flows.setdefault(cell.commune, {}).setdefault(cell.start, Counter())
                month[value_of(dimension, cell.value)] += n
    return flows


def releases(cells: Iterable[Cell], dimension: str, communes: Sequence[str],
             last: Period) -> dict[str, Release]:
    """Each commune's release of one dimension, from its monthly cells (by commune, by start)
    up to the closed month ``last``."""
    limit, chain = small_cell_limit(), bandings(dimension)
    flows = monthly_flows(cells, dimension, last)
    return {code: walk(flows.get(code, {}), chain, limit, dimension) for code in communes}


SHARE_OF_MOST = 0.8  # a province's table: the finest banding holding this share of the most


def province_release(dimension: str, per_commune: Mapping[str, Release]) -> Release:
    """A province's table: the sum of its communes' released figures in one banding (a sum of
    figures already shown, which tells nothing more); communes that released nothing in it are
    left out (``communes`` says how many are in). The banding: the finest one holding at least
    SHARE_OF_MOST of the people that the best-filled one holds."""
    chain = bandings(dimension)
    if not per_commune:
        return Release(dimension, [], None, 0, len(per_commune))
    sums = [Level(banding, grouped({}, banding)) for banding in chain]
    included = [0] * len(chain)
    people = [0] * len(chain)
    for release in per_commune.values():
        for i, level in enumerate(release.levels):
            if level.released:
                total = sums[i]
                total.counts = {k: total.counts[k] + level.counts[k] for k in total.counts}
                total.as_of = max(filter(None, (total.as_of, level.as_of)))
                included[i] += 1
                people[i] += sum(level.counts.values())
    most = max(people)
    chosen = next((i for i in range(len(chain)) if people[i] and people[i] >= SHARE_OF_MOST * most),
                  None)
    communes = included[chosen] if chosen is not None else 0
    return Release(dimension, sums, chosen, communes, len(per_commune))


def last_closed_month(day: date) -> Period:
    """The last month that ended on or before ``day`` (released figures stand at month ends)."""
    return Period.containing(MONTH, day).previous
