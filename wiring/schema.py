"""Import every table so SQLModel.metadata (and Alembic) sees the whole schema."""

from channels.models import Attachment, Interaction
from core.blobs.models import Blob, BlobChunk
from feedback.callbacks.models import CallbackAttempt, CallbackRequest
from feedback.cases.canned import CannedResponse
from feedback.cases.models import Case, CaseEvent, NotificationRead, StaffNotification
from feedback.incidents.models import CaseFingerprint, Incident, SurgeAlert
from feedback.metrics.rollup import CaseRollup, RollupState
from feedback.outreach.models import Campaign, CampaignRecipient, CitizenTag, ConsentEvent, PollAnswer, Segment
from feedback.privacy.models import PrivacyAction
from feedback.sla.models import CaseClock, Holiday, SlaBreach, SlaExtension, SlaPolicy, WorkingCalendar
from feedback.surveys.models import SurveyResponse
from knowledge.models import Article, KnowledgeAnswer
from router.archive.models import ArchivedTicket
from router.identity.models import Citizen, CitizenMerge, Identity
from router.model.models import ModelVersion
from staff.models import Department, User, UserDepartment
from web.open311.models import ApiKey

__all__ = [
    "ApiKey",
    "ArchivedTicket",
    "Article",
    "Attachment",
    "Blob",
    "BlobChunk",
    "CallbackAttempt",
    "CallbackRequest",
    "Campaign",
    "CampaignRecipient",
    "CannedResponse",
    "Case",
    "CaseClock",
    "CaseEvent",
    "CaseFingerprint",
    "CaseRollup",
    "Citizen",
    "CitizenMerge",
    "CitizenTag",
    "ConsentEvent",
    "Department",
    "Holiday",
    "Identity",
    "Incident",
    "Interaction",
    "KnowledgeAnswer",
    "ModelVersion",
    "NotificationRead",
    "PollAnswer",
    "PrivacyAction",
    "RollupState",
    "Segment",
    "SlaBreach",
    "SlaExtension",
    "SlaPolicy",
    "StaffNotification",
    "SurgeAlert",
    "SurveyResponse",
    "User",
    "UserDepartment",
    "WorkingCalendar",
]
