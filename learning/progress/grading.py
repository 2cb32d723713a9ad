"""Marking a quiz: which answers are right, the score, and whether it passes."""

from dataclasses import dataclass

from learning.catalog.content import Lesson, LessonText

Answers = dict[int, tuple[int, ...]]


@dataclass(frozen=True)
class Marking:
    correct: dict[int, bool]
    score: int  # percent, rounded down
    passed: bool


def mark(lesson: Lesson, answers: Answers, pass_mark: int) -> Marking:
    questions = lesson.text("vi").questions  # every locale has the same quiz shape
    correct = {i: q.is_correct(answers.get(i, ())) for i, q in enumerate(questions)}
    score = 100 * sum(correct.values()) // len(questions) if questions else 0
    return Marking(correct, score, score >= pass_mark)


def stored_answers(lesson: Lesson, stored: dict) -> Answers:
    """An attempt's stored answers, without those the lesson's current quiz can no longer show
    (a choice removed since)."""
    text = lesson.text("vi")
    answers: Answers = {}
    for key, value in stored.items():
        index, answer = int(key), tuple(value)
        if valid_answer(text, index, answer):
            answers[index] = answer
    return answers


def valid_answer(text: LessonText, index: int, answer: tuple[int, ...]) -> bool:
    """Whether ``answer`` is a possible answer to question ``index`` (not whether it is right)."""
    if not 0 <= index < len(text.questions):
        return False
    question = text.questions[index]
    count = len(question.choices)
    if not answer or any(not 0 <= choice < count for choice in answer):
        return False
    if question.kind == "order":
        return sorted(answer) == list(range(count))
    if question.kind in ("single", "truefalse"):
        return len(answer) == 1
    return len(set(answer)) == len(answer)
