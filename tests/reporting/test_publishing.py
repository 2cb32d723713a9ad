"""Publishing: `flask stats publish` issues the week's and month's reports when they close, keeps
them as issued and delivers each once — by a signed webhook (a local HTTP receiver that fails the
first attempt: retried with back-off) and by e-mail (a local SMTP server, the report attached);
run again, it sends nothing twice. The report page shows later revisions beside the issue."""

import email
import hashlib
import hmac
import json
import socket
import threading
from datetime import timedelta
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from learning.accounts.models import Role, utcnow
from learning.counting.definitions import WEEK, Period, today
from learning.extensions import db
from learning.reporting.models import PublishedReport, ReportDelivery
from tests.factories import make_commune, make_user, sign_in
from tests.reporting.helpers import complete_course

SECRET = "s3cret"


class Receiver(BaseHTTPRequestHandler):
    received: list = []
    attempts: list = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.attempts.append(self.headers["X-Report-Id"])
        if self.attempts.count(self.headers["X-Report-Id"]) == 1:  # the first attempt fails
            self.send_response(503)
            self.end_headers()
            return
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(expected, self.headers["X-Signature"])
        assert self.headers["Idempotency-Key"] == self.headers["X-Report-Id"]
        self.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


class Mailbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def receivers(app):
    Receiver.received, Receiver.attempts = [], []
    http = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    settings = {"REPORT_WEBHOOKS": f"http://127.0.0.1:{http.server_address[1]}/reports|{SECRET}",
                "REPORT_EMAILS": "so-khcn@example.org", "SMTP_HOST": "127.0.0.1",
                "SMTP_PORT": smtp.port,
                "WEBHOOK_ALLOW_HTTP_LOOPBACK": True, "PUBLISH_BACKOFF": 0.05}
    saved = {key: app.config.get(key) for key in settings}
    app.config.update(settings)
    yield mailbox
    app.config.update(saved)
    smtp.stop()
    http.shutdown()
    http.server_close()


def test_the_weekly_report_is_delivered_once_by_webhook_and_by_email(app, catalogue, receivers):
    commune = make_commune()
    last_week = Period.containing(WEEK, today()).previous
    for _ in range(6):
        learner = make_user(commune=commune)
        learner.created_at = utcnow() - timedelta(days=30)
        complete_course(learner, catalogue.course("vneid"), utcnow() - timedelta(days=7))
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["stats", "publish"])
    assert result.exit_code == 0, result.output
    assert "2 reports issued, 4 deliveries made, 0 failed" in result.output
    week_id = f"40-week-{last_week.key}"
    weekly = [body for body in Receiver.received if body["report_id"] == week_id]
    assert len(weekly) == 1 and Receiver.attempts.count(week_id) == 2  # after one retry
    assert weekly[0]["period"] == {"kind": "week", "key": last_week.key,
                                   "start": last_week.start.isoformat(),
                                   "end": last_week.last_day.isoformat(), "complete": True}
    mails = [m for m in receivers.messages if m["X-Report-Id"] == week_id]
    assert len(mails) == 1
    attached = {part.get_filename(): part.get_content() for part in mails[0].iter_attachments()}
    assert json.loads(attached[f"{week_id}.json"])["report_id"] == week_id
    data = attached[f"{week_id}.csv"]
    data = data.decode() if isinstance(data, bytes) else data
    assert data.startswith("area_kind,area_code,period_kind,period_key")
    assert ",true," in data  # complete, in every line
    # Run again (the timer fires again): nothing is issued or sent twice.
    again = runner.invoke(args=["stats", "publish"])
    assert "0 reports issued, 0 deliveries made, 0 failed" in again.output
    assert len(Receiver.received) == 2 and len(receivers.messages) == 2
    db.session.remove()
    assert all(d.delivered_at for d in db.session.query(ReportDelivery))


def test_a_receiver_that_never_answers_is_retried_then_reported(app, catalogue):
    make_commune()
    db.session.commit()
    app.config.update(REPORT_WEBHOOKS="https://127.0.0.1:9/none|x", PUBLISH_BACKOFF=0.01,
                      PUBLISH_RETRIES=3, REPORT_EMAILS="")
    try:
        result = app.test_cli_runner().invoke(args=["stats", "publish"])
    finally:
        app.config.update(REPORT_WEBHOOKS="", PUBLISH_BACKOFF=2.0, PUBLISH_RETRIES=4)
    assert result.exit_code == 1 and "2 failed" in result.output
    db.session.remove()
    assert [d.attempts for d in db.session.query(ReportDelivery)] == [3, 3]


def test_plain_http_webhooks_are_refused_outside_loopback(app):
    from learning.reporting.publishing import InsecureURL, _check_url

    with app.app_context(), pytest.raises(InsecureURL):
        _check_url("http://reports.example.org/in")


def test_a_revised_report_shows_the_issue_beside_the_current_figures(app, catalogue, client):
    commune = make_commune()
    last_week = Period.containing(WEEK, today()).previous
    when = utcnow() - timedelta(days=7)

    def learners(n):
        for _ in range(n):
            learner = make_user(commune=commune)
            learner.created_at = when - timedelta(days=1)
            complete_course(learner, catalogue.course("vneid"), when)
        db.session.commit()

    learners(6)
    assert app.test_cli_runner().invoke(args=["stats", "publish"]).exit_code == 0
    learners(3)  # synced late, into the closed week
    assert db.session.get(PublishedReport, f"40-week-{last_week.key}").body["total"][
        "period"]["courses"] == 6
    admin = make_user(Role.ADMIN, locale="en")
    admin.commune_code = None
    sign_in(client, admin)
    html = client.get(f"/statistics/provinces/40/weekly/{last_week.key}").get_data(as_text=True)
    issued = html[html.index('id="issued"'):html.index('id="summary"')]
    assert "revised" in issued and "As issued" in issued and "+3" in issued


def test_data_exports_have_stable_keys_and_commune_officers_export_their_commune(
        app, catalogue, client):
    commune = make_commune()
    for _ in range(6):
        complete_course(make_user(commune=commune), catalogue.course("vneid"))
    officer = make_user(Role.COMMUNE_OFFICER, commune=commune, locale="fr")
    sign_in(client, officer)
    week = Period.containing(WEEK, today())
    data = client.get(f"/statistics/communes/17611/weekly/{week.key}/data.csv")
    assert data.status_code == 200
    lines = data.get_data(as_text=True).splitlines()
    assert lines[0].split(",")[:8] == ["area_kind", "area_code", "period_kind", "period_key",
                                       "period_start", "period_end", "complete", "generated_at"]
    tables = {line.split(",")[8] for line in lines[1:]}
    assert {"total", "team", "course", "method", "age", "gender"} <= tables
    assert any(",course,vneid,vneid,courses,6" in line for line in lines)
    assert all(",false," in line for line in lines[1:])  # this week is not complete
    coverage = client.get("/statistics/communes/17611/coverage.csv").get_data(as_text=True)
    assert ",17611,Xã Vân Tụ,43922,0.0,0," in coverage  # a decimal point, in French too
    assert client.get(f"/statistics/communes/16681/weekly/{week.key}/data.csv").status_code == 404
