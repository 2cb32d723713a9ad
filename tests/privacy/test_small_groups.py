"""Privacy of small groups (issue 10, finding 13; docs/statistics.md, "Privacy of small groups").

Province staff and API tokens get exact counts of people per commune, course and period. What
is protected is how the people of a commune split by age band, gender and team. Each test below
takes one route of the original finding and recomputes, as an attacker would, from what
province staff can see — pages, CSV, XLSX and the API — asserting that no protected value can be
recovered: every group figure that can be seen or derived holds at least K people, and so does
everyone else (its complement)."""

import csv
import html as markup
import io
import re
from datetime import datetime, timedelta

from openpyxl import load_workbook

from learning.accounts.models import Role
from learning.counting.definitions import (
    AGE_LABELS,
    GENDER_LABELS,
    MONTH,
    Period,
    today,
)
from learning.extensions import db
from learning.reporting import charts
from learning.reporting.tokens import create_token
from tests.factories import make_commune, make_team, make_user, sign_in
from tests.reporting.helpers import answer, complete_course

K = 5  # SMALL_CELL_LIMIT's default
THIS_MONTH = Period.containing(MONTH, today())
LAST_MONTH = THIS_MONTH.previous
TWO_MONTHS_AGO = LAST_MONTH.previous


# --- Who sees, and a small province --------------------------------------------------------

def province_staff():
    staff = make_user(Role.PROVINCE_STAFF, commune=make_commune(), locale="en")
    staff.province_code, staff.commune_code = "40", None
    return staff


def band_year(band: str, registered: datetime) -> int | None:
    ages = {"0-14": 10, "15-24": 20, "25-39": 30, "40-59": 45, "60+": 65}
    return None if band == "unknown" else registered.year - ages[band]


def person(commune, gender: str | None = None, band: str = "40-59",
           month: Period = TWO_MONTHS_AGO, team=None):
    """Someone registered in the commune in that month (on its 10th, midday in Vietnam)."""
    moment = datetime(month.start.year, month.start.month, 10, 5)
    learner = make_user(commune=commune, gender=gender, birth_year=band_year(band, moment))
    learner.created_at = moment
    if band == "unknown":
        learner.birth_year = None
    if team is not None:
        learner.team_id = team.id
    db.session.flush()
    return learner


# --- What province staff see, read as an attacker would ------------------------------------

def text_of(cell: str) -> str:
    return markup.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def number(text: str) -> int | None:
    text = text.split(" ")[0].replace(",", "")
    return int(text) if text.isdigit() else None


def section(page: str, anchor: str) -> str:
    """The part of a page from the heading with this id to the next heading of its level."""
    start = page.index(f'id="{anchor}"')
    end = page.find("<h2", start + 1)
    return page[start:end if end > 0 else len(page)]


def table_rows(part: str) -> list[list[str]]:
    body = part[part.index("<tbody"):part.index("</tbody>")] if "<tbody" in part else ""
    return [[text_of(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def group_table(page: str, dimension: str) -> dict[str, str] | None:
    """A group table of a statistics page: group label -> people registered (as shown), or
    None when no table is shown."""
    part = section(page, f"by-{dimension}")
    if "<table" not in part:
        return None
    return {row[0]: row[1] for row in table_rows(part) if len(row) > 1}


LABELS = {"gender": {str(label): value for value, label in GENDER_LABELS.items()},
          "age": {str(label): value for value, label in AGE_LABELS.items()}}


def values_of(dimension: str, label: str) -> frozenset[str]:
    """The values a (possibly merged: "Female, Other") group label stands for."""
    return frozenset(LABELS[dimension].get(part.strip(), part.strip())
                     for part in label.split(", "))


def recover(shown: dict[str, str], total: int, dimension: str) -> dict[frozenset, int]:
    """What the attacker knows of a table: the figures shown, and by subtraction from the
    exact total the one group hidden ("<5") or left out (absent rows are taken as zero, or, if
    they are the only unknown, as the rest)."""
    every = frozenset(LABELS[dimension].values())
    known = {values_of(dimension, label): number(text) for label, text in shown.items()}
    figures = {group: n for group, n in known.items() if n is not None}
    unknown = [group for group, n in known.items() if n is None]
    absent = every - frozenset().union(*known) if known else every
    if len(unknown) == 1:
        figures[unknown[0]] = total - sum(figures.values())
    elif not unknown and absent:
        figures[frozenset(absent)] = total - sum(figures.values())
    return figures


def assert_nothing_small(figures: dict[frozenset, int], total: int, where: str) -> None:
    for group, n in figures.items():
        assert n >= K and total - n >= K, (
            f"{where}: {sorted(group)} = {n} of {total} people can be told")


def api(client, path: str) -> dict:
    response = client.get(f"/api/v1{path}")
    assert response.status_code == 200, path
    return response.json


def registered_of(client, code: str) -> int:
    communes = api(client, f"/communes/{code}/coverage")["communes"]
    return communes[0]["totals"]["registered"]


def released_tables(body: dict) -> dict[str, dict[frozenset, int]]:
    """The group tables of a report's JSON (the API, the data CSV, published reports)."""
    tables = {}
    for dimension, table in body["breakdowns"].items():
        if dimension == "method":
            continue
        if "groups" in table:
            tables[dimension] = {frozenset(g["values"]): g["registered"]
                                 for g in table["groups"]}
        else:  # the old shape: value -> this period and the one before
            tables[dimension] = {frozenset([value]): row["period"]["registered"]
                                 for value, row in table.items()}
    return tables


# --- 1. Officials get exact counts ------------------------------------------------------------

def test_province_staff_and_api_tokens_get_exact_counts_of_people(client, catalogue):
    commune = make_commune(latitude=18.9, longitude=105.4)
    for _ in range(3):
        complete_course(make_user(commune=commune), catalogue.course("vneid"))
    staff = province_staff()
    secret = create_token(staff, "Sở KH&CN")
    db.session.commit()
    sign_in(client, staff)
    page = client.get("/statistics/provinces/40").text
    heads = section(page, "lagging")  # the headline figures come before
    assert "&lt;5" not in page and "<5" not in heads
    registered = re.search(r"<span>People registered</span><b>([^<]*)</b>", page).group(1)
    assert registered == "3"
    assert registered_of(client, "17611") == 3
    bearer = {"Authorization": f"Bearer {secret}"}
    coverage = client.get("/api/v1/provinces/40/coverage", headers=bearer).json
    assert coverage["communes"][0]["totals"]["registered"] == 3
    assert coverage["communes"][0]["courses"]["vneid"] == 3
    month = client.get(f"/api/v1/provinces/40/monthly/{THIS_MONTH.key}", headers=bearer).json
    assert month["total"]["period"]["registered"] == 3
    data = client.get("/statistics/provinces/40/coverage.csv").text
    line = next(csv.DictReader(io.StringIO(data)))
    assert line["registered"] == "3" and line["courses"] == "3"
    xlsx = client.get(f"/statistics/provinces/40/monthly/{THIS_MONTH.key}/report.xlsx").data
    sheet = load_workbook(io.BytesIO(xlsx)).worksheets[0]
    assert sheet["D2"].value == 3  # the province's people registered this month


# --- 2. Subtraction from totals and from other cells -------------------------------------------

def test_a_small_group_cannot_be_had_by_subtracting_from_the_total(client, catalogue):
    commune = make_commune()
    for _ in range(6):
        person(commune, "female")
    man = person(commune, "male")
    db.session.commit()
    sign_in(client, province_staff())
    total = registered_of(client, "17611")
    assert total == 7
    page = client.get("/statistics/communes/17611").text
    for dimension in ("gender", "age"):
        shown = group_table(page, dimension)
        if shown is not None:
            assert_nothing_small(recover(shown, total, dimension), total, dimension)
    assert man.gender == "male"
    province = client.get("/statistics/provinces/40").text
    for dimension in ("gender", "age"):
        shown = group_table(province, dimension)
        if shown is not None:
            assert_nothing_small(recover(shown, total, dimension), total, f"province {dimension}")
    for kind, period in (("monthly", TWO_MONTHS_AGO), ("monthly", LAST_MONTH)):
        body = api(client, f"/communes/17611/{kind}/{period.key}")
        for dimension, figures in released_tables(body).items():
            if dimension != "team" and all(isinstance(n, int) for n in figures.values()):
                assert_nothing_small(figures, total, f"{kind} {period.key} {dimension}")
            assert not any(isinstance(n, str) for n in figures.values()), "no '<5' left"
    assert "Withheld" in page


def test_absent_rows_do_not_tell_that_everyone_shares_a_group(client, catalogue):
    """In one commune every registered person was a man aged 40-59: the old tables listed only
    the non-zero rows, which said so."""
    commune = make_commune()
    for _ in range(6):
        person(commune, "male", "40-59")
    db.session.commit()
    sign_in(client, province_staff())
    total = registered_of(client, "17611")
    page = client.get("/statistics/communes/17611").text
    for dimension in ("gender", "age"):
        shown = group_table(page, dimension)
        if shown is not None:
            assert_nothing_small(recover(shown, total, dimension), total, dimension)
    xlsx = client.get(f"/statistics/communes/17611/monthly/{LAST_MONTH.key}/report.xlsx").data
    book = load_workbook(io.BytesIO(xlsx))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not (row and row[0] in ("Male", "40–59") and row[1] == total), row
    data = client.get(f"/statistics/communes/17611/monthly/{LAST_MONTH.key}/data.csv").text
    for line in csv.DictReader(io.StringIO(data)):
        if line["table"] in ("age", "gender") and line["measure"] == "registered":
            assert int(line["value"]) >= K and total - int(line["value"]) >= K, line


# --- 3. Two consecutive reports (differencing) --------------------------------------------------

def snapshot(client, code: str) -> dict[str, dict[frozenset, int]]:
    page = client.get(f"/statistics/communes/{code}").text
    found = {}
    for dimension in ("gender", "age"):
        shown = group_table(page, dimension) or {}
        found[dimension] = {values_of(dimension, label): number(text)
                            for label, text in shown.items() if number(text) is not None}
    return found


def coarsest(a: dict[frozenset, int], b: dict[frozenset, int]) -> tuple[dict, dict]:
    """Both tables in the groups they can be compared in (the coarser of the two)."""
    if set(a) == set(b):
        return a, b
    coarse, fine = (a, b) if len(a) <= len(b) else (b, a)
    regrouped = {group: sum(n for values, n in fine.items() if values <= group)
                 for group in coarse}
    return (coarse, regrouped) if coarse is a else (regrouped, coarse)


def assert_no_small_difference(before: dict, after: dict, where: str) -> None:
    for dimension in before:
        if not before[dimension] or not after[dimension]:
            continue
        old, new = coarsest(before[dimension], after[dimension])
        differences = {group: new.get(group, 0) - old.get(group, 0) for group in new}
        if any(differences.values()):
            assert all(d >= K for d in differences.values()), (
                f"{where}, {dimension}: the people added are told: {differences}")


def test_two_consecutive_views_do_not_tell_who_was_added(client, catalogue, monkeypatch):
    commune = make_commune()
    for band in ("15-24", "25-39", "40-59", "60+"):
        for i in range(K):
            person(commune, "female" if i % 2 else "male", band)
    db.session.commit()
    sign_in(client, province_staff())
    first = snapshot(client, "17611")
    assert first["age"], "a table whose groups are large enough (merged) is shown"
    assert all(n >= K for n in first["age"].values())
    newcomer = person(commune, "male", "25-39", THIS_MONTH)
    db.session.commit()
    second = snapshot(client, "17611")
    assert_no_small_difference(first, second, "the same day")
    later = THIS_MONTH.next.start + timedelta(days=3)  # the month of the newcomer has closed
    monkeypatch.setattr("learning.reporting.views.today", lambda: later)
    third = snapshot(client, "17611")
    assert_no_small_difference(first, third, "after the month closed")
    assert_no_small_difference(second, third, "after the month closed")
    reports = [released_tables(api(client, f"/communes/17611/monthly/{p.key}"))
               for p in (TWO_MONTHS_AGO, LAST_MONTH)]
    assert_no_small_difference(reports[0], reports[1], "two consecutive monthly reports")
    assert newcomer.id


# --- 4. A coverage share times the target ------------------------------------------------------

def test_shares_times_the_target_give_back_only_counts_already_shown(app, client, catalogue,
                                                                    monkeypatch):
    monkeypatch.setitem(app.config, "CORE_PATHWAY", ("vneid",))
    commune = make_commune()
    commune.target_population = 1000
    earlier = datetime.combine(TWO_MONTHS_AGO.start, datetime.min.time()) + timedelta(days=9)
    for _ in range(6):
        learner = person(commune, "female")
        complete_course(learner, catalogue.course("vneid"), earlier)
    for _ in range(2):
        complete_course(make_user(commune=commune, gender="male"), catalogue.course("vneid"))
    db.session.commit()
    sign_in(client, province_staff())
    body = api(client, f"/provinces/40/monthly/{THIS_MONTH.key}")
    for row in [body["total"], *body["communes"]]:
        if not row["target"]:
            continue
        shown = {row["core_to_date"], row["core_to_date"] - row["period"]["core"]
                 if isinstance(row["period"]["core"], int) else None}
        for ratio in (row["coverage"], row["coverage_previous"]):
            if ratio is not None:
                assert round(ratio * row["target"]) in shown, (
                    "a share gives back a count that is not shown", row)
    for course in body["courses"]:
        if course["coverage"] is not None:
            assert round(course["coverage"] * body["total"]["target"]) == \
                course["completers_to_date"]
    for dimension, table in body["breakdowns"].items():
        if dimension != "method":
            assert "coverage" not in str(table) and "share" not in str(table)


# --- 5. The sort order -------------------------------------------------------------------------

def test_the_sort_order_tells_nothing_that_is_not_shown(client, catalogue):
    course = catalogue.course("vneid")
    an, binh = make_commune("17611", "An"), make_commune("17612", "Bình")
    for commune, lessons in ((an, 1), (binh, 3)):  # hidden order against the names' order
        learner = make_user(commune=commune)
        for lesson in course.lessons[:lessons]:
            answer(learner, course, lesson)
    for _ in range(6):
        person(binh, "female")
    person(binh, "male")
    for _ in range(2):
        person(an, "male")
    db.session.commit()
    sign_in(client, province_staff())
    for query in ("sort=lessons&dir=desc", "sort=lessons&dir=asc", "sort=core&dir=desc",
                  "gender=male&sort=filtered&dir=desc", "gender=male&sort=filtered&dir=asc"):
        page = client.get(f"/statistics/provinces/40?{query}").text
        rows = table_rows(section(page, "communes"))
        header = section(page, "communes")
        column = {"lessons": 6, "core": 2, "filtered": 8}[re.search(r"sort=(\w+)", query)[1]]
        assert "filtered" not in query or "Registered: Male" in header, query
        shown = [(row[column], row[0]) for row in rows if len(row) > column]
        for (text_a, name_a), (text_b, name_b) in zip(shown, shown[1:], strict=False):
            if text_a == text_b or number(text_a) is None and number(text_b) is None:
                assert name_a <= name_b, f"{query}: the order tells {name_a} from {name_b}"


# --- 6. Map and chart colours -------------------------------------------------------------------

def level_of_text(text: str) -> int:
    if text in ("—", ""):
        return -1
    ratio = float(text.rstrip("%").replace(",", "")) / 100
    return charts.coverage_level(ratio)


def test_map_colours_follow_only_the_figures_shown(app, client, catalogue, monkeypatch):
    monkeypatch.setitem(app.config, "CORE_PATHWAY", ("vneid",))
    first = make_commune("17611", "An", latitude=18.9, longitude=105.4)
    first.target_population = 1000
    second = make_commune("17612", "Bình", latitude=18.7, longitude=105.6)
    second.target_population = 10
    for commune, completers in ((first, 3), (second, 4)):
        for _ in range(completers):
            complete_course(make_user(commune=commune, gender="female"),
                            catalogue.course("vneid"))
    db.session.commit()
    sign_in(client, province_staff())
    colours = {}
    for query in ("", "?gender=female", "?age=40-59"):
        page = client.get(f"/statistics/provinces/40{query}").text
        dots = re.findall(r'aria-label="([^"]*): ([^"]*)"><circle[^>]*class="c(\w)[^"]*"', page)
        assert len(dots) == 2
        for name, text, level in dots:
            with app.test_request_context():
                expected = level_of_text(markup.unescape(text))
            assert (int(level) if level != "x" else -1) == expected, (
                f"{name}: the colour says more than the figure shown ({text})")
        colours[query] = dots
    assert colours[""] == colours["?gender=female"] == colours["?age=40-59"], \
        "a group filter never changes the colours"


# --- 7. The analyst's filters -------------------------------------------------------------------

def test_filters_across_communes_keep_small_groups_withheld(client, catalogue):
    an, binh = make_commune("17611", "An"), make_commune("17612", "Bình")
    team = make_team(binh, "Thôn Đông")
    for i in range(10):
        person(an, "female" if i < 5 else "male", "25-39" if i % 2 else "40-59")
    for _ in range(6):
        person(binh, "female", team=team)
    person(binh, "male")
    complete_course(make_user(commune=binh), catalogue.course("vneid"))
    db.session.commit()
    sign_in(client, province_staff())

    def column(query: str) -> dict[str, str]:
        page = client.get(f"/statistics/provinces/40?{query.replace('+', '%2B')}")
        assert page.status_code == 200, query
        return {row[0].split(" ")[1]: row[8] for row in table_rows(section(page.text,
                                                                           "communes"))}

    women, men = column("gender=female"), column("gender=male")
    assert number(women["An"]) == 5, "An's table is safe once male, other and not given merge"
    assert men["An"] == "withheld", "men are a part of a merged group: not told alone"
    assert women["Bình"] == men["Bình"] == "withheld", "Bình's table is not safe"
    total = registered_of(client, "17612")
    for shown in (women["Bình"], men["Bình"]):
        assert number(shown) is None or total - number(shown) >= K
    for code, name in (("17611", "An"), ("17612", "Bình")):  # total minus a filtered figure
        total = registered_of(client, code)
        for query in ["gender=" + g for g in ("female", "male", "other", "unknown")] + \
                ["age=" + a for a in ("0-14", "15-24", "25-39", "40-59", "60+", "unknown")] + \
                ["team=roster", "team=none"]:
            n = number(column(query)[name])
            assert n is None or (n >= K and total - n >= K), (name, query, n, total)
    data = client.get("/statistics/provinces/40/coverage.csv?gender=female").text
    lines = {line["commune_code"]: line for line in csv.DictReader(io.StringIO(data))}
    assert lines["17611"]["filter"] == "gender=female"
    assert lines["17611"]["filtered_value"] == "5" and lines["17611"]["filtered_as_of"]
    assert lines["17612"]["filtered_value"] == "" == lines["17612"]["filtered_as_of"]
    assert client.get("/statistics/provinces/40/coverage.csv?age=1").status_code == 422
    assert column("age=25-39")["Bình"] == "withheld"
    assert column("team=roster")["Bình"] == "withheld"
    assert column("course=vneid")["Bình"] == "1", "a course's figure per commune is exact"
    page = client.get("/statistics/provinces/40?gender=female&age=40-59")
    assert page.status_code == 422 and "one group at a time" in page.text
    assert 'value="female" selected' in page.text, "the form keeps the choice"
    page = client.get("/statistics/provinces/40?gender=female&course=vneid")
    assert page.status_code == 422 and "not both" in page.text
    page = client.get("/statistics/provinces/40?gender=nobody&course=nothing")
    assert page.status_code == 422 and "Choose a course from the list" in page.text
