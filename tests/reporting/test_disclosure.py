"""The release rule of small groups (learning/reporting/disclosure.py), checked on random
histories: whatever months and cut-offs are looked at, every table that can be seen is safe,
and so is the difference of any two of them compared in the groups they share — the argument
of docs/statistics.md, "Privacy of small groups", tested."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from learning.counting.definitions import AGE, AGE_BAND_NAMES, GENDER, GENDERS, TEAM
from learning.reporting.disclosure import (
    ROSTER,
    bandings,
    grouped,
    province_release,
    safe,
    walk,
)

K = 5
MONTHS = [date(2025, m, 1) for m in range(1, 13)] + [date(2026, m, 1) for m in range(1, 7)]
VALUES = {AGE: AGE_BAND_NAMES, GENDER: GENDERS, TEAM: (ROSTER, "")}


def histories(dimension: str):
    month = st.dictionaries(st.sampled_from(VALUES[dimension]), st.integers(0, 9), max_size=6)
    return st.dictionaries(st.sampled_from(MONTHS), month, max_size=len(MONTHS))


def seen(flows, dimension: str) -> list[tuple[int, dict[str, int]]]:
    """Every table anyone can see over time: each banding's figure at every cut-off (a page
    viewed at the end of each month, of every level: a province's sum reads them all)."""
    chain = bandings(dimension)
    found = []
    for cut in MONTHS:
        release = walk({m: f for m, f in flows.items() if m <= cut}, chain, K, dimension)
        found += [(i, level.counts) for i, level in enumerate(release.levels)
                  if level.released]
    return found


def in_banding(counts: dict[str, int], finer: int, coarser: int, dimension: str) -> dict:
    chain = bandings(dimension)
    by_value = {v: 0 for g in chain[finer] for v in g.values}
    for group in chain[finer]:  # put each group's people on its first value: they regroup alike
        by_value[group.values[0]] = counts[group.key]
    return grouped(by_value, chain[coarser])


@settings(max_examples=150, deadline=None)
@given(dimension=st.sampled_from([AGE, GENDER, TEAM]), data=st.data())
def test_every_table_seen_and_every_difference_of_two_is_safe(dimension, data):
    flows = data.draw(histories(dimension))
    tables = seen(flows, dimension)
    for _level, counts in tables:
        assert safe(counts, K), counts
    for a_level, a in tables:
        for b_level, b in tables:
            coarse = max(a_level, b_level)
            a_c = in_banding(a, a_level, coarse, dimension)
            b_c = in_banding(b, b_level, coarse, dimension)
            difference = [b_c[k] - a_c[k] for k in a_c]
            if any(difference):
                assert all(d >= K for d in difference) or all(d <= -K for d in difference), (
                    a_c, b_c)


def test_groups_merge_before_a_table_is_withheld():
    march = {"15-24": 5, "25-39": 5, "40-59": 5, "60+": 5}  # nobody under 15: not the finest
    release = walk({date(2025, 3, 1): march}, bandings(AGE), K, AGE)
    assert release.chosen == 1
    assert [(g.values, n) for g, n in release.rows()] == [
        (("0-14", "15-24"), 5), (("25-39",), 5), (("40-59",), 5), (("60+", "unknown"), 5)]
    assert release.as_of.key == "2025-03"
    alone = walk({date(2025, 3, 1): {"40-59": 6}}, bandings(AGE), K, AGE)
    assert alone.withheld and alone.rows() == []


def test_a_month_too_small_waits_for_the_next_and_a_province_adds_only_what_was_released():
    chain = bandings(GENDER)
    flows = {date(2025, 3, 1): {"female": 5, "male": 5, "other": 5, "unknown": 5},
             date(2025, 4, 1): {"male": 1}}
    release = walk(flows, chain, K, GENDER)
    assert release.as_of.key == "2025-03", "April's one man waits"
    flows[date(2025, 5, 1)] = {"female": 6, "male": 4, "other": 5, "unknown": 5}
    release = walk(flows, chain, K, GENDER)
    assert release.as_of.key == "2025-05" and release.chosen == 0
    assert dict(release.level.counts) == {"female": 11, "male": 10, "other": 10, "unknown": 10}
    small = walk({date(2025, 3, 1): {"female": 2}}, chain, K, GENDER)
    province = province_release(GENDER, {"a": release, "b": small})
    assert province.communes == 1 and province.of_communes == 2
    assert dict(province.level.counts) == dict(release.level.counts)


def test_a_try_waits_for_enough_newcomers_so_that_its_timing_tells_nobody_s_group():
    """March's table has 4 women: withheld. Had it been tried again after April's single
    newcomer and released, everyone would know that newcomer is a woman (the only way a table
    with a small group becomes safe with one more person)."""
    chain = bandings(GENDER)
    flows = {date(2025, 3, 1): {"female": 4, "male": 9, "other": 9, "unknown": 9},
             date(2025, 4, 1): {"female": 1}}
    assert walk(flows, chain, K, GENDER).withheld
    flows[date(2025, 5, 1)] = {"female": 1, "male": 2, "other": 1, "unknown": 1}
    release = walk(flows, chain, K, GENDER)
    assert release.as_of.key == "2025-05" and release.chosen == 0


def test_the_counters_and_the_raw_records_release_the_same_tables(app):
    """The benchmark's baseline (raw records) and the counters give the same released tables."""
    from datetime import datetime

    from learning.accounts.models import Role
    from learning.counting.definitions import MONTH, Period, today
    from learning.extensions import db
    from learning.reporting.areas import province_area
    from learning.reporting.disclosure import last_closed_month
    from learning.reporting.figures import released_tables
    from learning.reporting.queries import CounterSource
    from learning.reporting.raw import RawSource
    from tests.factories import make_commune, make_user

    commune = make_commune()
    month = Period.containing(MONTH, today()).shift(-2)
    for i in range(24):
        learner = make_user(commune=commune, gender=("female", "male", None)[i % 3],
                            birth_year=1950 + i)
        learner.created_at = datetime(month.start.year, month.start.month, 3 + i % 20, 5)
    admin = make_user(Role.ADMIN)
    admin.commune_code = None
    db.session.commit()
    area = province_area(admin, "40")
    last = last_closed_month(today())
    tables = [released_tables(source(), area, last, (AGE, GENDER, TEAM))
              for source in (CounterSource, RawSource)]
    shown = [{d: (r.chosen, r.rows(), r.as_of) for d, r in t[1].items()} for t in tables]
    assert shown[0] == shown[1]
    assert shown[0][GENDER][0] is not None, "24 people, 8 of each: a table is released"
