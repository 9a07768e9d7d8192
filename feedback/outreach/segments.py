"""Segments: saved queries over citizens, turned into one SQL query for a count, a preview or the recipients.

Criteria (every one optional, all must hold):
county / township / village / language / age_group / occupation — equal to the value;
channels — reachable on at least one of these channel kinds (an address of its scheme);
tags — carries every one of these tags;
department + days — reported to that department in the last N days (topic: words in the report's summary);
incident — reported a case linked to that incident;
citizens — exactly these citizens (a notice to the reporters of an incident or a task; never from a form).
Merged and erased records are never in a segment; opted-out citizens are (they are counted apart).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, exists, func, select
from sqlalchemy.sql import Select
from sqlmodel import Session

from core.clock import utcnow
from core.db import table_of
from core.refusal import Refusal
from feedback.cases.models import Case
from feedback.incidents.models import CaseFingerprint
from feedback.outreach.models import CitizenTag
from router.identity.models import Citizen, Identity

PROFILE = ("county", "township", "village", "language", "age_group", "occupation")
SCHEMES = {"sms": "tel", "voice": "tel", "telegram": "telegram", "email": "mailto"}
MAX_DAYS = 3650


class SegmentRefused(Refusal):
    """A segment that cannot be saved or used as given."""


def clean(raw: dict) -> dict:
    """Return criteria with blanks dropped and values checked; raise SegmentRefused for a bad one."""
    criteria: dict = {}
    for key in PROFILE:
        value = str(raw.get(key) or "").strip()
        if value:
            criteria[key] = value[:100]
    channels = [c for c in _listed(raw.get("channels")) if c]
    unknown = [c for c in channels if c not in SCHEMES]
    if unknown:
        raise SegmentRefused("unknown channel %(channel)s", channel=unknown[0])
    if channels:
        criteria["channels"] = sorted(set(channels))
    tags = sorted({t.strip().lower()[:64] for t in _listed(raw.get("tags")) if t.strip()})
    if tags:
        criteria["tags"] = tags
    for key in ("department", "days", "incident"):
        value = str(raw.get(key) or "").strip()
        if value:
            if not value.isdigit():
                raise SegmentRefused("%(field)s must be a whole number", field=key)
            criteria[key] = int(value)
    if "days" in criteria and not 1 <= criteria["days"] <= MAX_DAYS:
        raise SegmentRefused("the number of days must be between 1 and %(most)d", most=MAX_DAYS)
    if "department" in criteria or raw.get("topic"):
        criteria.setdefault("days", 30)
    topic = str(raw.get("topic") or "").strip()
    if topic:
        criteria["topic"] = topic[:100]
    return criteria


def is_fixed(criteria: dict) -> bool:
    """Tell whether a segment names its citizens (made for the reporters of an incident or task, not chosen)."""
    return "citizens" in criteria


def _listed(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.replace("，", ",").split(",")]
    return [str(part).strip() for part in value]


def citizen_ids(criteria: dict) -> Select:
    """Return a query of the ids of the citizens the criteria describe."""
    citizens = table_of(Citizen)
    query = select(citizens.c.id).where(citizens.c.merged_into_id.is_(None), citizens.c.erased_at.is_(None))
    for key in PROFILE:
        if key in criteria:
            query = query.where(citizens.c[key] == criteria[key])
    if "citizens" in criteria:
        query = query.where(citizens.c.id.in_([int(c) for c in criteria["citizens"]]))
    if criteria.get("channels"):
        identities = table_of(Identity)
        schemes = sorted({SCHEMES[c] for c in criteria["channels"]})
        query = query.where(exists().where(identities.c.citizen_id == citizens.c.id, identities.c.scheme.in_(schemes)))
    for tag in criteria.get("tags", ()):
        tags = table_of(CitizenTag)
        query = query.where(exists().where(tags.c.citizen_id == citizens.c.id, tags.c.tag == tag))
    if "department" in criteria or "topic" in criteria:
        query = query.where(_reported(criteria, citizens))
    if "incident" in criteria:
        cases, prints = table_of(Case), table_of(CaseFingerprint)
        linked = and_(cases.c.citizen_id == citizens.c.id, prints.c.case_id == cases.c.id)
        query = query.where(exists().where(linked, prints.c.incident_id == criteria["incident"]))
    return query


def _reported(criteria: dict, citizens):
    cases = table_of(Case)
    since = utcnow() - timedelta(days=criteria.get("days", 30))
    condition = and_(cases.c.citizen_id == citizens.c.id, cases.c.opened_at >= since)
    if "department" in criteria:
        condition = and_(condition, cases.c.department_id == criteria["department"])
    if "topic" in criteria:
        condition = and_(condition, cases.c.summary.contains(criteria["topic"], autoescape=True))
    return exists().where(condition)


def count(session: Session, criteria: dict) -> dict[str, int]:
    """Return how many citizens the criteria describe, and how many of them have opted out."""
    ids = citizen_ids(criteria).subquery()
    citizens = table_of(Citizen)
    total = session.execute(select(func.count()).select_from(ids)).scalar_one()
    opted_out = session.execute(
        select(func.count())
        .select_from(citizens)
        .where(citizens.c.id.in_(select(ids.c.id)), citizens.c.opted_out_at.is_not(None))
    ).scalar_one()
    return {"citizens": total, "opted_out": opted_out, "reachable": total - opted_out}
