"""The site as deployed (docs/deploy.md): gunicorn with APP_ENV=production and TRUSTED_PROXIES=1,
behind nginx with TLS running deploy/nginx.conf. A phone signs in (CSRF on), sends an offline
batch (the sync API's Origin check must see the proxied origin), gets compressed pages and files,
and the app sees the phone's own address, not the proxy's nor one the phone made up."""

import hashlib
import hmac
import sqlite3
import uuid
from datetime import UTC, datetime

import pytest

from tests.server.client import Answer, Phone, csrf_token
from tests.server.conftest import PASSWORD, PHONE, PHONE_ADDRESS, SECRET


@pytest.fixture
def phone(deployment) -> Phone:
    return Phone(deployment.host, PHONE_ADDRESS)


def sign_in(phone: Phone) -> Answer:
    page = phone.get("/signin")
    assert page.status == 200
    answer = phone.post_form("/signin", {"phone": PHONE, "password": PASSWORD, "remember": "y",
                                         "csrf_token": csrf_token(page.text)})
    assert answer.status == 302 and answer.headers["Location"].endswith("/dashboard"), answer.text
    return answer


def test_the_health_check_answers_through_the_proxy_without_a_cookie(phone):
    answer = phone.get("/health")
    assert answer.status == 200 and answer.json() == {"status": "ok", "database": "ok"}
    assert answer.cookies() == [] and answer.headers["Cache-Control"] == "no-store"


def test_signing_in_sets_secure_cookies_and_needs_the_csrf_token(phone):
    page = phone.get("/signin")
    cookie = next(line for line in page.cookies() if line.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    refused = phone.post_form("/signin", {"phone": PHONE, "password": PASSWORD})
    assert refused.status == 400, "no CSRF token"
    remember = next(line for line in sign_in(phone).cookies()
                    if line.startswith("remember_token="))
    assert "Secure" in remember and "HttpOnly" in remember
    dashboard = phone.get("/dashboard")
    assert dashboard.status == 200 and "Hồ Thị Lan" in dashboard.text


def test_an_offline_batch_passes_the_origin_check_only_from_the_site(phone):
    sign_in(phone)
    session = phone.get("/api/v1/progress/sync").json()
    event = {"id": str(uuid.uuid4()), "type": "lesson_started", "course": "vneid",
             "lesson": "what-is-vneid", "submitted_at": datetime.now(UTC).isoformat()}
    token = {"X-CSRFToken": session["csrf_token"], "Referer": phone.origin + "/offline"}
    foreign = phone.post_json("/api/v1/progress/sync", {"events": [event]},
                              Origin="https://evil.example", **token)
    assert foreign.status == 403 and foreign.json()["error"] == "cross_origin"
    plain = phone.post_json("/api/v1/progress/sync", {"events": [event]},
                            Origin=f"http://{phone.host}", **token)
    assert plain.status == 403, "the scheme counts: the phone is on https"
    elsewhere = phone.post_json("/api/v1/progress/sync", {"events": [event]},
                                **{**token, "Referer": "https://evil.example/"})
    assert elsewhere.status == 400 and elsewhere.json()["error"] == "csrf", "HTTPS: Referer too"
    sent = phone.post_json("/api/v1/progress/sync", {"events": [event]}, Origin=phone.origin,
                           **token)
    assert sent.status == 200, sent.text
    assert sent.json()["recorded"] == 1


@pytest.mark.parametrize(("accepts", "expected"), [("gzip, deflate", "gzip"),
                                                   ("gzip, deflate, br, zstd", "br")])
def test_pages_and_files_arrive_compressed(phone, deployment, accepts, expected):
    phone.encodings = accepts
    page = phone.get("/courses/vneid/what-is-vneid")
    assert page.status == 200 and page.headers["Content-Encoding"] == expected
    assert "Accept-Encoding" in page.headers["Vary"]
    assert len(page.sent) < len(page.body) / 2
    files = [line.split('"')[0] for line in page.text.split('="/static/')[1:]]
    assert any(f.startswith("site.css") for f in files) and any(f.startswith("js/app.js")
                                                              for f in files)
    for name in files:
        answer = phone.get("/static/" + name.replace("&amp;", "&"))
        assert answer.status == 200, name
        if name.split("?")[0].endswith((".css", ".js", ".svg")):
            wanted = expected if deployment.brotli or expected == "gzip" else "gzip"
            assert answer.headers["Content-Encoding"] == wanted, name
            assert "immutable" in answer.headers["Cache-Control"]
            assert "max-age=31536000" in answer.headers["Cache-Control"]
    worker = phone.get("/sw.js?lang=vi")
    assert worker.headers["Content-Encoding"] == expected


def test_a_visitors_lesson_sets_no_cookie_and_answers_304(phone):
    page = phone.get("/courses/vneid/what-is-vneid")
    assert page.cookies() == []
    again = phone.get("/courses/vneid/what-is-vneid", **{"If-None-Match": page.headers["ETag"]})
    assert again.status == 304 and again.sent == b""


def test_the_app_sees_the_phones_address_not_the_proxys_nor_a_forged_one(phone, deployment):
    page = phone.get("/signin")
    phone.request("POST", "/signin", (
        f"phone=0987+200+001&password=wrong&csrf_token={csrf_token(page.text)}").encode(), {
        "Content-Type": "application/x-www-form-urlencoded", "Origin": phone.origin,
        "Referer": phone.origin + "/signin", "X-Forwarded-For": "198.51.100.7"})
    with sqlite3.connect(deployment.database) as connection:
        keys = {row[0] for row in connection.execute(
            "SELECT key FROM attempt_counter WHERE kind = 'sign_in_address'")}
    # The address is counted under a keyed hash (no address is stored): the phone's, only.
    assert keys == {keyed_with(SECRET, PHONE_ADDRESS)}


def keyed_with(secret: str, value: str) -> str:
    """learning.accounts.throttle.keyed, with the deployment's secret key."""
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()
