"""Lighthouse (from npm) in its default mobile mode (simulated slow 4G, 4× CPU slowdown) with
Debian's Chromium, on the home page and a lesson page: prints performance, accessibility and LCP.

Targets: performance ≥ 95, accessibility 100, LCP ≤ 1.5 s.

Usage: .venv/bin/python bench/lighthouse.py [--runs N]
Needs /usr/bin/chromium and `npm ci` (see .ci/install-browser). The site is served on a free
loopback port by Werkzeug's threaded server, from a temporary SQLite database with the demo data.
"""

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

from learning import create_app  # noqa: E402
from learning.catalog.records import refresh_record_ids  # noqa: E402
from learning.demo.sample import load_demo_accounts, load_demo_geography  # noqa: E402
from learning.extensions import db  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
PAGES = [("home", "/"), ("lesson", "/courses/vneid/what-is-vneid")]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def serve() -> tuple[str, object]:
    folder = tempfile.mkdtemp(prefix="lighthouse-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
                      "SECRET_KEY": "lighthouse-bench"})
    with app.app_context():
        db.create_all()
        refresh_record_ids()
        load_demo_geography()
        load_demo_accounts()
        db.session.commit()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.port}", server


def lighthouse(url: str) -> dict:
    command = [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
               "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}"]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300,
                            env={**os.environ, "CHROME_PATH": CHROMIUM})
    report = json.loads(result.stdout)
    failed = [audit["id"] for audit in report["audits"].values()
              if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "lcp": report["audits"]["largest-contentful-paint"]["numericValue"] / 1000,
        "failed": failed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page (medians printed)")
    runs = parser.parse_args().runs
    if not LIGHTHOUSE.exists() or not Path(CHROMIUM).exists():
        sys.exit("Lighthouse or Chromium missing: run .ci/install-browser")
    base, server = serve()
    lighthouse_version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True,
                                        text=True).stdout.strip()
    print(f"Lighthouse {lighthouse_version}, default mobile mode, {CHROMIUM}, {runs} run(s)/page")
    print(f"{'page':<8}{'path':<32}{'performance':>12}{'accessibility':>15}{'LCP':>9}")
    try:
        for name, path in PAGES:
            results = [lighthouse(base + path) for _ in range(runs)]
            performance = statistics.median(r["performance"] for r in results)
            accessibility = statistics.median(r["accessibility"] for r in results)
            lcp = statistics.median(r["lcp"] for r in results)
            print(f"{name:<8}{path:<32}{performance:>12.0f}{accessibility:>15.0f}{lcp:>8.2f}s")
            for audit in sorted({a for r in results for a in r["failed"]}):
                print(f"  failed audit: {audit}")
    finally:
        server.shutdown()
    print("targets: performance >= 95, accessibility 100, LCP <= 1.5 s")


if __name__ == "__main__":
    main()
