"""Courses belong to audiences: checked in course.toml, grouped on the home page, suggested to
staff on their dashboard; and the course page names its competences."""

import gzip
import re

import pytest
from markupsafe import escape

from learning.catalog.loader import load_catalogue
from learning.config import PROJECT_ROOT
from learning.vocabulary import Audience, Role
from tests.catalog.test_course_files import COURSES, copy_course, problems_for
from tests.catalog.test_learning_path import answers_form
from tests.factories import add_tutor, make_team, make_user, sign_in

CSS = (PROJECT_ROOT / "static" / "site.css").read_bytes()
HEADINGS = {
    "vi": ["Dành cho mọi người", "Dành cho tổ công nghệ số cộng đồng", "Dành cho cán bộ xã"],
    "fr": ["Pour tout le monde", "Pour les équipes numériques communautaires",
           "Pour les agents de la commune"],
    "en": ["For everyone", "For community digital teams", "For commune officials"],
}


def test_every_real_course_names_its_audience():
    catalogue = load_catalogue(COURSES)
    assert {course.audience for course in catalogue.courses} == set(Audience.values())
    assert catalogue.course("community-team-guide").audience == "teams"
    assert catalogue.course("official-security").audience == "officials"
    assert catalogue.course("vneid").audience == "everyone"


def test_a_missing_audience_is_a_problem_at_line_1_and_the_course_is_left_out(app, tmp_path):
    meta = copy_course(tmp_path) / "course.toml"
    meta.write_text(re.sub(r'(?m)^audience = .*\n', "", meta.read_text(encoding="utf-8")),
                    encoding="utf-8")
    with app.app_context():
        problems = problems_for(tmp_path)
    assert f'{meta}:1: “audience” is missing: write audience = "everyone", "teams" or ' \
           '"officials"' in problems
    assert load_catalogue(tmp_path).courses == ()


def test_an_unknown_audience_is_named_with_its_line(app, tmp_path):
    meta = copy_course(tmp_path) / "course.toml"
    text = meta.read_text(encoding="utf-8").replace('audience = "everyone"',
                                                    'audience = "farmers"')
    meta.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("audience"))
    with app.app_context():
        problems = problems_for(tmp_path)
    assert f"{meta}:{line}: “audience” must be “everyone”, “teams” or “officials”, it is " \
           "“farmers”" in problems
    assert load_catalogue(tmp_path).courses == ()


@pytest.mark.parametrize("locale", ["vi", "fr", "en"])
def test_the_home_page_groups_the_courses_by_audience_everyone_first(client, catalogue, locale):
    client.get(f"/language/{locale}")
    response = client.get("/")
    html = response.get_data(as_text=True)
    positions = [html.index(f"<h2>{escape(heading)}</h2>") for heading in HEADINGS[locale]]
    assert positions == sorted(positions)
    for course in catalogue.courses:
        group = Audience.values().index(course.audience)
        where = html.index(f'href="/courses/{course.id}"')
        assert positions[group] < where, course.id
        if group + 1 < len(positions):
            assert where < positions[group + 1], course.id
    assert "<script" not in html.split("</main>")[0].split("<main")[1]
    assert len(gzip.compress(response.data, 9)) + len(gzip.compress(CSS, 9)) <= 14 * 1024


def track_box(html: str) -> str:
    match = re.search(r'<section class="track".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_a_tutor_is_offered_the_teams_track_with_their_progress(client, catalogue):
    tutor = add_tutor(make_team())
    sign_in(client, tutor)
    client.get("/language/en")
    course = catalogue.course("community-team-guide")
    lesson = course.lessons[0]
    client.post(f"/courses/{course.id}/{lesson.id}/quiz", data=answers_form(lesson))
    box = track_box(client.get("/dashboard").get_data(as_text=True))
    assert "Courses for your work" in box and "For community digital teams" in box
    assert f'href="/courses/{course.id}"' in box
    assert f"1 of {len(course.lessons)} lessons completed" in box
    assert "/courses/official-security" not in box and "/courses/vneid" not in box


@pytest.mark.parametrize("role", [Role.COMMUNE_OFFICER, Role.PROVINCE_STAFF, Role.ADMIN])
def test_officials_are_offered_the_officials_track(client, role):
    sign_in(client, make_user(role))
    client.get("/language/vi")
    box = track_box(client.get("/dashboard").get_data(as_text=True))
    assert "Dành cho cán bộ xã" in box
    assert 'href="/courses/official-security"' in box
    assert "/courses/community-team-guide" not in box


def test_a_learner_sees_no_track(client):
    sign_in(client, make_user())
    html = client.get("/dashboard").get_data(as_text=True)
    assert track_box(html) == "" and "/courses/vneid" in html


def test_the_course_page_names_each_skill_in_plain_words_without_codes(client, catalogue):
    """A citizen reads what they learn ("Bảo vệ thiết bị"), not "DigComp 4.1" or "Khung 757 0.2"
    (issue 11)."""
    course = next(c for c in catalogue.courses if c.digcomp and c.framework_757)
    for locale, framework_word in (("vi", "Khung"), ("fr", "Cadre")):
        client.get(f"/language/{locale}")
        skills = client.get(f"/courses/{course.id}").get_data(as_text=True).split("</h2>")[-1]
        items = re.findall(r"<li>(.*?)</li>", skills)
        names = [catalogue.competence_label("digcomp", code, locale) for code in course.digcomp]
        names += [catalogue.competence_label("framework_757", code, locale)
                  for code in course.framework_757]
        assert items == [str(escape(name)) for name in dict.fromkeys(names)]
        assert "DigComp" not in skills and framework_word not in skills
        assert not any(code in skills for code in (*course.digcomp, *course.framework_757))
