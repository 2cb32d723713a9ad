"""Static files with a content hash in their URL, so phones cache them for a year."""

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, has_request_context, request, url_for


def register(app: Flask) -> None:
    static = Path(app.static_folder or "static")

    @cache
    def version(filename: str) -> str:
        path = static / filename
        return hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.is_file() else "0"

    addresses: dict[tuple[str, str], str] = {}

    def asset(filename: str) -> str:
        """The file's address with its version (made once per mount point and file)."""
        key = (request.script_root if has_request_context() else None, filename)
        address = addresses.get(key)
        if address is None:
            address = addresses[key] = url_for("static", filename=filename,
                                               v=version(filename))
        return address

    app.jinja_env.globals["asset"] = asset
