"""Reviewing a held completion: confirm it (it is counted, on the day it was completed) or reject
it (it is never counted; the learner still sees it as done on their own pages). One write each,
audited. A decision is final: the same decision sent again changes nothing; the other one is
refused."""

from sqlalchemy import update

from learning.accounts.models import User, utcnow
from learning.audit.services import record_change
from learning.counting.services import recounted
from learning.extensions import db
from learning.progress.models import CompletionHold, HoldStatus
from learning.refusals import Refusal

DECISIONS = (HoldStatus.CONFIRMED, HoldStatus.REJECTED)


def review(actor: User, hold: CompletionHold, decision: str) -> bool:
    """Confirm or reject a held completion; returns whether anything changed. The learner's
    counts are recomputed under their statistics lock, in the same transaction."""
    if decision not in DECISIONS:
        raise ValueError(decision)
    with recounted(hold.learner_id):
        changed = db.session.execute(
            update(CompletionHold).where(CompletionHold.id == hold.id,
                                         CompletionHold.status == HoldStatus.PENDING)
            .values(status=decision, reviewed_by_id=actor.id, reviewed_at=utcnow())
            .execution_options(synchronize_session=False)).rowcount == 1
    db.session.refresh(hold)
    if not changed:
        if hold.status == decision:
            return False  # sent twice: the decision stands
        raise Refusal(None, "already_reviewed")
    action = "completion.confirm" if decision == HoldStatus.CONFIRMED else "completion.reject"
    record_change(actor, action, "user", hold.learner_id, hold=hold.id, lesson=hold.lesson_id,
                  rules=hold.rule_names)
    db.session.flush()
    return True
