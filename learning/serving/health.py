"""``GET /health``: 200 when the app can reach its database, 503 when it cannot; JSON, never
cached, no session cookie (for nginx, systemd and monitoring)."""

import logging

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from learning.extensions import db

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        status, code = {"status": "ok", "database": "ok"}, 200
    except SQLAlchemyError as error:
        log.error("health: the database does not answer: %s", error)
        status, code = {"status": "error", "database": "unreachable"}, 503
    response = jsonify(status)
    response.status_code = code
    response.headers["Cache-Control"] = "no-store"
    return response
