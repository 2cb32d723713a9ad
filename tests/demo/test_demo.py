"""`flask demo load` (what `make run` loads): the imported communes (a tiny list written here, not
the real one) filled with months of sample activity that the dashboard can show, counted exactly,
loaded once however often it runs, and marked as demo on every page."""

import csv
import re
from datetime import timedelta

from sqlalchemy import func, select

from learning.accounts.models import Role, User, utcnow
from learning.demo import DEMO_PASSWORD, demo_loaded, load_demo, note_demo_data
from learning.demo.province import scaled_target
from learning.events.models import EventAttendance, TeamEvent
from learning.extensions import db
from learning.geography.models import Commune
from learning.progress.models import LessonProgress, QuizAttempt
from learning.reporting.rebuild import verify
from learning.teams.models import DigitalTeam

COLUMNS = ("province_code", "province_name", "ward_code", "ward_name", "ward_full_name",
           "ward_type", "ward_name_en", "code_name", "population_bando", "area_km2_bando",
           "admin_center_bando", "lon", "lat", "merged_from_bando")
# Made-up communes: (code, name, kind, population, lon, lat)
TINY = [("17611", "Vân Tụ", "Xã", "20000", "105.43", "18.93"),  # the demo accounts' commune
        ("90001", "Thử Một", "Xã", "24000", "105.40", "18.90"),
        ("90002", "Thử Hai", "Xã", "12000", "105.50", "19.05"),
        ("90003", "Thử Ba", "Phường", "61000", "105.65", "18.70"),
        ("90004", "Thử Bốn", "Xã", "8000", "104.90", "19.20"),
        ("90005", "Thử Năm", "Xã", "", "105.10", "19.00")]  # no population: no target


def tiny_list(tmp_path):
    path = tmp_path / "communes.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for code, name, kind, population, lon, lat in TINY:
            writer.writerow(["40", "Tỉnh Nghệ An", code, name, f"{kind} {name}", kind, name,
                             name.lower(), population, "50", "", lon, lat, ""])
    return path


def load(app, *args):
    return app.test_cli_runner().invoke(args=["demo", "load", *args])


def test_the_demo_fills_the_imported_communes_with_months_of_counted_activity(app, tmp_path):
    imported = app.test_cli_runner().invoke(args=["geo", "import", str(tiny_list(tmp_path))])
    assert imported.exit_code == 0, imported.output
    result = load(app, "--learners", "150")
    assert result.exit_code == 0, result.output
    assert "150 learners" in result.output and f"0912000005  /  {DEMO_PASSWORD}" in result.output

    assert db.session.scalar(select(func.count()).select_from(Commune)) == len(TINY)
    for code, _name, _kind, population, _lon, _lat in TINY:
        commune = db.session.get(Commune, code)
        assert commune.target_population == scaled_target(int(population) if population
                                                          else None)
        assert db.session.scalar(select(func.count()).select_from(DigitalTeam).where(
            DigitalTeam.commune_code == code)) >= 1
    assert db.session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.LEARNER, User.commune_code.like("9000%"))) > 50
    assert db.session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.TUTOR)) >= 2 * len(TINY)
    first, last = db.session.execute(select(func.min(LessonProgress.completed_at),
                                            func.max(LessonProgress.completed_at))).one()
    now = utcnow()
    assert now - first > timedelta(days=75) and now - last < timedelta(days=7)  # ~4 months
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt).where(
        QuizAttempt.method == "event")) > 0
    assert db.session.scalar(select(func.count()).select_from(EventAttendance)) > 0
    assert db.session.scalar(select(func.min(TeamEvent.held_on))) < (now - timedelta(
        days=60)).date()
    assert verify().differences == []  # every counter as the raw records say


def test_without_a_list_the_hand_written_sample_has_something_to_show(app, client):
    result = load(app)
    assert result.exit_code == 0, result.output
    learners = int(re.search(r"(\d+) learners", result.output).group(1))
    assert 100 < learners < 3000  # sized to the sample's targets
    client.post("/signin", data={"phone": "0912000005", "password": DEMO_PASSWORD})
    html = client.get("/statistics/provinces/40").get_data(as_text=True)
    lagging, total = map(int, re.search(r"(\d+) of (\d+) communes lag", html).groups())
    assert total == 4 and 0 < lagging < total  # the hand-written sample: some lag, not all
    coverage = re.search(r"<span>Coverage</span><b>([^<]+)</b>", html).group(1)
    assert coverage not in ("0%", "0.0%", "—") and "%" in coverage
    assert html.count('<text x=') >= 2  # communes named on the map


def test_running_it_again_adds_nothing(app):
    assert load(app, "--learners", "40").exit_code == 0
    counts = [db.session.scalar(select(func.count()).select_from(model))
              for model in (User, QuizAttempt, TeamEvent, DigitalTeam)]
    again = load(app, "--learners", "40")
    assert again.exit_code == 0 and "loaded before" in again.output
    assert [db.session.scalar(select(func.count()).select_from(model))
            for model in (User, QuizAttempt, TeamEvent, DigitalTeam)] == counts
    assert verify().differences == []


def test_every_page_says_it_is_a_demo_once_loaded(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_DATA", False)
    note_demo_data(app)
    assert app.config["DEMO_DATA"] is False and not demo_loaded()
    assert 'class="demo"' not in client.get("/").get_data(as_text=True)
    load_demo(learners=10)
    note_demo_data(app)
    assert app.config["DEMO_DATA"] is True
    for page in ("/", "/signin"):
        html = client.get(page).get_data(as_text=True)
        assert 'class="demo" role="note"' in html and "made-up" in html
