"""Building sync batches the way the phone's script does (docs/api_sync.md)."""

import json
import uuid

API = "/api/v1/progress/sync"


def answers_for(lesson, right: bool = True) -> dict[str, list[int]]:
    """The lesson's quiz answered right, or wrong (every question still answered)."""
    answers = {}
    for i, question in enumerate(lesson.text("vi").questions):
        if question.kind == "order":
            steps = list(question.correct_answer)
            answers[str(i)] = steps if right else list(reversed(steps))
        elif right:
            answers[str(i)] = list(question.correct_answer)
        else:
            answers[str(i)] = [next(c for c in range(len(question.choices))
                                    if (c,) != question.correct_answer)]
    return answers


def attempt(catalogue, lesson_id: str, right: bool = True, at: str = "2025-08-01T09:30:00+07:00",
            course: str = "vneid") -> dict:
    lesson = catalogue.lesson(course, lesson_id)
    return {"id": str(uuid.uuid4()), "type": "quiz_attempt", "course": course,
            "lesson": lesson_id, "submitted_at": at, "answers": answers_for(lesson, right)}


def post(client, events, **headers):
    return client.post(API, data=json.dumps({"events": events}),
                       headers={"Content-Type": "application/json", **headers})
