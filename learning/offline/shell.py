"""The site's shell for offline use: what the service worker keeps, and its version.

Everything here is computed once per process and locale (assets and translations do not change
while the site runs). The service worker's version changes whenever any file it keeps changes, so
phones pick up a new shell on their next visit. It is installed only on a phone that saves
something (static/js/offline.js), and keeps only that phone's language. A tutor's own script and
words (static/js/team.js, TEAM_STRINGS) are not in the shell: they are kept with the team saved on
the phone (learning/tutoring/offline/packs.py).
"""

import hashlib
import json
from pathlib import Path
from typing import Any

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from learning.offline.strings import client_strings

SCRIPT = "js/app.js"
OFFLINE_SCRIPT = "js/offline.js"
WORKER = "js/sw.js"
ICONS = ("icons/icon.svg", "icons/icon-192.png", "icons/icon-512.png")
THEME_COLOR = "#0a5c36"


def _memo() -> dict[str, Any]:
    return current_app.extensions.setdefault("offline_shell", {})


def strings_json(locale: str, team: bool = False) -> bytes:
    """The script's words in one language: everyone's, or (``team``) a tutor's own."""
    memo = _memo()
    key = f"strings:{locale}:{team}"
    if key not in memo:
        with force_locale(locale):
            memo[key] = json.dumps(client_strings(team), ensure_ascii=False, sort_keys=True,
                                   separators=(",", ":")).encode()
    return memo[key]


def strings_url(locale: str, team: bool = False) -> str:
    version = hashlib.sha256(strings_json(locale, team)).hexdigest()[:10]
    return url_for("offline.team_strings" if team else "offline.strings", locale=locale, v=version)


def manifest(locale: str) -> dict[str, Any]:
    asset = current_app.jinja_env.globals["asset"]
    with force_locale(locale):
        name, short_name = _("Digital Education for All"), _("Learn online")
        description = _("Short lessons on VNeID, online public services, QR payments and "
                        "avoiding scams.")
    return {
        "id": "/", "name": name, "short_name": short_name, "description": description,
        "lang": locale, "start_url": url_for("lessons.home"), "scope": "/",
        "display": "standalone", "background_color": "#ffffff", "theme_color": THEME_COLOR,
        "icons": [
            {"src": asset(ICONS[0]), "sizes": "any", "type": "image/svg+xml"},
            {"src": asset(ICONS[1]), "sizes": "192x192", "type": "image/png"},
            {"src": asset(ICONS[2]), "sizes": "512x512", "type": "image/png",
             "purpose": "any"},
        ],
    }


def shell_urls(locale: str) -> list[str]:
    """The pages and files every phone that saved something keeps, in its language (the icons
    the manifest names are fetched by the browser itself, only if the site is installed)."""
    asset = current_app.jinja_env.globals["asset"]
    return [url_for("lessons.home"), url_for("offline.on_this_phone"), asset("site.css"),
            asset(SCRIPT), asset(OFFLINE_SCRIPT), asset(ICONS[0]), strings_url(locale),
            url_for("offline.manifest", locale=locale)]


def service_worker_script(locale: str) -> str:
    """The worker for one language (/sw.js?lang=vi): registering another language's address
    installs a new worker that keeps that language's shell, and drops the old one."""
    memo = _memo()
    key = f"worker:{locale}"
    if key not in memo:
        source = (Path(current_app.static_folder or "static") / WORKER).read_text("utf-8")
        urls = shell_urls(locale)
        version = hashlib.sha256((source + "\n".join(urls)).encode()).hexdigest()[:12]
        memo[key] = f"const VERSION={json.dumps(version)},SHELL={json.dumps(urls)};\n{source}"
    return memo[key]
