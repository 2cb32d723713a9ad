"""A phone's browser, as far as these tests need one: HTTPS to the proxy from the phone's own
loopback address, a cookie jar, and the headers a browser sends (Origin, Referer)."""

import gzip
import http.client
import json
import re
import ssl
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import brotli

CHROME_ENCODINGS = "gzip, deflate, br, zstd"


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    sent: bytes  # the body as it came over the wire (compressed or not)

    @property
    def body(self) -> bytes:
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            return gzip.decompress(self.sent)
        if encoding == "br":
            return brotli.decompress(self.sent)
        assert encoding in (None, "identity"), encoding
        return self.sent

    @property
    def text(self) -> str:
        return self.body.decode()

    def json(self):
        return json.loads(self.body)

    def cookies(self) -> list[str]:
        return self.headers.get_all("Set-Cookie") or []


@dataclass
class Phone:
    host: str  # "127.0.0.2:port", the proxy
    source: str  # the phone's own address
    jar: dict[str, str] = field(default_factory=dict)
    encodings: str = CHROME_ENCODINGS

    @property
    def origin(self) -> str:
        return f"https://{self.host}"

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Answer:
        address, port = self.host.rsplit(":", 1)
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the tests' own certificate
        connection = http.client.HTTPSConnection(address, int(port), timeout=30, context=context,
                                                 source_address=(self.source, 0))
        sent = {"Accept-Encoding": self.encodings, "Accept-Language": "vi-VN,vi;q=0.9",
                "User-Agent": "Mozilla/5.0 (Linux; Android 10) test phone"}
        if self.jar:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        sent.update(headers or {})
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for line in answer.cookies():
            cookie = SimpleCookie()
            cookie.load(line)
            for name, morsel in cookie.items():
                if morsel["expires"] and "1970" in morsel["expires"] or morsel.value == "":
                    self.jar.pop(name, None)
                else:
                    self.jar[name] = morsel.value
        return answer

    def get(self, path: str, **headers: str) -> Answer:
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, form: dict[str, str], referer: str | None = None) -> Answer:
        return self.request("POST", path, urlencode(form).encode(), {
            "Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin,
            "Referer": self.origin + (referer or path)})

    def post_json(self, path: str, data, **headers: str) -> Answer:
        return self.request("POST", path, json.dumps(data).encode(),
                            {"Content-Type": "application/json", **headers})


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)
