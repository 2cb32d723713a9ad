"""Writing a commune's help contacts (audited)."""

from learning.accounts.models import User, utcnow
from learning.audit.services import record_change
from learning.extensions import db
from learning.help.models import MAX_CONTACTS_LENGTH, CommuneHelp


def contacts_of(commune_code: str | None) -> str:
    row = db.session.get(CommuneHelp, commune_code) if commune_code else None
    return row.contacts if row is not None else ""


def set_contacts(actor: User, commune_code: str, contacts: str) -> None:
    text = "\n".join(line.rstrip() for line in contacts.strip().splitlines())
    text = text[:MAX_CONTACTS_LENGTH]
    row = db.session.get(CommuneHelp, commune_code)
    if row is None:
        row = CommuneHelp(commune_code=commune_code, contacts=text)
        db.session.add(row)
    row.contacts, row.updated_by_id, row.updated_at = text, actor.id, utcnow()
    db.session.flush()
    record_change(actor, "commune.help_contacts", "commune", commune_code)
