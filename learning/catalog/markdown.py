"""Turn one lesson file (Markdown with a ```quiz block) into a LessonText."""

from pathlib import Path

from flask_babel import lazy_gettext as _l
from markdown_it import MarkdownIt

from learning.catalog.content import LessonText, Problem, Screen
from learning.catalog.quiz_parser import parse_quiz

_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False})
SAFE_LINK_PREFIXES = ("https://",)


def render_lesson(
    source: str, path: Path, locale: str, folder: Path
) -> tuple[LessonText | None, list[Problem]]:
    problems: list[Problem] = []
    lines = source.splitlines()
    title, title_line = "", 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if line.startswith("# "):
                title, title_line = line[2:].strip(), number
            break
    if not title:
        problems.append(Problem(path, 1, _l("the file must start with a “# Title” line")))
        return None, problems
    quiz_start = next((i for i, line in enumerate(lines) if line.strip() == "```quiz"), None)
    if quiz_start is None:
        problems.append(Problem(path, len(lines), _l("the lesson has no ```quiz block")))
        return None, problems
    quiz_end = next(
        (i for i in range(quiz_start + 1, len(lines)) if lines[i].strip() == "```"), None
    )
    if quiz_end is None:
        problems.append(Problem(path, quiz_start + 1, _l("the ```quiz block is not closed")))
        return None, problems
    if any(line.strip() for line in lines[quiz_end + 1 :]):
        problems.append(Problem(path, quiz_end + 2, _l("nothing may follow the quiz")))
    quiz_lines = [(i + 1, lines[i]) for i in range(quiz_start + 1, quiz_end)]
    questions, quiz_problems = parse_quiz(quiz_lines, path)
    problems.extend(quiz_problems)

    intro: list[tuple[int, str]] = []
    screens: list[tuple[str, int, list[tuple[int, str]]]] = []
    for index in range(title_line, quiz_start):
        number, line = index + 1, lines[index]
        if line.startswith("## "):
            screens.append((line[3:].strip(), number, []))
        elif line.startswith("# "):
            problems.append(Problem(path, number, _l("only one “# Title” line is allowed")))
        else:
            (screens[-1][2] if screens else intro).append((number, line))
    if not 2 <= len(screens) <= 6:
        problems.append(Problem(path, title_line, _l("a lesson has 2 to 6 screens (“## ” "
                                                      "headings), this one has %(n)d",
                                                      n=len(screens))))
    intro_html = _render(intro, path, folder, problems)
    rendered = []
    for heading, _number, body in screens:
        rendered.append(Screen(heading, _render(body, path, folder, problems)))
    text = LessonText(locale, title, intro_html, tuple(rendered), tuple(questions))
    return text, problems


def _render(
    body: list[tuple[int, str]], path: Path, folder: Path, problems: list[Problem],
) -> str:
    if not body:
        return ""
    first_line = body[0][0]
    tokens = _markdown.parse("\n".join(line for _, line in body))
    for token in tokens:
        line = first_line + (token.map[0] if token.map else 0)
        for child in token.children or []:
            if child.type == "image":
                src = str(child.attrGet("src") or "")
                if not src.startswith("images/") or not (folder / src).is_file():
                    problems.append(Problem(path, line, _l("image “%(src)s” not found in the "
                                                           "course's images/ folder", src=src)))
                if not child.content:
                    problems.append(Problem(path, line, _l("image “%(src)s” has no alt text",
                                                           src=src)))
                child.attrSet("loading", "lazy")
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if not href.startswith(SAFE_LINK_PREFIXES):
                    problems.append(Problem(path, line, _l("link “%(href)s” must start with "
                                                           "https://", href=href)))
                child.attrSet("rel", "noopener")
    return _markdown.renderer.render(tokens, _markdown.options, {})
