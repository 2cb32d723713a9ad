"""Revisions in the open: a published report is kept as first issued; its page shows the current
figures beside the issued ones, with the difference and a "revised" mark (late offline syncs,
moves and deletions change closed periods)."""

from dataclasses import dataclass
from datetime import datetime

from learning.counting.definitions import MEASURE_NAMES
from learning.extensions import db
from learning.reporting.exports import report_json
from learning.reporting.models import PublishedReport
from learning.reporting.publishing import KIND_NAMES, report_id
from learning.reporting.reports import Report


@dataclass
class Revised:
    measure: str
    issued: object  # as issued: a count, "<5" or a ratio
    current: object
    difference: int | None  # None when either side is suppressed

    @property
    def revised(self) -> bool:
        return self.issued != self.current


@dataclass
class Revision:
    report_id: str
    issued_at: datetime
    lines: list[Revised]

    @property
    def revised(self) -> bool:
        return any(line.revised for line in self.lines)


def revision_of(report: Report, slugs: dict[int, str]) -> Revision | None:
    """The report as issued beside the current figures (None: never published; quarters and
    years are not published)."""
    if report.period.kind not in KIND_NAMES:
        return None
    identifier = report_id(report.area.code, report.period)
    published = db.session.get(PublishedReport, identifier)
    if published is None or published.area_kind != report.area.kind:
        return None
    now = report_json(report, slugs)["total"]
    issued = published.body["total"]
    lines = []
    for name in (*MEASURE_NAMES, "core_to_date"):
        before = issued["period"].get(name) if name in MEASURE_NAMES else issued.get(name)
        current = now["period"].get(name) if name in MEASURE_NAMES else now.get(name)
        difference = current - before if isinstance(current, int) and isinstance(
            before, int) else None
        lines.append(Revised(name, before, current, difference))
    return Revision(identifier, published.issued_at, lines)
