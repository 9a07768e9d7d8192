"""Telling the citizens who reported a problem, once an incident is answered or a proactive task is done.

A report still open is answered as its case (feedback.answers.resolution): that answer is transactional and
goes whatever the citizen chose about notices. A citizen whose reports are all closed is told by a notice of
kind "incident" or "task", addressed to exactly those citizens (a fixed segment), each at the address their
case is answered on. It goes through the outreach engine like any notice: the same pace on the `outreach`
queue, consent read again when each copy is sent, quiet hours for SMS, its report page, replies recorded
against it.

The member of staff who answers the incident or finishes the task approves the notice by doing so (no second
person): its words are the ones the open reports receive as their answer, which needs no second person
either, and its recipients are fixed to the citizens who reported this very problem, so the risk the
two-person rule guards against (a wrong text to a wide segment) is absent. docs/decisions.md records this.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import event
from sqlmodel import Session, col, select

from channels.base import Channel
from core import queues, signals
from core.clock import utcnow
from core.db import id_of
from core.runtime import current
from feedback.answers import addresses
from feedback.cases.models import Case
from feedback.outreach.models import R_QUEUED, R_SKIPPED, SENDING, Campaign, CampaignRecipient, Segment
from router.identity.models import Citizen

_WAKE = "civicline.outreach.wake"
DRAIN = "jobs.outreach.drain"


@dataclass(frozen=True)
class Told:
    """The notice written, and how many of its citizens it can reach now (an address, not opted out)."""

    notice: Campaign | None
    reachable: int


def tell(
    session: Session,
    kind: str,
    source_id: int,
    title: str,
    text: str,
    cases: Iterable[Case],
    actor: str,
    channels: Mapping[str, Channel],
) -> Told:
    """Queue one notice of `text` to the citizens of `cases`, one copy each, sending from the commit on."""
    targets: dict[int, tuple[str, str] | None] = {}
    for case in cases:
        if targets.get(case.citizen_id) is None:
            targets[case.citizen_id] = addresses.answer_address(session, case, channels)
    if not targets:
        return Told(None, 0)
    now = utcnow()
    segment = Segment(name=title[:200], criteria={"citizens": sorted(targets)}, created_by=actor)
    session.add(segment)
    session.flush()
    words = text.replace("{", "{{").replace("}", "}}")  # sent as written: an answer has no variables
    notice = Campaign(
        title=title[:200], segment_id=id_of(segment), text_zh=words, text_en=words, long_ok=True, kind=kind,
        source_id=source_id, created_by=actor, approved_by=actor, approved_at=now, status=SENDING, started_at=now,
        recipients=len(targets),
    )  # fmt: skip
    session.add(notice)
    session.flush()
    session.add_all(_recipient(id_of(notice), citizen_id, address) for citizen_id, address in sorted(targets.items()))
    session.info[_WAKE] = True
    return Told(notice, _reachable(session, targets))


def _recipient(notice_id: int, citizen_id: int, address: tuple[str, str] | None) -> CampaignRecipient:
    if address is None:
        return CampaignRecipient(campaign_id=notice_id, citizen_id=citizen_id, status=R_SKIPPED,
                                 error="no address to answer on")  # fmt: skip
    channel, urn = address
    return CampaignRecipient(campaign_id=notice_id, citizen_id=citizen_id, channel=channel, urn=urn, status=R_QUEUED)


def _reachable(session: Session, targets: dict[int, tuple[str, str] | None]) -> int:
    addressed = [citizen_id for citizen_id, address in targets.items() if address is not None]
    if not addressed:
        return 0
    query = select(Citizen.id).where(col(Citizen.id).in_(addressed), col(Citizen.opted_out_at).is_(None))
    return len(session.exec(query).all())


def notice_of(session: Session, kind: str, source_id: int) -> Campaign | None:
    """Return the notice that told the reporters of this incident or task, if one was sent."""
    query = select(Campaign).where(Campaign.kind == kind, Campaign.source_id == source_id)
    return session.exec(query.order_by(col(Campaign.id).desc())).first()


@event.listens_for(Session, "after_commit")
def _wake_sender(session: Session) -> None:
    """Ask for the outreach queue's drain once the notice's rows are committed (not before: it would find none)."""
    if session.info.pop(_WAKE, False):
        signals.request_drain(current().queue(queues.OUTREACH), DRAIN)
