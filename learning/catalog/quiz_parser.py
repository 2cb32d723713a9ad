"""Parse the ```quiz block that ends every lesson file (format: courses/README.md)."""

import re
from pathlib import Path

from flask_babel import lazy_gettext as _l

from learning.catalog.content import QUESTION_KINDS, Choice, Problem, Question

QUESTION_RE = re.compile(r"^\?\s*([a-z]+)\s*:\s*(.+)$")
CHOICE_RE = re.compile(r"^-\s*\[( |x|X)\]\s*(.+)$")
STEP_RE = re.compile(r"^(\d+)\.\s+(.+)$")
FEEDBACK_RE = re.compile(r"^>\s*(.+)$")

CHOICE_LIMITS = {"single": (2, 5), "multiple": (2, 6), "truefalse": (2, 2), "order": (3, 6)}


class _Draft:
    def __init__(self, kind: str, text: str, line: int) -> None:
        self.kind, self.text, self.line = kind, text, line
        self.choices: list[list] = []  # [text, correct, feedback, line]
        self.feedback = ""


def parse_quiz(lines: list[tuple[int, str]], path: Path) -> tuple[list[Question], list[Problem]]:
    """``lines`` are (line number, text) pairs inside the quiz block."""
    drafts: list[_Draft] = []
    problems: list[Problem] = []

    def problem(line: int, message: object) -> None:
        problems.append(Problem(path, line, message))  # type: ignore[arg-type]

    for number, raw in lines:
        indented = raw.startswith((" ", "\t"))
        line = raw.strip()
        if not line:
            continue
        if match := QUESTION_RE.match(line):
            kind = match.group(1)
            if kind not in QUESTION_KINDS:
                problem(number, _l("unknown question type “%(kind)s”", kind=kind))
            drafts.append(_Draft(kind, match.group(2).strip(), number))
            continue
        if not drafts:
            problem(number, _l("text before the first question (a question starts with “? type:”)"))
            continue
        draft = drafts[-1]
        if (match := FEEDBACK_RE.match(line)) and indented and draft.choices:
            if draft.choices[-1][2]:
                problem(number, _l("a choice has two feedback lines"))
            draft.choices[-1][2] = match.group(1).strip()
        elif match := FEEDBACK_RE.match(line):
            if draft.kind != "order":
                problem(number, _l("feedback must be indented under its choice"))
            draft.feedback = match.group(1).strip()
        elif (match := CHOICE_RE.match(line)) and draft.kind != "order":
            draft.choices.append([match.group(2).strip(), match.group(1) != " ", "", number])
        elif (match := STEP_RE.match(line)) and draft.kind == "order":
            if int(match.group(1)) != len(draft.choices) + 1:
                problem(number, _l("steps must be numbered 1, 2, 3… in the correct order"))
            draft.choices.append([match.group(2).strip(), False, "", number])
        else:
            problem(number, _l("cannot read this line of the quiz"))

    questions = [_finish(draft, path, problems) for draft in drafts]
    if not 2 <= len(questions) <= 4:
        line = lines[0][0] if lines else 0
        problem(line, _l("a quiz has 2 to 4 questions, this one has %(n)d", n=len(questions)))
    return questions, problems


def _finish(draft: _Draft, path: Path, problems: list[Problem]) -> Question:
    def problem(message: object) -> None:
        problems.append(Problem(path, draft.line, message))  # type: ignore[arg-type]

    low, high = CHOICE_LIMITS.get(draft.kind, (2, 6))
    count = len(draft.choices)
    if not low <= count <= high:
        problem(_l("a “%(kind)s” question needs %(low)d to %(high)d choices, it has %(n)d",
                   kind=draft.kind, low=low, high=high, n=count))
    correct = sum(1 for choice in draft.choices if choice[1])
    if draft.kind in ("single", "truefalse") and correct != 1:
        problem(_l("this question needs exactly one correct choice [x], it has %(n)d", n=correct))
    if draft.kind == "multiple" and correct < 1:
        problem(_l("this question needs at least one correct choice [x]"))
    if draft.kind == "order" and not draft.feedback:
        problem(_l("an “order” question needs a “> ” feedback line after its steps"))
    for text, _correct, feedback, line in draft.choices:
        if draft.kind != "order" and not feedback:
            problems.append(Problem(path, line, _l("choice “%(text)s” has no feedback line",
                                                    text=text[:40])))  # type: ignore[arg-type]
    choices = tuple(Choice(text, bool(ok), feedback) for text, ok, feedback, _ in draft.choices)
    return Question(draft.kind, draft.text, choices, draft.feedback, draft.line)
