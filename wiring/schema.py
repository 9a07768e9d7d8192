"""Import every table so SQLModel.metadata (and Alembic) sees the whole schema."""

from channels.models import Attachment, Interaction
from core.blobs.models import Blob, BlobChunk
from feedback.callbacks.models import CallbackAttempt, CallbackRequest
from feedback.calls.models import AgentLine, CallOffer, LiveCall
from feedback.cases import search_index  # noqa: F401  (the listener that keeps the search index up to date)
from feedback.cases.canned import CannedResponse
from feedback.cases.models import Case, CaseEvent, NotificationRead, StaffNotification
from feedback.collaboration.models import AssistTask, CaseOwner, CaseReturn, SupervisionNotice
from feedback.incidents.models import CaseFingerprint, Incident, ReportKey, SurgeAlert
from feedback.metrics.rollup import CaseRollup, RollupState
from feedback.outreach.models import (
    Campaign,
    CampaignRecipient,
    CitizenTag,
    CitizenTagEvent,
    ConsentEvent,
    PollAnswer,
    PollComment,
    Segment,
)
from feedback.privacy.models import PrivacyAction
from feedback.proactive.models import ProactiveTask, ProactiveTaskCase, ProactiveTaskEvent
from feedback.seasons.models import SeasonForecast
from feedback.sla.models import CaseClock, Holiday, SlaBreach, SlaExtension, SlaPolicy, WorkingCalendar
from feedback.surveys.models import SurveyResponse
from knowledge.models import Article, KnowledgeAnswer
from router.archive.models import ArchivedTicket
from router.identity.models import Citizen, CitizenMerge, Identity
from router.model.models import ModelVersion
from staff.models import Department, User, UserDepartment
from web.open311.models import ApiKey

# Tables the migrations make by hand, which no model describes: the case search index (an FTS5 virtual
# table and its shadow tables on SQLite, a tsvector table on PostgreSQL; feedback.cases.search_index).
UNMODELLED = ("case_search",)


def include_name(name: str | None, type_: str, _parents: dict) -> bool:
    """Tell Alembic's comparison which database objects the models describe."""
    return not (type_ == "table" and name and name.startswith(UNMODELLED))


__all__ = [
    "AgentLine",
    "ApiKey",
    "ArchivedTicket",
    "Article",
    "AssistTask",
    "Attachment",
    "Blob",
    "BlobChunk",
    "CallOffer",
    "CallbackAttempt",
    "CallbackRequest",
    "Campaign",
    "CampaignRecipient",
    "CannedResponse",
    "Case",
    "CaseClock",
    "CaseEvent",
    "CaseFingerprint",
    "CaseOwner",
    "CaseReturn",
    "CaseRollup",
    "Citizen",
    "CitizenMerge",
    "CitizenTag",
    "CitizenTagEvent",
    "ConsentEvent",
    "Department",
    "Holiday",
    "Identity",
    "Incident",
    "Interaction",
    "KnowledgeAnswer",
    "LiveCall",
    "ModelVersion",
    "NotificationRead",
    "PollAnswer",
    "PollComment",
    "PrivacyAction",
    "ProactiveTask",
    "ProactiveTaskCase",
    "ProactiveTaskEvent",
    "ReportKey",
    "RollupState",
    "SeasonForecast",
    "Segment",
    "SlaBreach",
    "SlaExtension",
    "SlaPolicy",
    "StaffNotification",
    "SupervisionNotice",
    "SurgeAlert",
    "SurveyResponse",
    "User",
    "UserDepartment",
    "WorkingCalendar",
]
