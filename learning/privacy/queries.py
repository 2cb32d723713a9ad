"""Everything stored about a person, as they see it on "My data" and download it."""

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from learning.accounts.models import Consent, User
from learning.accounts.phone import display_phone
from learning.audit.actions import action_label
from learning.audit.queries import entries_about
from learning.catalog.records import record_ids
from learning.claims.models import AccountClaim
from learning.events.models import TeamEvent
from learning.events.queries import attended_events
from learning.extensions import db
from learning.progress.models import LessonProgress, QuizAttempt
from learning.teams.models import DigitalTeam, TeamMember


def _names(ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(wanted)))
                .all())


def _lesson_slugs() -> dict[int, tuple[str, str]]:
    return {lesson_id: key for key, lesson_id in record_ids().lessons.items()}


def _iso(value: date | datetime) -> str:
    """ISO 8601; times are stored in UTC, which the download says ("Z")."""
    return value.isoformat() + ("Z" if isinstance(value, datetime) else "")


def as_json(data: dict[str, Any]) -> str:
    """The downloadable file. Dates and times stay objects in ``everything_about`` so that the
    page formats them for the reader (Babel, local time)."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=_iso)


def everything_about(user: User, latest_changes: int | None = None) -> dict[str, Any]:
    """All the data kept about the person, in plain values: the download has every change to
    their account, with its details; the page shows the ``latest_changes``."""
    consents = list(db.session.scalars(select(Consent).where(Consent.user_id == user.id)
                                       .order_by(Consent.given_at)))
    progress = list(db.session.scalars(select(LessonProgress).where(
        LessonProgress.learner_id == user.id).order_by(LessonProgress.started_at)))
    attempts = list(db.session.scalars(select(QuizAttempt).where(
        QuizAttempt.learner_id == user.id).order_by(QuizAttempt.submitted_at)))
    events = {e.id: e for e in db.session.scalars(select(TeamEvent).where(TeamEvent.id.in_(
        {a.event_id for a in attempts} | {p.event_id for p in progress})))}
    changes = entries_about(user, latest_changes)
    names = _names({c.recorded_by_id for c in consents} | {a.tutor_id for a in attempts}
                   | {p.tutor_id for p in progress} | {user.registered_by_id}
                   | {e.actor_id for e in changes})
    slugs = _lesson_slugs()
    team = db.session.get(DigitalTeam, user.team_id) if user.team_id else None
    membership = db.session.scalars(select(TeamMember).where(TeamMember.user_id == user.id)).first()
    claim = db.session.scalars(select(AccountClaim).where(AccountClaim.user_id == user.id)).first()

    def lesson(lesson_id: int) -> dict[str, str]:
        course, lesson = slugs.get(lesson_id, ("?", "?"))
        return {"course": course, "lesson": lesson}

    def event(event_id: int | None) -> str | None:
        found = events.get(event_id) if event_id else None
        return f"{found.title} ({found.held_on.isoformat()})" if found else None

    return {
        "account": {
            "id": user.id, "phone": display_phone(user.phone), "full_name": user.full_name,
            "birth_year": user.birth_year, "gender": user.gender,
            "commune": user.commune.full_name if user.commune else None,
            "commune_code": user.commune_code, "role": user.role, "language": user.locale,
            "larger_text": user.large_text, "created_at": user.created_at,
            "signed_up_by": names.get(user.registered_by_id),
            "claimed_at": user.claimed_at,
            "claim_code_issued_at": claim.issued_at if claim else None,
        },
        "team_following_me": ({"id": team.id, "area": team.area_name,
                               "commune": team.commune.full_name} if team else None),
        "tutor_of_team": ({"id": membership.team_id, "lead": membership.is_lead,
                           "since": membership.joined_at} if membership else None),
        "consents": [{"purpose": c.purpose, "given_at": c.given_at,
                      "recorded_by": "me" if c.recorded_by_id == user.id
                      else names.get(c.recorded_by_id), "withdrawn_at": c.withdrawn_at}
                     for c in consents],
        "lessons": [{**lesson(p.lesson_id), "started_at": p.started_at,
                     "completed_at": p.completed_at, "best_score": p.best_score,
                     "attempts": p.attempts, "how": p.method, "tutor": names.get(p.tutor_id),
                     "event": event(p.event_id)} for p in progress],
        "quiz_attempts": [{"id": a.id, **lesson(a.lesson_id), "answers": a.answers,
                           "score": a.score, "passed": a.passed, "how": a.method,
                           "tutor": names.get(a.tutor_id), "event": event(a.event_id),
                           "submitted_at": a.submitted_at} for a in attempts],
        "events_attended": [{"title": e.title, "date": e.held_on, "place": e.place}
                            for e in attended_events(user)],
        "changes_log": [{"what": str(action_label(e.action)), "action": e.action,
                         "about": f"{e.target_type} {e.target_id}", "at": e.at,
                         "by": "me" if e.actor_id == user.id else names.get(e.actor_id),
                         "details": e.details} for e in changes],
    }
