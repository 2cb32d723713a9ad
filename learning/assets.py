"""Static files with a content hash in their URL, so phones cache them for a year."""

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, url_for


def register(app: Flask) -> None:
    static = Path(app.static_folder or "static")

    @cache
    def version(filename: str) -> str:
        path = static / filename
        return hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.is_file() else "0"

    def asset(filename: str) -> str:
        return url_for("static", filename=filename, v=version(filename))

    app.jinja_env.globals["asset"] = asset
