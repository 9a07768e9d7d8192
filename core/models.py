"""Import every table so SQLModel.metadata (and Alembic) sees the whole schema."""

from channels.models import Attachment, Interaction
from feedback.models import Case, CaseEvent
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
from router.models import Citizen, Department, Identity
from web.models import User, UserDepartment

__all__ = [
    "ApiKey",
    "CaseClock",
    "Holiday",
    "SlaBreach",
    "SlaExtension",
    "SlaPolicy",
    "StaffNotification",
    "SurveyResponse",
    "WorkingCalendar",
    "Attachment",
    "Case",
    "CaseEvent",
    "Citizen",
    "Department",
    "Identity",
    "Interaction",
    "User",
    "UserDepartment",
]
