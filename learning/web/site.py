"""The Flask application class of the site: Flask, with the addresses of pages that take no
values (the home page, sign-in, sign-out, settings…) built once per worker and path prefix.

Every page's frame links to a dozen of them; building each address again (werkzeug's URL map)
took ~5 % of the app's CPU on a signed-in lesson (py-spy under bench/load.py). An address with
values, an anchor, a method, a scheme, an absolute address or a blueprint-relative endpoint
(".name") is built as Flask builds it, as is any address outside a request."""

from typing import Any

from flask import Flask, has_request_context, request


class Site(Flask):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._addresses: dict[tuple[str, str], str] = {}

    def url_for(self, /, endpoint: str, *, _anchor: str | None = None,
                _method: str | None = None, _scheme: str | None = None,
                _external: bool | None = None, **values: Any) -> str:
        if (values or _anchor or _method or _scheme or _external or endpoint.startswith(".")
                or not has_request_context()):
            return super().url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme,
                                   _external=_external, **values)
        key = (endpoint, request.script_root)
        address = self._addresses.get(key)
        if address is None:
            address = super().url_for(endpoint)
            # url_defaults callbacks may add values per request: then nothing is kept (none is
            # registered after the first request: Flask refuses set-up once it has served one).
            if not any(self.url_default_functions.values()):
                self._addresses[key] = address
        return address
