"""Where views and services find the catalogue and its database ids."""

from flask import current_app

from learning.catalog.content import Catalogue
from learning.catalog.services import RecordIds, sync_catalogue_records


def current_catalogue() -> Catalogue:
    return current_app.extensions["catalogue"]


def record_ids() -> RecordIds:
    """Database ids of the current courses and lessons (recorded at start-up, then cached)."""
    ids = current_app.extensions.get("catalogue_ids")
    if ids is None:
        ids = refresh_record_ids()
    return ids


def refresh_record_ids() -> RecordIds:
    ids = sync_catalogue_records(current_catalogue())
    current_app.extensions["catalogue_ids"] = ids
    return ids
