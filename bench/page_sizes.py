"""Print the size of the main pages, raw and gzipped, with the stylesheet (the 14 KB budget).

Usage: .venv/bin/python bench/page_sizes.py   (uses a temporary SQLite database)
"""

import gzip
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from learning import create_app  # noqa: E402
from learning.catalog.records import refresh_record_ids  # noqa: E402
from learning.demo import load_demo_geography  # noqa: E402
from learning.extensions import db  # noqa: E402

BUDGET = 14 * 1024


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def main() -> None:
    folder = tempfile.mkdtemp()
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/sizes.sqlite3"})
    with app.app_context():
        db.create_all()
        refresh_record_ids()
        load_demo_geography()
        db.session.commit()
    css = (Path(app.static_folder) / "site.css").read_bytes()
    client = app.test_client()
    catalogue = app.extensions["catalogue"]
    pages = ["/", "/signup", "/signin"] + [f"/courses/{c.id}" for c in catalogue.courses]
    pages += [f"/courses/{c.id}/{x.id}" for c in catalogue.courses for x in c.lessons]
    print(f"{'page':<62}{'locale':>7}{'html':>8}{'html.gz':>9}{'+css.gz':>9}")
    worst = 0
    for locale in app.config["LANGUAGES"]:
        client.get(f"/language/{locale}")
        for page in pages:
            html = client.get(page).data
            total = gz(html) + gz(css)
            worst = max(worst, total)
            flag = "  OVER" if total > BUDGET else ""
            print(f"{page:<62}{locale:>7}{len(html):>8}{gz(html):>9}{total:>9}{flag}")
    print(f"css: {len(css)} bytes, {gz(css)} gzipped; largest page+css: {worst} bytes "
          f"gzipped (budget {BUDGET})")


if __name__ == "__main__":
    main()
