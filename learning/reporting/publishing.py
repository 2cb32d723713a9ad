"""Publishing: each province's weekly and monthly reports are issued when their period closes
(``flask stats publish``, run by a timer: docs/statistics.md), stored as issued
(``PublishedReport``), and delivered once to every configured receiver (``ReportDelivery``):

- an HTTPS webhook: the report's JSON POSTed with ``X-Report-Id`` (also ``Idempotency-Key``)
  and ``X-Signature: sha256=<HMAC-SHA256 of the body with the receiver's secret>``, retried with
  exponential back-off; plain http only to a loopback address when allowed (tests);
- e-mail through SMTP (smtplib), the report attached as JSON and as CSV data.

Settings: ``REPORT_WEBHOOKS`` ("url|secret" separated by spaces, or a list of
{"url", "secret"}), ``REPORT_EMAILS`` (addresses, comma-separated), ``SMTP_HOST``, ``SMTP_PORT``,
``SMTP_FROM``, ``SMTP_USER``/``SMTP_PASSWORD`` (STARTTLS when set), ``PUBLISH_RETRIES`` (default
4), ``PUBLISH_BACKOFF`` (seconds before the first retry, doubled each time; default 2).
"""

import hashlib
import hmac
import ipaddress
import json
import logging
import smtplib
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select

from learning.accounts.models import utcnow
from learning.counting.definitions import MONTH, WEEK, Period
from learning.extensions import db
from learning.geography.models import Commune, Province
from learning.reporting.areas import PROVINCE, Area
from learning.reporting.exports import report_json
from learning.reporting.feed import report_data_csv
from learning.reporting.models import PublishedReport, ReportDelivery
from learning.reporting.queries import CounterSource
from learning.reporting.reports import report
from learning.text import collation

log = logging.getLogger(__name__)
KIND_NAMES = {WEEK: "week", MONTH: "month"}


@dataclass(frozen=True)
class Receiver:
    kind: str  # "webhook" or "email"
    address: str  # the URL or the e-mail address
    secret: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.address}"[:200]


def receivers() -> list[Receiver]:
    config = current_app.config
    hooks = config.get("REPORT_WEBHOOKS") or ""
    found: list[Receiver] = []
    if isinstance(hooks, str):
        for item in hooks.split():
            url, _, secret = item.partition("|")
            found.append(Receiver("webhook", url, secret))
    else:
        found += [Receiver("webhook", h["url"], h.get("secret", "")) for h in hooks]
    emails = config.get("REPORT_EMAILS") or ""
    if isinstance(emails, str):
        emails = [e for e in (x.strip() for x in emails.split(",")) if e]
    found += [Receiver("email", address) for address in emails]
    return found


def report_id(area_code: str, period: Period) -> str:
    return f"{area_code}-{KIND_NAMES[period.kind]}-{period.key}"


def province_area_for_publishing(province: Province) -> Area:
    """The whole province (no user: the system publishes; small counts are suppressed in the
    JSON and CSV as in every export)."""
    communes = list(db.session.scalars(select(Commune).where(
        Commune.province_code == province.code).order_by(Commune.name.collate(collation()))))
    return Area(PROVINCE, province.code, province.name, province.full_name, province.code,
                communes)


def closed_periods(day: date) -> list[Period]:
    """The periods whose reports are due: the last complete week and month."""
    return [Period.containing(WEEK, day).previous, Period.containing(MONTH, day).previous]


def publish_due(day: date) -> list[PublishedReport]:
    """Issue (once) the reports of the periods just closed, for every province with communes;
    returns the reports newly issued."""
    issued = []
    provinces = db.session.scalars(select(Province).where(
        Province.code.in_(select(Commune.province_code)))).all()
    for province in provinces:
        area = province_area_for_publishing(province)
        for period in closed_periods(day):
            identifier = report_id(province.code, period)
            if db.session.get(PublishedReport, identifier) is not None:
                continue
            the_report = report(CounterSource(), area, period, day, _course_names())
            body = report_json(the_report, _course_slugs())
            body["report_id"] = identifier
            published = PublishedReport(id=identifier, area_kind=PROVINCE,
                                        area_code=province.code, period_kind=period.kind,
                                        period_key=period.key, body=body)
            db.session.add(published)
            for receiver in receivers():
                db.session.add(ReportDelivery(report_id=identifier, receiver=receiver.key))
            issued.append(published)
    db.session.flush()
    return issued


def deliver_pending() -> tuple[int, int]:
    """Deliver every published report not yet received; returns (delivered, failed)."""
    configured = {r.key: r for r in receivers()}
    delivered = failed = 0
    pending = db.session.scalars(select(ReportDelivery).where(
        ReportDelivery.delivered_at.is_(None)).order_by(ReportDelivery.id)).all()
    for delivery in pending:
        receiver = configured.get(delivery.receiver)
        if receiver is None:
            continue  # a receiver no longer configured
        published = db.session.get(PublishedReport, delivery.report_id)
        try:
            attempts = send(receiver, published)
        except DeliveryError as error:
            delivery.attempts += error.attempts
            delivery.last_error = str(error)[:300]
            failed += 1
            log.warning("report %s to %s not delivered: %s", published.id, receiver.key, error)
        else:
            delivery.attempts += attempts
            delivery.delivered_at, delivery.last_error = utcnow(), None
            delivered += 1
            log.info("report %s delivered to %s", published.id, receiver.key)
        db.session.commit()  # what was delivered is never sent again, even if a later one fails
    return delivered, failed


class DeliveryError(RuntimeError):
    def __init__(self, message: str, attempts: int) -> None:
        super().__init__(message)
        self.attempts = attempts


def send(receiver: Receiver, published: PublishedReport) -> int:
    """Send with retries and exponential back-off; returns the attempts it took."""
    tries = int(current_app.config.get("PUBLISH_RETRIES", 4))
    wait = float(current_app.config.get("PUBLISH_BACKOFF", 2.0))
    last = ""
    for attempt in range(1, tries + 1):
        try:
            (post_webhook if receiver.kind == "webhook" else send_email)(receiver, published)
            return attempt
        except (OSError, smtplib.SMTPException, urllib.error.URLError, ValueError) as error:
            last = f"{type(error).__name__}: {error}"
            if isinstance(error, InsecureURL) or attempt == tries:
                break
            time.sleep(wait * 2 ** (attempt - 1))
    raise DeliveryError(last, attempt)


class InsecureURL(ValueError):
    pass


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    loopback = False
    try:
        loopback = ipaddress.ip_address(parts.hostname or "").is_loopback
    except ValueError:
        loopback = parts.hostname == "localhost"
    allowed = current_app.config.get("WEBHOOK_ALLOW_HTTP_LOOPBACK")
    if parts.scheme == "http" and loopback and allowed:
        return
    raise InsecureURL(f"webhooks must use https: {url}")


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_webhook(receiver: Receiver, published: PublishedReport) -> None:
    _check_url(receiver.address)
    body = json.dumps(published.body, ensure_ascii=False, sort_keys=True).encode("utf-8")
    request = urllib.request.Request(receiver.address, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "X-Report-Id": published.id,
        "Idempotency-Key": published.id, "X-Signature": signature(receiver.secret, body),
        "User-Agent": "binh-dan-hoc-vu-so-publisher/1"})
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (checked above)
        if not 200 <= response.status < 300:
            raise OSError(f"HTTP {response.status}")


def send_email(receiver: Receiver, published: PublishedReport) -> None:
    config = current_app.config
    body = published.body
    message = EmailMessage()
    message["Subject"] = f"{body['area']['name']} — {KIND_NAMES[published.period_kind]} " \
                         f"{published.period_key} ({published.id})"
    message["From"] = config.get("SMTP_FROM", "reports@localhost")
    message["To"] = receiver.address
    message["Message-ID"] = make_msgid(idstring=published.id)
    message["X-Report-Id"] = published.id
    message.set_content(
        f"{body['area']['name']}: report {published.period_key} "
        f"({body['period']['start']} – {body['period']['end']}), issued "
        f"{published.issued_at.isoformat(timespec='seconds')}Z.\n"
        "Attached: the report as JSON (the statistics API's format) and as CSV data.\n")
    data = json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")
    message.add_attachment(data, maintype="application", subtype="json",
                           filename=f"{published.id}.json")
    message.add_attachment(report_data_csv_from_json(body), maintype="text", subtype="csv",
                           filename=f"{published.id}.csv")
    with smtplib.SMTP(config.get("SMTP_HOST", "127.0.0.1"), int(config.get("SMTP_PORT", 25)),
                      timeout=20) as smtp:
        if config.get("SMTP_USER"):
            smtp.starttls()
            smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD", ""))
        smtp.send_message(message)


def report_data_csv_from_json(body: dict) -> bytes:
    return report_data_csv(body)


def _course_names() -> dict[int, str]:
    from learning.catalog.records import current_catalogue, record_ids

    ids = record_ids().courses
    return {ids[c.id]: c.id for c in current_catalogue().courses if c.id in ids}


def _course_slugs() -> dict[int, str]:
    from learning.catalog.records import record_ids

    return {course_id: slug for slug, course_id in record_ids().courses.items()}
