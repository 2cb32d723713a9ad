"""Course packs: what a phone keeps to learn a saved course with no connection.

A pack lists the pages and pictures to keep (the course page and each lesson page, each with its
quiz), and what the phone needs to mark a quiz and show its feedback the way the site would. Packs
are read-only and the same for everyone in a locale; a course's pack and everything it lists stay
under PACK_BUDGET bytes (tests check every course in every locale).
"""

import re
from typing import Any

from flask import url_for

from learning.catalog.content import Course, Lesson, LessonText

PACK_VERSION = 1
PACK_BUDGET = 200 * 1024
IMAGE_SRC = re.compile(r'src="(images/[^"]+)"')


def course_pack(course: Course, locale: str) -> dict[str, Any]:
    lessons = [_lesson_entry(course, lesson, locale) for lesson in course.lessons]
    pages = [{"url": url_for("lessons.course", course_id=course.id),
              "from": url_for("lessons.course", course_id=course.id)}]
    pages += [{"url": entry["url"], "from": url_for("offline.lesson_copy", course_id=course.id,
                                                    lesson_id=entry["id"])} for entry in lessons]
    return {
        "version": PACK_VERSION,
        "course": course.id,
        "locale": locale,
        "hash": pack_hash(course, locale),
        "title": course.title(locale),
        "pass_mark": course.pass_mark,
        "pages": pages,
        "files": _images(course, locale),
        "lessons": lessons,
    }


def pack_hash(course: Course, locale: str) -> str:
    return f"{PACK_VERSION}-{locale}-{course.content_hash[:16]}"


def _lesson_entry(course: Course, lesson: Lesson, locale: str) -> dict[str, Any]:
    text = lesson.text(locale)
    following = course.next_lesson(lesson)
    return {
        "id": lesson.id,
        "title": text.title,
        "url": _lesson_url(course, lesson),
        "next": _lesson_url(course, following) if following else None,
        "next_title": following.text(locale).title if following else None,
        "quiz": [_question(question) for question in text.questions],
    }


def _lesson_url(course: Course, lesson: Lesson) -> str:
    return url_for("lessons.lesson", course_id=course.id, lesson_id=lesson.id)


def _question(question: Any) -> dict[str, Any]:
    return {
        "kind": question.kind,
        "text": question.text,
        "choices": [choice.text for choice in question.choices],
        "right": list(question.correct_answer),
        "feedback": [choice.feedback for choice in question.choices],
        "why": question.feedback,
    }


def _images(course: Course, locale: str) -> list[str]:
    found: dict[str, None] = {}
    for lesson in course.lessons:
        for html in _html_parts(lesson.text(locale)):
            for src in IMAGE_SRC.findall(html):
                found[url_for("lessons.course_image", course_id=course.id,
                              filename=src.removeprefix("images/"))] = None
    return list(found)


def _html_parts(text: LessonText) -> list[str]:
    return [text.intro_html, *(screen.html for screen in text.screens)]
