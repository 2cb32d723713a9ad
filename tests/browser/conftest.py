"""Real-browser tests: Debian's Chromium driven by Playwright, at a phone's 360×640 viewport,
against the real server on a free loopback port with its own SQLite database and the demo data.

Without /usr/bin/chromium, axe-core from npm or the Playwright package, these tests are skipped,
saying why (the README's `make test` shows the reason in its summary); when
the environment variable CI=true, they fail instead, so that CI never passes without running them.
Install what they need with `.ci/install-browser`. Playwright's own browser download is never used.
"""

import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from learning import create_app
from learning.catalog.records import refresh_record_ids
from learning.demo import load_demo_accounts, load_demo_geography
from learning.extensions import db

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")  # Debian's, by default
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 640}


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (run .ci/install-browser, or apt-get install chromium)"
    if not AXE.exists():
        return f"axe-core is not installed in {AXE.parent} (run .ci/install-browser, or npm ci)"
    return None


@pytest.fixture(scope="session", autouse=True)
def browser_available() -> None:
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run, and CI=true requires them: {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


@dataclass
class LiveSite:
    url: str
    app: object

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="session")
def live_site(tmp_path_factory) -> Iterator[LiveSite]:
    folder = tmp_path_factory.mktemp("live")
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'live.sqlite3'}",
        "SECRET_KEY": "browser-tests",
        "ARGON2_MEMORY_KIB": 64, "ARGON2_TIME_COST": 1,  # cheap hashes for tests
        # A robot answers in a blink: the review rules would hold it (tests/review has them on;
        # helpers.held_completion makes a held completion for the pages that show them).
        "FLAG_RULES": "",
    })
    with app.app_context():
        db.create_all()
        refresh_record_ids()
        load_demo_geography()
        load_demo_accounts()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveSite(f"http://127.0.0.1:{server.port}", app)
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def playwright_driver():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)  # as patient as the other waits, on a busy machine
    with sync_playwright() as driver:
        yield driver


class Phone:
    """A phone's browser with its own profile, which can be closed and opened again."""

    def __init__(self, driver, profile: str, java_script: bool = True) -> None:
        self.driver, self.profile, self.java_script = driver, profile, java_script
        self.context = None
        self.script_errors: list[str] = []

    def open(self):
        self.context = self.driver.chromium.launch_persistent_context(
            self.profile, executable_path=CHROMIUM, headless=True, args=ARGS, viewport=PHONE,
            java_script_enabled=self.java_script, locale="vi-VN")
        self.context.set_default_timeout(15_000)
        for page in self.context.pages:
            self._watch(page)
        self.context.on("page", self._watch)
        return self.context

    def _watch(self, page) -> None:
        page.on("pageerror", lambda error: self.script_errors.append(str(error)))

    def close(self) -> None:
        if self.context is not None:
            self.context.close()
            self.context = None


def _phone(driver, java_script: bool) -> Iterator[Phone]:
    profile = tempfile.mkdtemp(prefix="phone-")
    phone = Phone(driver, profile, java_script)
    phone.open()
    yield phone
    phone.close()
    shutil.rmtree(profile, ignore_errors=True)
    assert phone.script_errors == [], "the page's script failed"


@pytest.fixture
def phone(playwright_driver) -> Iterator[Phone]:
    yield from _phone(playwright_driver, java_script=True)


@pytest.fixture
def phone_without_script(playwright_driver) -> Iterator[Phone]:
    yield from _phone(playwright_driver, java_script=False)


@pytest.fixture
def page(phone):
    return phone.context.pages[0] if phone.context.pages else phone.context.new_page()
