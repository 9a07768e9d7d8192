"""Import every table so SQLModel.metadata (and Alembic) sees the whole schema."""

from channels.models import Attachment, Interaction
from feedback.models import Case, CaseEvent
from router.models import Citizen, CitizenMerge, Department, Identity
from web.models import User, UserDepartment

__all__ = [
    "Attachment",
    "Case",
    "CaseEvent",
    "Citizen",
    "CitizenMerge",
    "Department",
    "Identity",
    "Interaction",
    "User",
    "UserDepartment",
]
