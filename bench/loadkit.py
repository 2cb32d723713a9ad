"""The harness of bench/load.py: start and stop the application server on 127.0.0.1, an HTTP
client that keeps its cookies and signs in, timing of each request by kind, CPU accounting of the
server's workers and of the PostgreSQL backends, and the clock that starts a phase's clients
together and ends it."""

import http.client
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PASSWORD = "bench-load-2025"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# Where the clients connect: the application server, or (``through_proxy``) nginx over TLS.
TARGET = {"host": HOST, "tls": None}


def through_proxy(host: str) -> None:
    """Clients connect to nginx at ``host`` over TLS (its certificate is made for the run)."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    TARGET.update(host=host, tls=context)


def start_server(url: str, port: int, workers: int, threads: int, folder: Path,
                 proxies: int = 0):
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-load-" + uuid.uuid4().hex,
           "PYTHONPATH": str(ROOT), "TRUSTED_PROXIES": str(proxies)}
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if gunicorn:
        command = [gunicorn, "--bind", f"{HOST}:{port}", "--workers", str(workers),
                   "--worker-class", "gthread", "--threads", str(threads),
                   "--keep-alive", "30", "--log-level", "warning",
                   # No worker replaced mid-run (gunicorn.conf.py's max_requests): a replaced
                   # worker's clients reconnect and, their connections kept alive, all land on
                   # the other worker, which then serves every client alone (measured: the
                   # signed-in phase halved after the anonymous one). Phones' connections are
                   # short-lived and spread out again; the bench's 8 clients are not.
                   "--max-requests", "0", "learning:create_app()"]
        name = f"gunicorn, {workers} workers × {threads} threads (gthread)"
    else:
        command = [sys.executable, "-m", "waitress", f"--listen={HOST}:{port}",
                   f"--threads={threads * workers}", "--call", "learning:create_app"]
        name = f"waitress, {threads * workers} threads"
    log = open(folder / "server.log", "w")  # noqa: SIM115 (closed with the server)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return process, name, log
        except OSError:
            time.sleep(0.3)
        if process.poll() is not None:
            break
    stop_server(process, log)
    raise SystemExit(f"the server did not start: see {folder / 'server.log'}")


def start_proxy(folder: Path, app_port: int):
    """nginx running deploy/nginx.conf (TLS, compression) in front of the app server, as
    tests/server/test_behind_nginx.py starts it: (process, host, port)."""
    sys.path.insert(0, str(ROOT))
    from tests.server.conftest import (
        NGINX,
        PROXY_ADDRESS,
        free_port,
        nginx_config,
        wait_for_port,
    )

    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", f"/CN={PROXY_ADDRESS}", "-keyout", str(folder / "key.pem"),
                    "-out", str(folder / "cert.pem")], check=True, capture_output=True)
    for kind in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / kind).mkdir(exist_ok=True)
    port = free_port(PROXY_ADDRESS)
    config = nginx_config(folder, port, f"{HOST}:{app_port}", ROOT / "static")
    # As on a server: a worker per processor (Debian's nginx.conf), room for every client.
    config = config.replace("worker_processes 1;", "worker_processes auto;")
    (folder / "nginx.conf").write_text(config.replace("worker_connections 64;",
                                                      "worker_connections 1024;"))
    log = folder / "error.log"
    log.touch()
    process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"),
                                "-e", str(log)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.STDOUT, start_new_session=True)
    wait_for_port(PROXY_ADDRESS, port, process, log)
    return process, PROXY_ADDRESS, port


def stop_server(process, log) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    log.close()


# --- Clients --------------------------------------------------------------------------------


class Client:
    """One browser: its own keep-alive connection and cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, str, dict]:
        headers = dict(headers or {})
        if TARGET["tls"] and method == "POST":  # a browser's (CSRF's and the sync's checks)
            origin = f"https://{TARGET['host']}:{self.port}"
            headers.update(Origin=origin, Referer=origin + path)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPSConnection(
                    TARGET["host"], self.port, timeout=60, context=TARGET["tls"]) \
                    if TARGET["tls"] else http.client.HTTPConnection(HOST, self.port, timeout=60)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()  # the server closed an idle keep-alive connection
                self.connection = None
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, text, dict(response.getheaders())

    def get(self, path: str) -> tuple[int, str, dict]:
        return self.request("GET", path)

    def post_form(self, path: str, data: dict) -> tuple[int, str, dict]:
        return self.request("POST", path, urlencode(data, doseq=True).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def csrf(self, path: str) -> str:
        status, text, _ = self.get(path)
        found = CSRF.search(text)
        if status != 200 or not found:
            raise RuntimeError(f"no form at {path} ({status})")
        return found.group(1)

    def sign_in(self, phone: str) -> int:
        self.cookies.clear()
        token = self.csrf("/signin")
        status, _, _ = self.post_form("/signin", {"csrf_token": token, "phone": phone,
                                                  "password": PASSWORD})
        return status


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: defaultdict[str, list[float]] = defaultdict(list)
        self.errors: defaultdict[str, list[str]] = defaultdict(list)
        self.deadlocks = 0

    def record(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            if ok:
                self.times[kind].append(seconds)
            else:
                self.errors[kind].append(detail[:200])
                self.deadlocks += "deadlock" in detail.lower()


def timed(stats: Stats, kind: str, call, expect=(200,)) -> tuple[int, str, dict] | None:
    began = time.perf_counter()
    try:
        status, text, headers = call()
    except Exception as error:  # a refused or dropped connection is an error too
        stats.record(kind, 0, False, repr(error))
        return None
    ok = status in expect
    stats.record(kind, time.perf_counter() - began, ok, f"{status} {text[:150]}")
    return status, text, headers


def server_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by the server and its worker processes (Linux),
    workers that were replaced (gunicorn's max_requests) included: the master's own time, the
    time of its workers that ended (reaped: cutime, cstime) and that of the living ones."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return float("nan")
    return (process_cpu_seconds([pid], ended_children=True)
            + process_cpu_seconds(list(map(int, children))))


def process_cpu_seconds(pids: list[int], ended_children: bool = False) -> float:
    """CPU time (user + system) of these processes, from /proc (a process gone counts 0); with
    ``ended_children``, also that of their children that ended and were waited for."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
        if ended_children:
            total += (int(fields[13]) + int(fields[14])) / ticks
    return total


class DatabaseCpu:
    """CPU time of the PostgreSQL backends serving the benchmark's database (same machine)."""

    def __init__(self, url: str | None) -> None:
        self.engine = None
        if url and url.startswith("postgresql"):
            from sqlalchemy import create_engine

            self.engine = create_engine(url)
            self.database = url.rsplit("/", 1)[1]

    def seconds(self) -> dict[int, float]:
        if self.engine is None:
            return {}
        from sqlalchemy import text

        with self.engine.connect() as connection:
            pids = list(connection.scalars(text(
                "SELECT pid FROM pg_stat_activity WHERE datname = :d AND pid <> pg_backend_pid()"),
                {"d": self.database}))
        return {pid: process_cpu_seconds([pid]) for pid in pids}




class Clock:
    """Every client gets ready (signs in…), then all start at once; the phase lasts `seconds`."""

    def __init__(self, parties: int, seconds: float, on_start) -> None:
        self.seconds, self.on_start = seconds, on_start
        self.barrier = threading.Barrier(parties, action=self._go)
        self.began = self.until = 0.0
        self.local = threading.local()

    def _go(self) -> None:
        self.on_start()
        self.began = time.monotonic()
        self.until = self.began + self.seconds

    def start(self) -> None:
        if not getattr(self.local, "started", False):
            self.local.started = True
            self.barrier.wait(600)

    def over(self) -> bool:
        return time.monotonic() > self.until
