"""Read and validate every course in ``courses/`` into an immutable Catalogue.

A course whose metadata or Vietnamese source is broken is left out (the rest of the site works);
a broken or missing translation falls back to Vietnamese. Every problem is kept with its file and
line so that ``flask courses check`` can list them.
"""

import hashlib
import re
import tomllib
from pathlib import Path
from types import MappingProxyType

from flask_babel import lazy_gettext as _l

from learning.catalog.content import (
    SOURCE_LOCALE,
    Catalogue,
    Course,
    Lesson,
    LessonText,
    Problem,
)
from learning.catalog.markdown import render_lesson
from learning.catalog.rules import check_lesson
from learning.vocabulary import Audience

LOCALES = ("vi", "fr", "en")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
DEFAULT_PASS_MARK = 80  # percent, when course.toml gives none
IMAGE_RE = re.compile(r"\]\((images/[^)\s]+)")


def load_catalogue(root: Path | str, locales: tuple[str, ...] = LOCALES) -> Catalogue:
    root = Path(root)
    problems: list[Problem] = []
    competences = _load_competences(root / "competences.toml", problems)
    courses = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        if not (folder / "course.toml").exists():
            continue
        course_problems: list[Problem] = []
        course = _load_course(folder, locales, competences, course_problems)
        problems.extend(course_problems)
        if course is not None:
            courses.append(course)
    courses.sort(key=lambda course: (course.order, course.id))
    return Catalogue(tuple(courses), tuple(problems), MappingProxyType(competences))


def _load_competences(path: Path, problems: list[Problem]) -> dict:
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        problems.append(Problem(path, _toml_line(error), _l("invalid TOML: %(e)s", e=str(error))))
        return {}


def _toml_line(error: tomllib.TOMLDecodeError) -> int:
    match = re.search(r"line (\d+)", str(error))
    return int(match.group(1)) if match else 1


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith((f"{key} ", f"{key}=", f"[{key}]", f"[[{key}]]")):
            return number
    return 1


def _load_course(
    folder: Path, locales: tuple[str, ...], competences: dict, problems: list[Problem]
) -> Course | None:
    meta_path = folder / "course.toml"
    raw = meta_path.read_text(encoding="utf-8")
    digest = hashlib.sha256(raw.encode())

    def problem(key: str, message: object, missing: bool = False) -> None:
        problems.append(Problem(meta_path, _line_of(raw, key), message, missing))

    try:
        meta = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        message = _l("invalid TOML: %(e)s", e=str(error))
        problems.append(Problem(meta_path, _toml_line(error), message))
        return None
    broken = len(problems)
    if not ID_RE.match(folder.name):
        problem("order", _l("folder name “%(id)s” is not a valid course identifier",
                            id=folder.name))
    order, level = meta.get("order"), meta.get("level", 1)
    pass_mark = meta.get("pass_mark", DEFAULT_PASS_MARK)
    if not isinstance(order, int) or order < 1:
        problem("order", _l("“order” must be a whole number from 1"))
    if level not in (1, 2, 3, 4):
        problem("level", _l("“level” must be 1, 2, 3 or 4"))
    if not isinstance(pass_mark, int) or not 1 <= pass_mark <= 100:
        problem("pass_mark", _l("“pass_mark” must be a percentage from 1 to 100"))
    audience = meta.get("audience")
    if audience not in Audience.values():
        problem("audience", _l("“audience” must be “everyone”, “teams” or “officials”, "
                               "it is “%(value)s”", value=audience) if "audience" in meta else
                _l("“audience” is missing: write audience = \"everyone\", \"teams\" or "
                   "\"officials\""))
    texts: dict[str, dict[str, str]] = {}
    for key in ("title", "summary"):
        values = meta.get(key)
        if not isinstance(values, dict) or not values.get(SOURCE_LOCALE):
            problem(key, _l("[%(key)s] needs at least a Vietnamese (vi) text", key=key))
            values = {}
        for locale in locales:
            if locale != SOURCE_LOCALE and not values.get(locale):
                problem(key, _l("[%(key)s] has no “%(locale)s” translation", key=key,
                                locale=locale), missing=True)
        texts[key] = {k: v.strip() for k, v in values.items() if isinstance(v, str) and v.strip()}
    codes = meta.get("competences", {})
    for framework in ("framework_757", "digcomp"):
        for code in codes.get(framework, []):
            if code not in competences.get(framework, {}):
                problem("competences", _l("unknown %(framework)s competence “%(code)s” (see "
                                          "courses/competences.toml)", framework=framework,
                                          code=code))
    entries = meta.get("lessons", [])
    if not 3 <= len(entries) <= 6:
        problem("lessons", _l("a course has 3 to 6 lessons, this one has %(n)d", n=len(entries)))
    if len(problems) > broken:
        if any(not p.missing_translation for p in problems[broken:]):
            return None
    lessons = []
    for position, entry in enumerate(entries, start=1):
        lesson = _load_lesson(folder, position, entry, locales, meta.get("pass_mark"), problems,
                              raw, meta_path)
        if lesson is None:
            return None
        digest.update(lesson.content_hash.encode())
        lessons.append(lesson)
    seen = [lesson.id for lesson in lessons]
    if len(set(seen)) != len(seen):
        problem("lessons", _l("two lessons have the same id"))
        return None
    return Course(
        id=folder.name,
        order=order,
        level=level,
        pass_mark=pass_mark,
        icon=meta.get("icon"),
        audience=audience,
        titles=MappingProxyType(texts["title"]),
        summaries=MappingProxyType(texts["summary"]),
        framework_757=tuple(codes.get("framework_757", [])),
        digcomp=tuple(codes.get("digcomp", [])),
        lessons=tuple(lessons),
        content_hash=digest.hexdigest(),
    )


def _load_lesson(folder, position, entry, locales, _pass, problems, raw, meta_path):
    lesson_id, minutes = entry.get("id", ""), entry.get("minutes")
    if not isinstance(lesson_id, str) or not ID_RE.match(lesson_id):
        problems.append(Problem(meta_path, _line_of(raw, "lessons"),
                                _l("lesson %(n)d has no valid “id”", n=position)))
        return None
    if not isinstance(minutes, int) or not 2 <= minutes <= 5:
        problems.append(Problem(meta_path, _line_of(raw, "lessons"),
                                _l("lesson “%(id)s”: “minutes” must be 2 to 5", id=lesson_id)))
        return None
    digest = hashlib.sha256(lesson_id.encode())
    texts: dict[str, LessonText] = {}
    pictures: dict[str, list[str]] = {}
    for locale in locales:
        path = folder / f"{lesson_id}.{locale}.md"
        if not path.exists():
            problems.append(Problem(path, 0, _l("file missing: no “%(locale)s” text for lesson "
                                                "“%(id)s”", locale=locale, id=lesson_id),
                                    locale != SOURCE_LOCALE))
            continue
        source = path.read_text(encoding="utf-8")
        digest.update(source.encode())
        text, text_problems = render_lesson(source, path, locale, folder)
        problems.extend(text_problems)
        problems.extend(check_lesson(source, path, locale))  # reported; the text stays
        if text is not None and not text_problems:
            texts[locale] = text
            pictures[locale] = sorted(IMAGE_RE.findall(source))
    source_text = texts.get(SOURCE_LOCALE)
    if source_text is None:
        return None
    for locale, text in list(texts.items()):
        if [q.shape for q in text.questions] != [q.shape for q in source_text.questions]:
            problems.append(Problem(folder / f"{lesson_id}.{locale}.md", text.questions[0].line
                                    if text.questions else 0,
                                    _l("the quiz differs from the Vietnamese one (questions, "
                                       "choices or correct answers)")))
            del texts[locale]
        elif len(text.screens) != len(source_text.screens) or \
                pictures[locale] != pictures[SOURCE_LOCALE]:
            problems.append(Problem(folder / f"{lesson_id}.{locale}.md", 1, _l(
                "the screens differ from the Vietnamese lesson (number of “## ” screens or "
                "pictures)")))
            del texts[locale]
    return Lesson(folder.name, lesson_id, position, minutes, MappingProxyType(texts),
                  digest.hexdigest())
