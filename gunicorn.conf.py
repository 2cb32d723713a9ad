"""gunicorn's settings for the site: ``gunicorn -c gunicorn.conf.py learning.wsgi:app``
(docs/deploy.md). Everything that differs between machines comes from the environment:

- ``BIND``: where to listen, default ``127.0.0.1:8000`` (nginx in front, on the same machine);
- ``WEB_WORKERS``: worker processes, default 2 × cores + 1, at most 8 (each holds its own pool
  of database connections: workers × pool size stays under PostgreSQL's max_connections);
- ``WEB_THREADS``: threads per worker (gunicorn's gthread workers), default 8: a sign-in waiting
  for its password hash (hashes take turns in one lane, learning/accounts/passwords.py) or a
  tutor's sync batch holds one thread, not a whole worker. With 4, six people signing in
  held most of the threads while their hashes waited, and quiz answers queued behind them: six
  sign-ins cost the quiz answers 24 % against 15 % with 8 (bench/load.py on SQLite, alternated;
  docs/scaling.md); pages that only read were no slower with 8;
- ``WEB_TIMEOUT``: seconds before a stuck worker is replaced, default 30;
- ``LOG_LEVEL``: default ``info``. The error log goes to standard output (journald);
- ``ACCESS_LOG``: gunicorn's own access log, off by default: nginx in front records every request
  in its access log, with the real client address and the time it took, and logging each one
  again here took ~7 % of the app's CPU on a signed-in lesson (py-spy under bench/load.py).
  ``ACCESS_LOG=-`` writes it to standard output (a server without nginx in front).

The app is loaded once in the master (``preload_app``), so a missing SECRET_KEY, an unreachable
database, a schema not migrated or a catalogue not synced stop the start with one clear message
(learning/serving/production.py) instead of workers failing one after the other.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("WEB_THREADS", "8"))
worker_class = "gthread"
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 5000  # a worker is replaced now and then, so a slow leak can never grow
max_requests_jitter = 500
preload_app = True
wsgi_app = "learning.wsgi:app"
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss "%(a)s"'
forwarded_allow_ips = "127.0.0.1,::1"  # gunicorn itself trusts no proxy header beyond loopback
proc_name = "binh-dan-hoc-vu-so"
control_socket_disable = True  # (gunicorn ≥ 24's control socket: one path per user, unused here)
