"""Record the catalogue's courses and lessons in the database (stable ids + content hashes)."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from learning.catalog.content import Catalogue
from learning.catalog.models import CourseRecord, LessonRecord


@dataclass(frozen=True)
class RecordIds:
    """Database ids of the catalogue's courses and lessons, looked up by slug."""

    courses: dict[str, int]
    lessons: dict[tuple[str, str], int]


def sync_catalogue_records(catalogue: Catalogue, session: Session) -> RecordIds:
    """Insert new courses and lessons, update changed ones, retire those that left the files.

    Nothing is deleted: progress keeps pointing at retired lessons.
    """
    courses = {c.slug: c for c in session.scalars(select(CourseRecord))}
    lessons = {(r.course_id, r.slug): r for r in session.scalars(select(LessonRecord))}
    for record in courses.values():
        record.retired = catalogue.course(record.slug) is None
    for course in catalogue.courses:
        record = courses.get(course.id)
        if record is None:
            record = CourseRecord(slug=course.id)
            session.add(record)
            courses[course.id] = record
        record.position, record.lesson_count = course.order, len(course.lessons)
        record.content_hash, record.retired = course.content_hash, False
    session.flush()
    current = {(courses[c.id].id, lesson.id) for c in catalogue.courses for lesson in c.lessons}
    for key, record in lessons.items():
        record.retired = key not in current
    for course in catalogue.courses:
        course_id = courses[course.id].id
        for lesson in course.lessons:
            record = lessons.get((course_id, lesson.id))
            if record is None:
                record = LessonRecord(course_id=course_id, slug=lesson.id)
                session.add(record)
                lessons[(course_id, lesson.id)] = record
            record.position, record.content_hash = lesson.position, lesson.content_hash
            record.retired = False
    session.flush()
    slugs = {record.id: slug for slug, record in courses.items()}
    return RecordIds(
        courses={slug: record.id for slug, record in courses.items()},
        lessons={(slugs[cid], slug): record.id for (cid, slug), record in lessons.items()},
    )


def recorded_ids(catalogue: Catalogue, session: Session) -> RecordIds | None:
    """The ids as recorded, read only; None when the records do not match the course files
    (``flask courses sync`` has not been run since they changed)."""
    courses = {c.slug: c for c in session.scalars(select(CourseRecord))}
    lessons = {(r.course_id, r.slug): r for r in session.scalars(select(LessonRecord))}
    slugs = {record.id: slug for slug, record in courses.items()}
    for course in catalogue.courses:
        record = courses.get(course.id)
        if record is None or record.retired or record.content_hash != course.content_hash:
            return None
        for lesson in course.lessons:
            found = lessons.get((record.id, lesson.id))
            if found is None or found.retired or found.content_hash != lesson.content_hash:
                return None
    return RecordIds(
        courses={slug: record.id for slug, record in courses.items()},
        lessons={(slugs[cid], slug): record.id for (cid, slug), record in lessons.items()},
    )
