"""The immutable catalogue of courses, as read from the files in ``courses/``."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

QUESTION_KINDS = ("single", "multiple", "truefalse", "order")
SOURCE_LOCALE = "vi"


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    kind: str
    text: str
    choices: tuple[Choice, ...]
    feedback: str = ""  # for "order" questions: why the order is what it is
    line: int = 0

    @property
    def correct_answer(self) -> tuple[int, ...]:
        if self.kind == "order":
            return tuple(range(len(self.choices)))
        return tuple(i for i, choice in enumerate(self.choices) if choice.correct)

    def is_correct(self, answer: tuple[int, ...]) -> bool:
        if self.kind == "multiple":
            return tuple(sorted(answer)) == self.correct_answer
        return tuple(answer) == self.correct_answer

    @property
    def shape(self) -> tuple[str, int, tuple[int, ...]]:
        """What must be the same in every translation of the question."""
        return (self.kind, len(self.choices), self.correct_answer)


@dataclass(frozen=True)
class Screen:
    heading: str
    html: str


@dataclass(frozen=True)
class LessonText:
    locale: str
    title: str
    intro_html: str
    screens: tuple[Screen, ...]
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Lesson:
    course_id: str
    id: str
    position: int
    minutes: int
    texts: Mapping[str, LessonText]
    content_hash: str

    @property
    def key(self) -> str:
        return f"{self.course_id}/{self.id}"

    def text(self, locale: str) -> LessonText:
        return self.texts.get(locale) or self.texts[SOURCE_LOCALE]

    def is_translated(self, locale: str) -> bool:
        return locale in self.texts


@dataclass(frozen=True)
class Course:
    id: str
    order: int
    level: int
    pass_mark: int
    icon: str | None
    audience: str  # a learning.vocabulary.Audience value
    titles: Mapping[str, str]
    summaries: Mapping[str, str]
    framework_757: tuple[str, ...]
    digcomp: tuple[str, ...]
    lessons: tuple[Lesson, ...]
    content_hash: str

    def title(self, locale: str) -> str:
        return self.titles.get(locale) or self.titles[SOURCE_LOCALE]

    def summary(self, locale: str) -> str:
        return self.summaries.get(locale) or self.summaries[SOURCE_LOCALE]

    @property
    def minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def next_lesson(self, lesson: Lesson) -> Lesson | None:
        following = self.lessons[lesson.position :]
        return following[0] if following else None


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: Any  # str or a lazy translated string
    missing_translation: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Catalogue:
    courses: tuple[Course, ...]
    problems: tuple[Problem, ...] = ()
    competences: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)

    def course(self, course_id: str) -> Course | None:
        return next((course for course in self.courses if course.id == course_id), None)

    def for_audience(self, audience: str) -> tuple[Course, ...]:
        return tuple(course for course in self.courses if course.audience == audience)

    def lesson(self, course_id: str, lesson_id: str) -> Lesson | None:
        course = self.course(course_id)
        return course.lesson(lesson_id) if course else None

    def skills_of(self, course: Course, locale: str) -> list[str]:
        """The course's skills in plain words (DigComp's, then Decision 757's), each once."""
        labels = [self.competence_label("digcomp", code, locale) for code in course.digcomp]
        labels += [self.competence_label("framework_757", code, locale)
                   for code in course.framework_757]
        return list(dict.fromkeys(labels))

    def competence_label(self, framework: str, code: str, locale: str) -> str:
        labels = self.competences.get(framework, {}).get(code, {})
        return labels.get(locale) or labels.get(SOURCE_LOCALE) or code
