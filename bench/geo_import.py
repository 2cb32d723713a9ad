"""Time `flask geo import` of the national list (3,321 communes): first import, then re-import.

Usage: .venv/bin/python bench/geo_import.py [DATABASE_URL]
(default: a temporary SQLite file; give a PostgreSQL URL to measure there — its tables are
dropped and created again, so use an empty database).
"""

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from learning import create_app  # noqa: E402
from learning.communes.importer import import_communes  # noqa: E402
from learning.extensions import db  # noqa: E402
from learning.geography.csvfile import read_csv_path  # noqa: E402

NATIONAL = (Path(__file__).resolve().parents[2] / "shared" / "data" / "geo"
            / "vn_communes_2025_official_codes_with_bando_population.csv")


def main() -> None:
    if not NATIONAL.exists():
        sys.exit(f"{NATIONAL} is missing")
    url = sys.argv[1] if len(sys.argv) > 1 else \
        f"sqlite:///{tempfile.mkdtemp()}/geo.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        for label in ("first import", "re-import"):
            started = time.perf_counter()
            report = import_communes(read_csv_path(NATIONAL))
            db.session.commit()
            seconds = time.perf_counter() - started
            print(f"{label:<13} {db.engine.dialect.name:<10} {seconds:6.2f} s  "
                  f"added {len(report.added)}, changed {len(report.changed)}, "
                  f"unchanged {report.unchanged}, refused {len(report.refused)}")


if __name__ == "__main__":
    main()
