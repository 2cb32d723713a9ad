"""What every request and response goes through, before any view: the size of what is sent
(checked before anything reads a form or JSON body, the CSRF check included), control characters
in the address, and the security headers of every answer (docs/security.md).

The whole site's limit is ``MAX_CONTENT_LENGTH`` (config); a part of the site with a smaller one
declares it with ``limit_body`` (the sync API: 256 KiB). ``register`` must run before the CSRF
protection is set up, so that its check comes first.
"""

from flask import Flask, abort, current_app, request
from werkzeug.wrappers import Response

from learning.web.forms import has_control_characters

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'", "object-src 'none'"))
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers too old for CSP
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}
LIMITS = "body_limits"


def register(app: Flask) -> None:
    app.extensions.setdefault(LIMITS, {})
    app.before_request(check_request)
    app.after_request(add_headers)


def limit_body(app: Flask, endpoint: str, max_bytes: int) -> None:
    """A smaller limit than MAX_CONTENT_LENGTH for what is sent to one endpoint."""
    app.extensions.setdefault(LIMITS, {})[endpoint] = max_bytes


def check_request() -> None:
    """Before the CSRF check and any view: the endpoint's own size limit (Werkzeug answers 413
    when the body is read, whatever Content-Length says, chunked bodies included), and 400 for
    control characters in the address (PostgreSQL refuses NUL)."""
    limit = current_app.extensions[LIMITS].get(request.endpoint or "")
    if limit is not None:
        request.max_content_length = limit
    if any(has_control_characters(key) or has_control_characters(value)
           for key, value in request.args.items(multi=True)):
        abort(400)


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    max_age = current_app.config.get("HSTS_MAX_AGE", 0)
    if request.is_secure and max_age:  # https (behind the proxy: as the proxy tells)
        response.headers.setdefault("Strict-Transport-Security", f"max-age={max_age}")
    return response
