"""Three languages: locale choice, complete catalogues, and no untranslated string on a page."""

import re
from pathlib import Path

import flask_babel
import pytest
from babel.messages.pofile import read_po

from learning.config import PROJECT_ROOT
from learning.extensions import db
from tests.catalog.test_learning_path import answers_form
from tests.factories import make_user, sign_in

CATALOGUES = sorted((PROJECT_ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))


def test_there_are_catalogues_for_the_three_languages():
    locales = [path.parts[-3] for path in CATALOGUES]
    assert sorted(locales) == ["en", "fr", "vi"], "one catalogue per language"


def test_every_string_of_the_code_is_in_the_catalogues():
    """Extraction follows the folders (translations/babel.cfg): a string in any module of
    learning/ or any template — a new file included — is in every catalogue."""
    from babel.messages.frontend import CommandLineInterface

    pot = PROJECT_ROOT / "instance" / "test-extract.pot"
    pot.parent.mkdir(exist_ok=True)
    CommandLineInterface().run([
        "pybabel", "-q", "extract", "-F", str(PROJECT_ROOT / "translations" / "babel.cfg"),
        "-k", "_l", "-k", "lazy_gettext", "--no-location", "-o", str(pot), str(PROJECT_ROOT)])
    with open(pot, "rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    pot.unlink()
    for path in CATALOGUES:
        with open(path, "rb") as handle:
            have = {m.id for m in read_po(handle) if m.id}
        assert wanted - have == set(), path


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: Path(p).parts[-3])
def test_catalogue_has_no_untranslated_or_fuzzy_message(path):
    with open(path, "rb") as handle:
        catalogue = read_po(handle)
    untranslated = [m.id for m in catalogue if m.id and not (
        all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []


class MissRecorder:
    """Wraps the Babel translations and notes every message that has no translation."""

    def __init__(self, translations, misses):
        self._t, self._misses = translations, misses

    def ugettext(self, message):
        if message not in self._t._catalog:
            self._misses.add(message)
        return self._t.ugettext(message)

    def ungettext(self, singular, plural, n):
        if (singular, 0) not in self._t._catalog:
            self._misses.add(singular)
        return self._t.ungettext(singular, plural, n)

    gettext, ngettext = ugettext, ungettext

    def __getattr__(self, name):
        return getattr(self._t, name)


@pytest.fixture
def misses(monkeypatch):
    found: set[str] = set()
    original = flask_babel.Domain.get_translations
    monkeypatch.setattr(flask_babel.Domain, "get_translations",
                        lambda self: MissRecorder(original(self), found))
    return found


@pytest.mark.parametrize("locale", ["vi", "fr", "en"])
def test_pages_show_no_untranslated_string(client, catalogue, misses, locale):
    client.get(f"/language/{locale}")
    course = catalogue.courses[0]
    lesson = course.lessons[0]
    pages = ["/", "/signup", "/signin", f"/courses/{course.id}",
             f"/courses/{course.id}/{lesson.id}", "/nope"]
    for page in pages:
        client.get(page)
    client.post("/signup", data={"phone": "1"})
    client.post("/signup", data={"commune_query": "zzz", "find_commune": "1"})
    client.post("/signin", data={"phone": "0912345678", "password": "x"})
    client.post(f"/courses/{course.id}/{lesson.id}/quiz", data={})
    client.post(f"/courses/{course.id}/{lesson.id}/quiz", data=answers_form(lesson, right=False))
    user = make_user(locale=locale)
    sign_in(client, user)
    for page in ["/", "/dashboard", "/settings", f"/courses/{course.id}"]:
        client.get(page)
    client.post(f"/courses/{course.id}/{lesson.id}/quiz", data=answers_form(lesson),
                follow_redirects=True)
    assert misses == set()


def test_locale_order_user_then_choice_then_accept_language_then_vietnamese(client):
    def lang(response):
        return re.search(r'<html lang="(\w+)"', response.get_data(as_text=True)).group(1)

    assert lang(client.get("/")) == "vi"
    assert lang(client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9"})) == "fr"
    client.get("/language/en")
    assert lang(client.get("/", headers={"Accept-Language": "fr"})) == "en"
    user = make_user(locale="fr")
    db.session.commit()
    sign_in(client, user)
    assert lang(client.get("/")) == "fr"


def test_numbers_and_percentages_follow_the_locale(client, catalogue):
    course = catalogue.course("vneid")
    client.get("/language/fr")
    assert "80\xa0%" in client.get(f"/courses/{course.id}").get_data(as_text=True)  # no-break space
    client.get("/language/en")
    assert "80%" in client.get(f"/courses/{course.id}").get_data(as_text=True)


def test_error_pages_are_translated(client):
    client.get("/language/fr")
    assert "Cette page n’existe pas" in client.get("/nope").get_data(as_text=True)


def test_a_pages_words_follow_each_requests_language(client):
    """The frame's words (made once per language) change with the language asked, back and
    forth."""
    import re

    words = {}
    for locale in ("vi", "fr", "en", "vi", "fr", "en"):
        page = client.get("/", headers={"Accept-Language": locale}).get_data(as_text=True)
        found = re.search(r'<a class="skip" href="#main">([^<]+)</a>', page).group(1)
        assert words.setdefault(locale, found) == found
    assert words["en"] == "Skip to content"
    assert len(set(words.values())) == 3
