"""Writing the audit log: every change made by staff (and by tutors for others), who, what, when."""

from datetime import date, datetime
from typing import Any

from learning.accounts.models import User
from learning.audit.models import AuditEntry
from learning.extensions import db


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record_change(actor: User | None, action: str, target_type: str, target_id: object,
                  **details: Any) -> AuditEntry:
    """Add an entry to the audit log (flushed with the change it describes, never alone)."""
    entry = AuditEntry(actor_id=actor.id if actor is not None else None, action=action,
                       target_type=target_type, target_id=str(target_id),
                       details=_plain(details))
    db.session.add(entry)
    return entry
