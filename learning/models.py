"""Imports every model, so the metadata (create_all, Alembic) sees the whole schema."""

from learning.accounts.models import Consent, SignInFailure, User
from learning.audit.models import AuditEntry
from learning.catalog.models import CourseRecord, LessonRecord
from learning.claims.models import AccountClaim
from learning.counting.models import StatCounter, StatisticsProfile
from learning.events.models import EventAttendance, TeamEvent
from learning.geography.models import Commune, Province
from learning.progress.models import CourseProgress, LessonProgress, QuizAttempt
from learning.reporting.models import ApiToken
from learning.teams.models import DigitalTeam, TeamMember

__all__ = [
    "AccountClaim", "AuditEntry", "Commune", "Consent", "CourseProgress", "CourseRecord",
    "SignInFailure",
    "DigitalTeam", "EventAttendance", "LessonProgress", "LessonRecord", "Province",
    "QuizAttempt", "TeamEvent", "TeamMember", "User",
    "ApiToken", "StatCounter", "StatisticsProfile",
]
