"""Where views and services find the catalogue and its database ids."""

from flask import current_app
from sqlalchemy.orm import Session

from learning.catalog.content import Catalogue
from learning.catalog.services import RecordIds, sync_catalogue_records
from learning.extensions import db


def current_catalogue() -> Catalogue:
    return current_app.extensions["catalogue"]


def record_ids() -> RecordIds:
    """Database ids of the current courses and lessons (recorded at start-up, then cached)."""
    ids = current_app.extensions.get("catalogue_ids")
    if ids is None:
        ids = refresh_record_ids()
    return ids


def refresh_record_ids() -> RecordIds:
    """Record the catalogue in its own transaction; cache the ids once it is committed."""
    with Session(db.engine) as session, session.begin():
        ids = sync_catalogue_records(current_catalogue(), session)
    current_app.extensions["catalogue_ids"] = ids
    return ids
