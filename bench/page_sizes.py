"""Print what a phone downloads for each main page, as sent: the page and what it loads at once
(stylesheet, script, icon, pictures), compressed as the app serves it, brotli (Chrome over
HTTPS) and gzip (plain HTTP). Budgets: a lesson's first visit 10 KB; other pages 14 KB.

Usage: .venv/bin/python bench/page_sizes.py   (uses a temporary SQLite database)
"""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from learning import create_app  # noqa: E402
from learning.accounts.models import Role  # noqa: E402
from learning.catalog.records import refresh_record_ids  # noqa: E402
from learning.demo.sample import load_demo_geography  # noqa: E402
from learning.extensions import db  # noqa: E402
from tests.factories import make_commune, make_user, sign_in  # noqa: E402
from tests.serving.sent import HTTPS_PHONE, PLAIN_PHONE, first_visit  # noqa: E402

LESSON_BUDGET = 10 * 1024
PAGE_BUDGET = 14 * 1024


def row(client, page: str, locale: str, budget: int, signed_in: bool = False) -> int:
    br = first_visit(client, page, HTTPS_PHONE, locale, offline_script=signed_in)
    gz = first_visit(client, page, PLAIN_PHONE, locale, offline_script=signed_in)
    flag = "  OVER" if gz.total > budget else ""
    print(f"{page:<58}{locale:>4}{br.parts[page]:>8}{br.total:>9}{gz.parts[page]:>9}"
          f"{gz.total:>9}{budget:>8}{flag}")
    return br.total


def main() -> None:
    folder = tempfile.mkdtemp()
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/sizes.sqlite3",
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "SERVER_NAME": "localhost",
                      "WTF_CSRF_ENABLED": False})  # (signs in with the tests' helper)
    with app.app_context():
        db.create_all()
        refresh_record_ids()
        load_demo_geography()
        db.session.commit()
    catalogue = app.extensions["catalogue"]
    lessons = [f"/courses/{c.id}/{x.id}" for c in catalogue.courses for x in c.lessons]
    others = ["/", "/signup", "/signin", "/offline"]
    others += [f"/courses/{c.id}" for c in catalogue.courses]
    print("bytes as sent; 'page' is the HTML alone, 'visit' adds what it loads at once")
    print(f"{'page':<58}{'lang':>4}{'br page':>8}{'br visit':>9}{'gz page':>9}{'gz visit':>9}"
          f"{'budget':>8}")
    worst = {"lesson": 0, "page": 0, "signed-in lesson": 0, "dashboard": 0}
    for locale in app.config["LANGUAGES"]:
        client = app.test_client()  # a visitor: no cookie
        for page in lessons:
            worst["lesson"] = max(worst["lesson"], row(client, page, locale, LESSON_BUDGET))
        for page in others:
            worst["page"] = max(worst["page"], row(client, page, locale, PAGE_BUDGET))
    print("\nsigned in (course and lesson pages also load offline.js and its words, once):")
    client = app.test_client()
    with app.app_context():
        sign_in(client, make_user(locale="vi"))
    for page in ["/dashboard", "/courses/vneid", *lessons[:3]]:
        size = row(client, page, "vi", PAGE_BUDGET, signed_in=page != "/dashboard")
        worst["signed-in lesson"] = max(worst["signed-in lesson"], size)
    print("\nprovince dashboard, 170 communes:")
    client = app.test_client()
    with app.app_context():
        communes = [make_commune(f"{18000 + i:05d}", f"Xã Thử Nghiệm Số {i}",
                                 latitude=19.0 + i / 200, longitude=105.0) for i in range(170)]
        staff = make_user(Role.PROVINCE_STAFF, commune=communes[0])
        staff.province_code, staff.commune_code = "40", None
        sign_in(client, staff)
    worst["dashboard"] = row(client, "/statistics/provinces/40", "vi", PAGE_BUDGET)
    print("\nlargest first visits, brotli: " + ", ".join(f"{k} {v} B" for k, v in worst.items()))


if __name__ == "__main__":
    main()
