"""Import every table so SQLModel.metadata (and Alembic) sees the whole schema."""

from channels.models import Attachment, Interaction
from feedback.cases.canned import CannedResponse
from feedback.cases.models import Case, CaseEvent, NotificationRead, StaffNotification
from feedback.metrics.rollup import CaseRollup, RollupState
from feedback.sla.models import CaseClock, Holiday, SlaBreach, SlaExtension, SlaPolicy, WorkingCalendar
from feedback.surveys.models import SurveyResponse
from knowledge.models import Article, KnowledgeAnswer
from router.archive.models import ArchivedTicket
from router.identity.models import Citizen, CitizenMerge, Identity
from staff.models import Department, User, UserDepartment
from web.open311.models import ApiKey

__all__ = [
    "ApiKey",
    "ArchivedTicket",
    "Article",
    "Attachment",
    "CannedResponse",
    "Case",
    "CaseClock",
    "CaseEvent",
    "CaseRollup",
    "Citizen",
    "CitizenMerge",
    "Department",
    "Holiday",
    "Identity",
    "Interaction",
    "KnowledgeAnswer",
    "NotificationRead",
    "RollupState",
    "SlaBreach",
    "SlaExtension",
    "SlaPolicy",
    "StaffNotification",
    "SurveyResponse",
    "User",
    "UserDepartment",
    "WorkingCalendar",
]
