"""Visitors' public pages set no cookie, carry an ETag and answer 304; their forms carry no CSRF
token, yet everything that changes data for a signed-in person still needs one; pages, JSON and
static files are compressed, static files kept for a year."""

import brotli
import pytest

from tests.factories import make_user, sign_in
from tests.serving.sent import HTTPS_PHONE, decoded

PUBLIC = ["/", "/courses/vneid", "/courses/vneid/what-is-vneid",
          "/offline/courses/vneid/what-is-vneid"]


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.mark.parametrize("path", PUBLIC)
def test_a_visitors_page_sets_no_cookie_and_answers_a_conditional_request(client, csrf_on, path):
    first = client.get(path, headers={"Accept-Encoding": HTTPS_PHONE})
    assert first.status_code == 200 and "Set-Cookie" not in first.headers
    assert 'name="csrf_token"' not in decoded(first).decode()
    assert first.headers["Cache-Control"] == "no-cache"
    assert {"Accept-Encoding", "Accept-Language", "Cookie"} <= {
        part.strip() for part in first.headers["Vary"].split(",")}
    again = client.get(path, headers={"Accept-Encoding": HTTPS_PHONE,
                                      "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_the_etag_follows_the_language_and_the_encoding(client):
    tags = {client.get("/courses/vneid", headers={"Accept-Language": language,
                                                   "Accept-Encoding": encoding}).headers["ETag"]
            for language in ("vi", "fr") for encoding in ("br", "gzip", "identity")}
    assert len(tags) == 6


def test_a_visitors_quiz_is_marked_without_a_token_or_a_cookie(client, csrf_on, catalogue):
    lesson = catalogue.course("vneid").lessons[0]
    form = {f"q{i}": str(q.correct_answer[0]) for i, q in enumerate(lesson.text("vi").questions)}
    response = client.post(f"/courses/vneid/{lesson.id}/quiz", data=form)
    assert response.status_code in (200, 422) and "Set-Cookie" not in response.headers


def test_signed_in_forms_still_need_the_csrf_token(app, client, csrf_on, catalogue):
    learner = make_user()
    app.config["WTF_CSRF_ENABLED"] = False
    sign_in(client, learner)
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/courses/vneid/what-is-vneid").get_data(as_text=True)
    assert 'name="csrf_token"' in page and 'name="attempt_id"' in page
    assert client.post("/courses/vneid/what-is-vneid/quiz", data={}).status_code == 400
    assert client.post("/text-size", data={"next": "/"}).status_code == 400
    assert "ETag" not in client.get("/courses/vneid").headers, "a signed-in page is their own"


def test_a_visitor_may_enlarge_the_text_without_a_token(client, csrf_on):
    response = client.post("/text-size", data={"next": "/"})
    assert response.status_code == 302
    assert 'class="large"' in client.get("/").get_data(as_text=True)


def test_pages_and_json_are_compressed_with_brotli_or_gzip(client):
    for encoding, expected in (("gzip, deflate, br", "br"), ("gzip, deflate", "gzip")):
        page = client.get("/courses/vneid", headers={"Accept-Encoding": encoding})
        assert page.headers["Content-Encoding"] == expected
        strings = client.get("/offline/strings/vi.json", headers={"Accept-Encoding": encoding})
        assert strings.headers["Content-Encoding"] == expected
    plain = client.get("/courses/vneid")
    assert "Content-Encoding" not in plain.headers


@pytest.mark.parametrize("name", ["site.css", "js/app.js", "js/offline.js", "js/team.js",
                                  "icons/icon.svg"])
def test_static_files_are_precompressed_and_kept_for_a_year(app, client, name):
    with client.get(f"/static/{name}?v=1", headers={"Accept-Encoding": "identity"}) as plain:
        assert "Content-Encoding" not in plain.headers
        data = plain.data
    response = client.get(f"/static/{name}?v=1", headers={"Accept-Encoding": HTTPS_PHONE})
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.data) == data  # the same file, minified or not
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=31536000" in response.headers["Cache-Control"]
    again = client.get(f"/static/{name}?v=1", headers={
        "Accept-Encoding": HTTPS_PHONE, "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_pictures_that_do_not_compress_are_sent_as_they_are(client):
    with client.get("/static/icons/icon-192.png?v=1",
                    headers={"Accept-Encoding": HTTPS_PHONE}) as response:
        assert response.status_code == 200 and "Content-Encoding" not in response.headers


def test_the_icons_the_manifest_names_are_small(client):
    manifest = client.get("/offline/manifest.vi.webmanifest").get_json()
    total = 0
    for icon in manifest["icons"]:
        with client.get(icon["src"], headers={"Accept-Encoding": HTTPS_PHONE}) as response:
            total += len(response.data)
    assert total <= 5 * 1024, total


def test_links_follow_the_path_the_site_is_served_under(client):
    """The frame's links (built once per worker) still follow the prefix a proxy serves the site
    under, whichever was asked first."""
    for prefix in ("/hoc", "", "/hoc", "/khac"):
        page = decoded(client.get("/", base_url=f"http://localhost{prefix}/")).decode()
        assert f'href="{prefix}/signin"' in page and f'href="{prefix}/signup"' in page
        assert f'action="{prefix}/text-size"' in page
