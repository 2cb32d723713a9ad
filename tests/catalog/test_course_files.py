"""Courses as files: the real catalogue is complete, and broken files are named with their line."""

import shutil
from pathlib import Path

import pytest
from flask_babel import force_locale

from learning import create_app
from learning.catalog.loader import load_catalogue
from learning.config import PROJECT_ROOT

COURSES = PROJECT_ROOT / "courses"


def test_real_catalogue_has_ten_complete_courses_without_problems():
    catalogue = load_catalogue(COURSES)
    assert [str(p) for p in catalogue.problems] == []
    assert len(catalogue.courses) >= 10
    for course in catalogue.courses:
        assert 3 <= len(course.lessons) <= 6, course.id
        assert set(course.titles) == set(course.summaries) == {"vi", "fr", "en"}
        for lesson in course.lessons:
            assert set(lesson.texts) == {"vi", "fr", "en"}, lesson.key
            assert 2 <= len(lesson.text("vi").questions) <= 4


def test_every_question_type_is_used_and_has_feedback():
    catalogue = load_catalogue(COURSES)
    kinds = set()
    for course in catalogue.courses:
        for lesson in course.lessons:
            for question in lesson.text("vi").questions:
                kinds.add(question.kind)
                if question.kind == "order":
                    assert question.feedback
                else:
                    assert all(choice.feedback for choice in question.choices)
    assert kinds == {"single", "multiple", "truefalse", "order"}


def copy_course(tmp_path: Path, course_id: str = "health-insurance") -> Path:
    shutil.copy(COURSES / "competences.toml", tmp_path / "competences.toml")
    target = tmp_path / course_id
    shutil.copytree(COURSES / course_id, target)
    return target


def problems_for(root: Path) -> list[str]:
    with force_locale("en"):
        return [str(p) for p in load_catalogue(root).problems]


def test_a_question_without_correct_answer_is_named_with_file_and_line(tmp_path):
    folder = copy_course(tmp_path)
    path = folder / "no-paper-card.fr.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("- [x]"))
    lines[number] = lines[number].replace("- [x]", "- [ ]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    question_line = max(i for i in range(number) if lines[i].startswith("?")) + 1
    problems = problems_for(tmp_path)
    assert any(p.startswith(f"{path}:{question_line}:") and "correct" in p for p in problems)
    # The French text is refused, the course stays (in Vietnamese for French readers).
    catalogue = load_catalogue(tmp_path)
    lesson = catalogue.lesson("health-insurance", "no-paper-card")
    assert lesson is not None and not lesson.is_translated("fr")


def test_bad_toml_is_named_with_its_line_and_the_course_is_left_out(tmp_path):
    folder = copy_course(tmp_path)
    copy_course(tmp_path, "vneid")
    meta = folder / "course.toml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("order = 4", "order = = 4"),
                    encoding="utf-8")
    problems = problems_for(tmp_path)
    assert any(p.startswith(f"{meta}:1:") and "TOML" in p for p in problems)
    catalogue = load_catalogue(tmp_path)
    assert [c.id for c in catalogue.courses] == ["vneid"]


def test_missing_translation_and_differing_quiz_are_reported(tmp_path):
    folder = copy_course(tmp_path)
    (folder / "at-the-clinic.en.md").unlink()
    path = folder / "check-in-vneid.en.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("? single:", "? multiple:", 1), encoding="utf-8")
    catalogue = load_catalogue(tmp_path)
    missing = [p for p in catalogue.problems if p.missing_translation]
    assert any("at-the-clinic.en.md" in str(p.path) for p in missing)
    assert any("check-in-vneid.en.md" in p and "differs" in p for p in problems_for(tmp_path))


def test_a_translation_with_other_screens_or_pictures_is_refused(tmp_path):
    folder = copy_course(tmp_path)
    path = folder / "at-the-clinic.fr.md"
    text = path.read_text(encoding="utf-8")
    head, quiz = text.split("```quiz", 1)
    path.write_text(head + "## Un écran de plus\n\nTexte.\n\n```quiz" + quiz, encoding="utf-8")
    problems = problems_for(tmp_path)
    assert any("at-the-clinic.fr.md" in p and "screens differ" in p for p in problems), problems
    assert "fr" not in {locale for course in load_catalogue(tmp_path).courses
                        for lesson in course.lessons if lesson.id == "at-the-clinic"
                        for locale in lesson.texts}


def test_broken_quiz_syntax_points_at_the_line(tmp_path):
    folder = copy_course(tmp_path)
    path = folder / "no-paper-card.vi.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    quiz = lines.index("```quiz")
    lines.insert(quiz + 2, "this line is not part of the format")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert f"{path}:{quiz + 3}: cannot read this line of the quiz" in problems_for(tmp_path)
    assert load_catalogue(tmp_path).courses == ()


@pytest.fixture
def broken_site(tmp_path):
    copy_course(tmp_path, "vneid")
    folder = copy_course(tmp_path)
    (folder / "no-paper-card.vi.md").write_text("no title, no quiz\n", encoding="utf-8")
    return tmp_path


def test_a_broken_course_never_takes_the_site_down(broken_site, tmp_path):
    app = create_app({"TESTING": True, "COURSES_DIR": str(broken_site), "CORE_PATHWAY": "vneid",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'b.sqlite3'}"})
    with app.app_context():
        from learning.extensions import db

        db.create_all()
    client = app.test_client()
    home = client.get("/")
    assert home.status_code == 200
    assert "VNeID" in home.get_data(as_text=True)
    assert client.get("/courses/health-insurance").status_code == 404
    assert client.get("/courses/vneid/what-is-vneid").status_code == 200


def test_courses_check_command_lists_problems_and_fails(broken_site, tmp_path):
    app = create_app({"TESTING": True, "COURSES_DIR": str(broken_site), "CORE_PATHWAY": "vneid",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'c.sqlite3'}"})
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["courses", "check"])
    assert result.exit_code == 1
    assert f"{broken_site / 'health-insurance' / 'no-paper-card.vi.md'}:1: error:" in result.output


def test_courses_check_is_clean_on_the_real_courses(app):
    result = app.test_cli_runner().invoke(args=["courses", "check"])
    assert result.exit_code == 0, result.output
    assert "0 problems" in result.output


def test_check_messages_in_vietnamese(broken_site, tmp_path):
    app = create_app({"TESTING": True, "COURSES_DIR": str(broken_site), "CORE_PATHWAY": "vneid",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'd.sqlite3'}"})
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["courses", "check", "--lang", "vi"])
    first = result.output.split("error:")[1].split("\n")[0]
    assert "tệp phải bắt đầu bằng một dòng “# Tiêu đề”" in first
