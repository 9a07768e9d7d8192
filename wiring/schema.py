"""Import every table so SQLModel.metadata (and Alembic) sees the whole schema."""

from channels.models import Attachment, Interaction
from feedback.canned import CannedResponse
from feedback.lifecycle_models import (
    ApiKey,
    CaseClock,
    Holiday,
    SlaBreach,
    SlaExtension,
    SlaPolicy,
    StaffNotification,
    SurveyResponse,
    WorkingCalendar,
)
from feedback.models import Case, CaseEvent
from feedback.rollup import CaseRollup, RollupState
from knowledge.models import Article, KnowledgeAnswer
from router.models import Citizen, CitizenMerge, Identity
from staff.models import Department, User, UserDepartment

__all__ = [
    "ApiKey",
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
