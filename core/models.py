"""Import every table so SQLModel.metadata (and Alembic) sees the whole schema."""

from channels.models import Attachment, Interaction
from feedback.canned import CannedResponse
from feedback.models import Case, CaseEvent
from feedback.rollup import CaseRollup, RollupState
from knowledge.models import Article, KnowledgeAnswer
from router.models import Citizen, Department, Identity
from web.models import User, UserDepartment

__all__ = [
    "Article",
    "Attachment",
    "CannedResponse",
    "Case",
    "CaseEvent",
    "CaseRollup",
    "Citizen",
    "Department",
    "Identity",
    "Interaction",
    "KnowledgeAnswer",
    "RollupState",
    "User",
    "UserDepartment",
]
