"""The progress sync API: POST /api/v1/progress/sync (documented in docs/api_sync.md).

Protection against cross-site requests: the API uses the site's session cookie, so it is protected
like every form of the site, by the CSRF token (sent in the ``X-CSRFToken`` header; the page or
``GET /api/v1/progress/sync`` gives it). On top of that, a batch must be sent as
``application/json`` (which a cross-site form cannot send) and, when the browser says where the
request comes from (``Origin``), from this site; the cookie is ``SameSite=Lax``.
"""

import json
import logging
import time
from typing import Any

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from learning.catalog.records import current_catalogue
from learning.extensions import db
from learning.offline.events import MAX_BODY_BYTES, MAX_EVENTS
from learning.offline.services import sync_events
from learning.web.forms import has_control_characters
from learning.web.security import limit_body

log = logging.getLogger(__name__)

bp = Blueprint("sync_api", __name__, url_prefix="/api/v1/progress")
bp.record_once(lambda state: limit_body(state.app, "sync_api.sync", MAX_BODY_BYTES))


def _error(status: int, code: str, message: str):
    response = jsonify(error=code, message=message)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _not_signed_in():
    return _error(401, "not_signed_in", _("Sign in to send your progress."))


def _json_body() -> Any:
    data = request.get_data(cache=False)
    if len(data) == request.max_content_length:
        request.stream.read(1)  # a chunked body that goes on past the limit: 413 here
    try:
        return json.loads(data)
    except (ValueError, RecursionError):  # not JSON, or nested too deep to read
        return None


def _has_control_characters(value: Any) -> bool:
    """Any text of the batch, keys included, with NUL or another control character."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if has_control_characters(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


@bp.get("/sync")
def sync_session():
    """Who the phone is signed in as, and the token to send with a batch."""
    if not current_user.is_authenticated:
        return _not_signed_in()
    response = jsonify(user=current_user.id, now=int(time.time() * 1000),
                       csrf_token=generate_csrf(), max_events=MAX_EVENTS, max_bytes=MAX_BODY_BYTES)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/sync")
def sync():
    if not current_user.is_authenticated:
        return _not_signed_in()
    origin = request.headers.get("Origin")  # behind a proxy: TRUSTED_PROXIES (docs/deploy.md)
    if origin is not None and origin != f"{request.scheme}://{request.host}":
        return _error(403, "cross_origin", _("This request does not come from this site."))
    if request.mimetype != "application/json":
        return _error(415, "unsupported_media_type",
                      _("Send the batch as JSON (Content-Type: application/json)."))
    body = _json_body()  # over MAX_BODY_BYTES: 413 (web.security, before the CSRF check)
    if not isinstance(body, dict) or not isinstance(body.get("events"), list):
        return _error(400, "malformed", _("The batch must be a JSON object with a list of "
                                          "“events”."))
    if _has_control_characters(body):  # PostgreSQL refuses NUL; no one types the others
        return _error(400, "control_characters",
                      _("The batch holds NUL or other control characters: remove them."))
    events = body["events"]
    if len(events) > MAX_EVENTS:
        return _error(413, "too_many_events",
                      _("Send at most %(n)d events in one batch.", n=MAX_EVENTS))
    results = sync_events(current_user._get_current_object(), events, current_catalogue())
    db.session.commit()
    statuses = [result.status for result in results]
    for result in results:
        if result.status == "refused":
            log.info("sync: event %s from user %s refused: %s", result.id, current_user.id,
                     result.error)
    response = jsonify(results=[result.as_json() for result in results],
                       recorded=statuses.count("recorded"), duplicates=statuses.count("duplicate"),
                       merged=statuses.count("merged"), refused=statuses.count("refused"))
    response.headers["Cache-Control"] = "no-store"
    return response
