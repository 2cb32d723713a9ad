"""Read a submitted quiz form (plain HTML, works without JavaScript) into answers."""

import hashlib
import random
import uuid

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from learning.catalog.content import Lesson, LessonText, Question
from learning.progress.grading import Answers


def step_order(lesson: Lesson, index: int, question: Question) -> list[int]:
    """The shuffled order in which an ordering question's steps are shown (stable per lesson)."""
    seed = int(hashlib.sha256(f"{lesson.key}:{index}".encode()).hexdigest()[:8], 16)
    order = list(range(len(question.choices)))
    random.Random(seed).shuffle(order)
    if order == sorted(order):
        order = order[1:] + order[:1]
    return order


def parse_quiz_form(text: LessonText, form: MultiDict) -> tuple[Answers, dict[int, str]]:
    answers: Answers = {}
    errors: dict[int, str] = {}
    for index, question in enumerate(text.questions):
        count = len(question.choices)
        if question.kind == "order":
            positions = {}
            for step in range(count):
                value = form.get(f"q{index}-{step}", "")
                if value.isdigit() and 1 <= int(value) <= count:
                    positions[step] = int(value)
            if len(positions) < count or len(set(positions.values())) < count:
                errors[index] = _("Give each step a different number, from 1 to %(n)d.", n=count)
            else:
                answers[index] = tuple(sorted(positions, key=positions.__getitem__))
            continue
        values = [v for v in form.getlist(f"q{index}") if v.isdigit() and int(v) < count]
        chosen = tuple(sorted({int(v) for v in values}))
        if not chosen:
            errors[index] = (_("Choose at least one answer.") if question.kind == "multiple"
                             else _("Choose an answer."))
        elif question.kind != "multiple" and len(chosen) > 1:
            errors[index] = _("Choose only one answer.")
        else:
            answers[index] = chosen
    return answers, errors


def attempt_id_from(form: MultiDict) -> str:
    """The attempt id the form was rendered with, so that submitting twice records once."""
    try:
        return str(uuid.UUID(form.get("attempt_id", "")))
    except ValueError:
        return str(uuid.uuid4())
