"""Import every table so SQLModel.metadata (and Alembic) sees the whole schema."""

from channels.models import Attachment, Interaction
from feedback.models import Case, CaseEvent
from knowledge.models import Article, KnowledgeAnswer
from router.models import Citizen, Department, Identity
from web.models import User, UserDepartment

__all__ = [
    "Article",
    "Attachment",
    "Case",
    "CaseEvent",
    "Citizen",
    "Department",
    "Identity",
    "Interaction",
    "KnowledgeAnswer",
    "User",
    "UserDepartment",
]
