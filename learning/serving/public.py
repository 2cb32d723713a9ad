"""Public pages (home, courses, lessons) that a proxy or a phone may keep: for a visitor who is
not signed in they set no cookie, carry an ETag and answer a conditional request with 304.

A visitor's page holds no CSRF token (it would need a session cookie): the forms on it (a quiz
that is only marked, the text size) change nothing kept by the site for anyone, and are checked
for CSRF as soon as the sender is signed in (``csrf_when_signed_in``). The time the page was made
(``data-t``, for the offline script) is left out of the ETag; the request's cookies are in it, so
a page kept under another session (signed in, or with a message) is never reused.
"""

import hashlib
import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, Response, current_app, request
from flask_login import current_user

from learning.extensions import csrf

F = TypeVar("F", bound=Callable[..., Any])
MADE_AT = re.compile(rb' data-t="\d+"')


def public_page(view: F) -> F:
    """Mark a GET view whose page, for visitors, is the same for everyone in a locale."""
    view.public_page = True  # type: ignore[attr-defined]
    return view


def csrf_when_signed_in(view: F) -> F:
    """CSRF protection for signed-in senders only (the view's form has no token for visitors)."""

    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if current_app.config.get("WTF_CSRF_ENABLED", True) and current_user.is_authenticated:
            csrf.protect()
        return view(*args, **kwargs)

    return csrf.exempt(checked)  # type: ignore[return-value]


def register(app: Flask) -> None:
    """Registered after compression, so it runs first, on the page as made."""
    app.after_request(conditional)


def conditional(response: Response) -> Response:
    view = current_app.view_functions.get(request.endpoint or "")
    if (not getattr(view, "public_page", False) or request.method not in ("GET", "HEAD")
            or response.status_code != 200 or current_user.is_authenticated):
        return response
    body = MADE_AT.sub(b"", response.get_data())
    cookies = request.headers.get("Cookie", "").encode()
    response.set_etag(hashlib.sha256(body + b"\0" + cookies).hexdigest()[:24])
    response.cache_control.no_cache = True  # keep it, but ask first: 304 when unchanged
    response.vary.update(("Accept-Language", "Cookie"))
    return response.make_conditional(request)
