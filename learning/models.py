"""Imports every model, so the metadata (create_all, Alembic) sees the whole schema."""

from learning.accounts.models import AccountSession, AttemptCounter, Consent, User
from learning.audit.models import AuditEntry
from learning.catalog.models import CourseRecord, LessonRecord
from learning.certificates.models import Certificate
from learning.claims.models import AccountClaim
from learning.counting.models import StatCounter, StatisticsProfile
from learning.events.models import EventAttendance, TeamEvent
from learning.geography.models import Commune, Province
from learning.help.models import CommuneHelp
from learning.progress.models import CompletionHold, CourseProgress, LessonProgress, QuizAttempt
from learning.recovery.models import RecoveryCode
from learning.reporting.models import ApiToken, PublishedReport, ReportDelivery
from learning.teams.models import DigitalTeam, TeamMember

__all__ = [
    "AccountClaim", "AuditEntry", "Commune", "Consent", "CourseProgress", "CourseRecord",
    "AccountSession", "AttemptCounter",
    "DigitalTeam", "EventAttendance", "LessonProgress", "LessonRecord", "Province",
    "QuizAttempt", "TeamEvent", "TeamMember", "User",
    "ApiToken", "PublishedReport", "ReportDelivery", "StatCounter", "StatisticsProfile",
    "Certificate", "CommuneHelp", "RecoveryCode",  # issue 11
    "CompletionHold",  # issue 13
]
