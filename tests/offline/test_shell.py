"""The service worker, the manifest, the script's words, and the size budgets phones rely on."""

import gzip
import json
import re
import struct
from pathlib import Path

import pytest

from learning.offline.strings import CLIENT_STRINGS, TEAM_STRINGS
from tests.factories import make_user, sign_in

STATIC = Path(__file__).resolve().parents[2] / "static"
JS_BUDGET = 10 * 1024  # all the JavaScript a phone ever gets, gzipped
PAGE_BUDGET = 14 * 1024  # a lesson page, HTML + CSS, gzipped


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def fetch(client, address: str):
    """Status and body, closing the response (static files are open files)."""
    with client.get(address) as response:
        return response.status_code, response.data


@pytest.mark.parametrize("locale", ["vi", "fr", "en"])
def test_the_service_worker_is_served_from_the_site_root_and_keeps_one_language(client, locale):
    response = client.get(f"/sw.js?lang={locale}")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    header = response.get_data(as_text=True).split("\n", 1)[0]
    shell = json.loads(re.search(r"SHELL=(\[.*\]);", header).group(1))
    assert "/" in shell and "/offline" in shell
    assert f"/offline/manifest.{locale}.webmanifest" in shell
    others = [other for other in ("vi", "fr", "en") if other != locale]
    assert not [url for url in shell if any(f"/{o}." in url or f"/{o}/" in url for o in others)]
    assert not [url for url in shell if url.endswith(".png") or ".png?" in url]
    for address in shell:
        assert fetch(client, address)[0] == 200, address


def test_each_language_has_its_own_worker_version(client):
    versions = {re.search(r'VERSION="(\w+)"', client.get(f"/sw.js?lang={locale}")
                          .get_data(as_text=True)).group(1) for locale in ("vi", "fr", "en")}
    assert len(versions) == 3


def test_all_the_javascript_stays_within_10_kb_gzipped(client):
    scripts = sorted(STATIC.rglob("*.js"))
    assert [p.name for p in scripts] == ["app.js", "offline.js", "print.js", "sw.js", "team.js"], \
        "every script is counted here"
    scripts = [fetch(client, f"/static/js/{name}")[1] for name in ("app.js", "offline.js",
                                                                   "print.js", "team.js")]
    total = sum(gz(script) for script in scripts) + gz(fetch(client, "/sw.js")[1])
    assert total <= JS_BUDGET, f"{total} bytes gzipped"


@pytest.mark.parametrize("locale", ["vi", "fr", "en"])
def test_lesson_pages_with_the_offline_additions_stay_within_14_kb(client, catalogue, locale):
    sign_in(client, make_user(full_name="Nguyễn Thị Phương Thảo"))
    client.get(f"/language/{locale}")
    css = gz((STATIC / "site.css").read_bytes())
    for course in catalogue.courses:
        for lesson in course.lessons:
            html = client.get(f"/courses/{course.id}/{lesson.id}").data
            assert gz(html) + css <= PAGE_BUDGET, f"{course.id}/{lesson.id}"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize(("locale", "name"), [("vi", "Bình dân học vụ số"),
                                              ("fr", "Éducation numérique pour tous"),
                                              ("en", "Digital Education for All")])
def test_the_manifest_makes_the_site_installable_in_each_language(client, locale, name):
    response = client.get(f"/offline/manifest.{locale}.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json()
    assert manifest["name"] == name and manifest["lang"] == locale
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert 0 < len(manifest["short_name"]) <= 12
    sizes = {}
    for icon in manifest["icons"]:
        data = fetch(client, icon["src"])[1]
        if icon["type"] == "image/png":
            sizes[icon["sizes"]] = png_size(data)
    assert sizes == {"192x192": (192, 192), "512x512": (512, 512)}


@pytest.mark.parametrize("locale", ["vi", "fr", "en"])
@pytest.mark.parametrize(("address", "strings"), [("{}.json", CLIENT_STRINGS),
                                                  ("{}/team.json", TEAM_STRINGS)])
def test_the_scripts_words_are_translated_with_their_placeholders(client, locale, address,
                                                                 strings):
    words = client.get("/offline/strings/" + address.format(locale)).get_json()
    assert set(words) == set(strings)
    for key, english in strings.items():
        assert words[key].strip(), key
        assert re.findall(r"\{\w+\}", words[key]) == re.findall(r"\{\w+\}", str(english)), key
    if locale == "vi" and strings is CLIENT_STRINGS:
        assert words["pending_one"] == "Đã lưu trên điện thoại, chưa gửi"


def test_every_word_sent_is_used_by_the_script_that_gets_it_and_apart():
    """A learner's phone gets only the words offline.js uses; a tutor's own are team.js's (or
    offline.js's, for what a tutor alone records); every word a script reads is sent."""
    def read(name: str) -> tuple[set[str], set[str]]:
        source = (STATIC / "js" / name).read_text()
        named = set(re.findall(r"\bt\.(\w+)", source)) - {  # (tx(): a transaction's own)
            "objectStore", "oncomplete", "onerror", "error"}
        return named, named | set(re.findall(r"'(\w+)'", source))  # (t[said]: 'saved_team')

    (learner_reads, learner_uses), (tutor_reads, tutor_uses) = read("offline.js"), read("team.js")
    assert not set(CLIENT_STRINGS) & set(TEAM_STRINGS)
    assert set(CLIENT_STRINGS) <= learner_uses
    assert set(TEAM_STRINGS) <= learner_uses | tutor_uses
    assert learner_reads | tutor_reads <= set(CLIENT_STRINGS) | set(TEAM_STRINGS)


def test_every_page_loads_the_script_and_says_who_is_signed_in(client):
    anonymous = client.get("/").get_data(as_text=True)
    assert 'src="/static/js/app.js?v=' in anonymous and "data-user" not in anonymous
    assert 'rel="manifest"' in anonymous
    learner = make_user()
    sign_in(client, learner)
    page = client.get("/courses/vneid").get_data(as_text=True)
    assert f'data-user="{learner.id}"' in page


def test_the_on_this_phone_page_works_without_script_and_says_so(client, catalogue):
    page = client.get("/offline").get_data(as_text=True)
    assert 'id="ol-nojs"' in page and 'id="ol-outbox"' in page
    for course in catalogue.courses:
        assert f'data-course="{course.id}"' in page
