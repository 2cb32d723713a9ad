"""Compressed responses: pages and JSON through Flask-Compress (brotli when the phone accepts it,
else gzip); static files precompressed once, at the highest levels, and cached for a year when
their URL carries the content hash (``asset()``).

JavaScript and CSS are minified first (rjsmin, rcssmin: comments and spaces out, nothing
renamed), in every encoding the app sends. ``flask assets compress`` writes ``.br`` and ``.gz``
of the minified files beside each static file, for nginx's ``brotli_static``/``gzip_static``
(docs/deploy.md); without them the app prepares each file once per process and keeps it in
memory.
"""

import gzip
import hashlib
import mimetypes
from pathlib import Path

import brotli
import click
import rcssmin
import rjsmin
from flask import Flask, Response, abort, current_app, request, send_from_directory
from flask.cli import with_appcontext
from flask_compress import Compress
from werkzeug.security import safe_join

YEAR = 60 * 60 * 24 * 365
COMPRESSIBLE = frozenset({".css", ".js", ".svg", ".json", ".webmanifest", ".txt", ".html"})
SUFFIXES = {"br": ".br", "gzip": ".gz"}
MINIFIED = frozenset({".js", ".css"})

compress = Compress()


def register(app: Flask) -> None:
    compress.init_app(app)
    app.view_functions["static"] = serve_static
    app.cli.add_command(assets)


def encoding_for(filename: str) -> str | None:
    """The encoding to send a file in: brotli if accepted, else gzip, else none."""
    if Path(filename).suffix not in COMPRESSIBLE:
        return None
    for encoding in ("br", "gzip"):
        if request.accept_encodings[encoding] > 0:
            return encoding
    return None


def compressed(data: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=11)
    return gzip.compress(data, compresslevel=9, mtime=0)


def minified(path: Path) -> bytes:
    """The file as sent: JavaScript and CSS without comments and spaces, anything else as is."""
    data = path.read_bytes()
    if path.suffix == ".js":
        return rjsmin.jsmin(data.decode("utf-8")).encode("utf-8")
    if path.suffix == ".css":
        return rcssmin.cssmin(data.decode("utf-8")).encode("utf-8")
    return data


def _precompressed(path: Path, encoding: str | None) -> tuple[bytes, str]:
    """The file in this encoding (none: minified only; from its .br/.gz when fresh, else made
    once) and its ETag."""
    memo = current_app.extensions.setdefault("precompressed", {})
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, encoding)
    if key not in memo:
        original = path.read_bytes()
        ready = path.with_name(path.name + SUFFIXES[encoding]) if encoding else None
        if ready and ready.is_file() and ready.stat().st_mtime_ns >= stat.st_mtime_ns:
            body = ready.read_bytes()
        elif encoding:
            body = compressed(minified(path), encoding)
        else:
            body = minified(path)
        memo[key] = (body, f"{hashlib.sha256(original).hexdigest()[:16]}:{encoding or 'min'}")
    return memo[key]


def serve_static(filename: str) -> Response:
    """The static files: a year in the phone's cache when the URL carries the content hash."""
    response = send_compressed(current_app.static_folder or "static", filename)
    if request.args.get("v"):
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
    else:
        response.cache_control.max_age = None
        response.cache_control.no_cache = True
    return response.make_conditional(request)


def send_compressed(folder: str | Path, filename: str, mimetype: str | None = None) -> Response:
    """A file, compressed once (brotli or gzip, as the phone accepts) if its kind compresses."""
    found = safe_join(str(folder), filename)
    if found is None or not Path(found).is_file():
        abort(404)
    encoding = encoding_for(filename)
    if encoding is None and Path(filename).suffix not in MINIFIED:
        response = send_from_directory(folder, filename, mimetype=mimetype)
    else:
        body, etag = _precompressed(Path(found), encoding)
        mimetype = mimetype or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        response = current_app.response_class(body, mimetype=mimetype)
        if encoding:
            response.headers["Content-Encoding"] = encoding
        response.set_etag(etag)
    response.vary.add("Accept-Encoding")
    return response


@click.group(help="Static files.")
def assets() -> None:
    pass


@assets.command("compress")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False))
@with_appcontext
def compress_command(folder: str | None) -> None:
    """Write .br and .gz beside every compressible static file (a deploy step, for nginx's
    brotli_static and gzip_static); FOLDER defaults to the app's static folder."""
    root = Path(folder or current_app.static_folder or "static")
    count = 0
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in COMPRESSIBLE:
            data = minified(path)
            for encoding, suffix in SUFFIXES.items():
                path.with_name(path.name + suffix).write_bytes(compressed(data, encoding))
            count += 1
    click.echo(f"{count} static files compressed (.br, .gz) in {root}")
