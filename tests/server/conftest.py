"""The production set-up for real: gunicorn (gunicorn.conf.py, APP_ENV=production) behind Debian's
nginx running deploy/nginx.conf with TLS, on free loopback ports, each with its files in a
temporary folder.

Without /usr/sbin/nginx these tests are skipped, saying why; with CI=true they fail instead
(`.ci/install-server` installs nginx with apt), like the browser tests with Chromium.
"""

import getpass
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = os.environ.get("NGINX_PATH", "/usr/sbin/nginx")
MODULES = Path("/usr/lib/nginx/modules")
BROTLI = ("ngx_http_brotli_filter_module.so", "ngx_http_brotli_static_module.so")
PROXY_ADDRESS = "127.0.0.2"  # nginx; the phone connects from 127.0.0.3, gunicorn is on .1
PHONE_ADDRESS = "127.0.0.3"
SECRET = "server-tests-" + "x" * 40
PASSWORD = "mật khẩu dài 2025"
PHONE = "0987 200 001"


def _missing() -> str | None:
    if not Path(NGINX).exists():
        return f"{NGINX} is not installed (run .ci/install-server, or apt-get install nginx)"
    if shutil.which("openssl") is None:
        return "openssl is not installed (apt-get install openssl)"
    return None


@pytest.fixture(scope="session", autouse=True)
def nginx_available() -> None:
    if os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("the deployment runs once, on its own SQLite file, in `make test`")
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"the tests behind nginx cannot run, and CI=true requires them: {reason}")
    pytest.skip(f"tests behind nginx skipped: {reason}")


def free_port(address: str) -> int:
    with socket.socket() as probe:
        probe.bind((address, 0))
        return probe.getsockname()[1]


def wait_for_port(address: str, port: int, process: subprocess.Popen, log: Path) -> None:
    """Until the server listens: up to a minute (a busy 2-core machine starts gunicorn slowly)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection((address, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"did not listen on {address}:{port}:\n{log.read_text()}")


def flask(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "learning", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def nginx_config(folder: Path, port: int, upstream: str, static_root: Path) -> str:
    """deploy/nginx.conf as shipped, with its words in capitals filled in, in an http block."""
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    brotli = all((MODULES / name).exists() for name in BROTLI)
    if not brotli:
        site = "\n".join(line for line in site.splitlines() if not line.endswith("# brotli"))
    for word, value in {
        "SERVER_NAME": PROXY_ADDRESS, "APP_ROOT/static/": f"{static_root}/",
        "UPSTREAM": upstream, "CERTIFICATE_KEY": str(folder / "key.pem"),
        "CERTIFICATE": str(folder / "cert.pem"), "LISTEN_HTTPS": f"{PROXY_ADDRESS}:{port}",
        "LISTEN_HTTP": f"{PROXY_ADDRESS}:{free_port(PROXY_ADDRESS)}",
        "shared:learning_tls:10m": "off",
    }.items():
        site = site.replace(word, value)
    modules = "".join(f"load_module {MODULES / name};\n" for name in BROTLI) if brotli else ""
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    temp = {kind: folder / kind for kind in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    return f"""{modules}{user}worker_processes 1;
daemon off;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder / "access.log"};
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
{site}
}}
"""


@dataclass
class Deployment:
    url: str
    host: str
    database: str
    brotli: bool
    gunicorn_log: Path
    nginx_log: Path


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # both stop at once (nginx: fast; gunicorn: quick)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@pytest.fixture(scope="session")
def deployment(tmp_path_factory) -> Iterator[Deployment]:
    """The deploy steps of docs/deploy.md, then gunicorn and nginx running."""
    folder = tmp_path_factory.mktemp("deploy")
    database = folder / "site.sqlite3"
    env = {**os.environ, "APP_ENV": "production", "SECRET_KEY": SECRET,
           "DATABASE_URL": f"sqlite:///{database}", "TRUSTED_PROXIES": "1", "LOG_LEVEL": "warning"}
    env.pop("FLASK_DEBUG", None)
    for step in (("db", "upgrade"), ("courses", "sync")):
        done = flask(env, *step)
        assert done.returncode == 0, done.stderr
    static = folder / "static"
    shutil.copytree(ROOT / "static", static)
    _add_learner_and_compress(database, static)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", f"/CN={PROXY_ADDRESS}", "-keyout", str(folder / "key.pem"),
                    "-out", str(folder / "cert.pem")], check=True, capture_output=True)

    app_port = free_port("127.0.0.1")
    gunicorn_log = folder / "gunicorn.log"
    with open(gunicorn_log, "w") as log:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"], cwd=ROOT,
            env={**env, "BIND": f"127.0.0.1:{app_port}", "WEB_WORKERS": "2"},
            stdout=log, stderr=subprocess.STDOUT)
    nginx = None
    try:
        wait_for_port("127.0.0.1", app_port, gunicorn, gunicorn_log)
        port = free_port(PROXY_ADDRESS)
        for kind in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (folder / kind).mkdir()
        config = folder / "nginx.conf"
        config.write_text(nginx_config(folder, port, f"127.0.0.1:{app_port}", static))
        nginx_log = folder / "error.log"
        nginx_log.touch()
        nginx = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(config),
                                  "-e", str(nginx_log)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_for_port(PROXY_ADDRESS, port, nginx, nginx_log)
        yield Deployment(f"https://{PROXY_ADDRESS}:{port}", f"{PROXY_ADDRESS}:{port}",
                         str(database), "load_module" in config.read_text(), gunicorn_log,
                         nginx_log)
    finally:
        if nginx is not None:
            stop(nginx)
        stop(gunicorn)


def _add_learner_and_compress(database: Path, static: Path) -> None:
    """A learner's account, made as a sign-up would; then the deploy step that precompresses the
    static files for nginx (run here, in this process, to spare a start-up)."""
    from learning import create_app
    from learning.accounts.services import register_learner
    from learning.demo import load_demo_geography
    from learning.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                      "APP_ENV": "development", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        load_demo_geography()
        register_learner(phone=PHONE, full_name="Hồ Thị Lan", birth_year=1960, gender="female",
                         commune_code="17611", password=PASSWORD)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    done = app.test_cli_runner().invoke(args=["assets", "compress", str(static)])
    assert done.exit_code == 0, done.output
