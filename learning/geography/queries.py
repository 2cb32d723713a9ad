"""Read-only queries about communes."""

from sqlalchemy import select

from learning.extensions import db
from learning.geography.models import Commune
from learning.text import collation, fold
from learning.web.forms import has_control_characters


def search_communes(query: str, limit: int = 20) -> list[Commune]:
    """Communes whose name contains the query, accents and case ignored ("van tu" finds Vân Tụ)."""
    words = fold(query).split()
    if not words:
        return []
    statement = (select(Commune).order_by(Commune.name.collate(collation()), Commune.code)
                 .limit(limit))
    for word in words:
        statement = statement.where(Commune.search_name.contains(word, autoescape=True))
    return list(db.session.scalars(statement))


def commune_by_code(code: str | None) -> Commune | None:
    if not code or has_control_characters(code):  # PostgreSQL refuses NUL in a query
        return None
    return db.session.get(Commune, code)
