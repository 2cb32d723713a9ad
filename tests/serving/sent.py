"""What a phone downloads to show a page, counted as sent: the page and what it loads at once
(stylesheet, scripts, icon, pictures), each in the encoding the phone accepts, through the app as
it runs (the same compression in development, tests and production; docs/deploy.md).

Used by the budget tests and by bench/page_sizes.py."""

import gzip
import re
from dataclasses import dataclass
from urllib.parse import urljoin

import brotli

# What Chrome on Android sends over HTTPS (production), and over plain HTTP (no brotli).
HTTPS_PHONE = "gzip, deflate, br, zstd"
PLAIN_PHONE = "gzip, deflate"
LOADED = re.compile(
    r'<(?:link rel="(?:stylesheet|icon)"|script|img)(?=[\s>])[^>]*?\s(?:href|src)="([^"]+)"')
SCRIPT_LOADED = re.compile(r'\bdata-(?:offline|team-js)="([^"]+)"')  # (team.js: a tutor's)
STRINGS = re.compile(r'\bdata-(?:team-)?strings="([^"]+)"')


@dataclass
class Visit:
    page: str
    parts: dict[str, int]  # address -> bytes as sent

    @property
    def total(self) -> int:
        return sum(self.parts.values())


def decoded(response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(response.data)
    if encoding == "gzip":
        return gzip.decompress(response.data)
    return response.data


def first_visit(client, path: str, encodings: str = HTTPS_PHONE, language: str = "vi",
                offline_script: bool = False) -> Visit:
    """The page and everything it loads on a first visit (nothing in the phone's cache yet).
    ``offline_script``: a signed-in page also loads offline.js and the script's words (and, on
    the pages of someone in a team, team.js and its words)."""
    headers = {"Accept-Encoding": encodings, "Accept-Language": language}
    response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    parts = {path: len(response.data)}
    html = decoded(response).decode().replace("&amp;", "&")
    loaded = LOADED.findall(html)
    if offline_script:
        loaded += SCRIPT_LOADED.findall(html) + STRINGS.findall(html)
    for address in dict.fromkeys(loaded):
        url = urljoin(path, address)
        with client.get(url, headers=headers) as part:
            assert part.status_code == 200, url
            parts[url] = len(part.data)
    return Visit(path, parts)
