"""Import every table so SQLModel.metadata (and Alembic) sees the whole schema."""

from channels.models import Attachment, Interaction
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
from router.models import Citizen, Department, Identity
from web.models import User, UserDepartment

__all__ = [
    "ApiKey",
    "Attachment",
    "Case",
    "CaseClock",
    "CaseEvent",
    "Citizen",
    "Department",
    "Holiday",
    "Identity",
    "Interaction",
    "SlaBreach",
    "SlaExtension",
    "SlaPolicy",
    "StaffNotification",
    "SurveyResponse",
    "User",
    "UserDepartment",
    "WorkingCalendar",
]
