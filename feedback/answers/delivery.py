"""Make sure an answer reaches the citizen, and note when it has.

A message that fails for good tries the citizen's other channels in turn (in
`channels.registry.fallback_order`: Telegram, then SMS, then email); when none
works, the case is flagged "could not reach the citizen" so an agent phones
them. An answer a provider reports delivered marks the case answered; on
Telegram and email, where acceptance is the only receipt, acceptance counts, and
a bounce that comes later takes the mark back and tries the next address.

Every attempt is its own outbound interaction with its own status; each
fallback row remembers the original message and every address tried so far
(in its payload), so a chain of failures never tries an address twice. Reports
reach us on webhooks and in mail; `channels.intake.take` leaves the row waiting
for its follow-up and the outbound worker calls `follow_up`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlmodel import Session, col, select

from channels import registry
from channels.base import Channel
from channels.models import ANSWER, DELIVERED, OUTBOUND, UNDELIVERABLE, Interaction
from core.clock import utcnow
from core.db import id_of
from feedback.answers import addresses
from feedback.answers.outbox import queue_message
from feedback.cases import events
from feedback.cases.models import Case
from feedback.cases.statuses import FINISHED_STATUSES
from router.identity.models import Identity

log = logging.getLogger(__name__)
FELL_BACK = "fell_back"  # set in a failed message's payload once its fallback has been handled
FOLLOW_UP_BATCH = 200


def follow_up(session: Session, channels: Mapping[str, Channel], limit: int = FOLLOW_UP_BATCH) -> int:
    """Act on delivery reports waiting for it: fall back for failures, mark delivered answers; return how many."""
    waiting = session.exec(
        select(Interaction)
        .where(Interaction.direction == OUTBOUND, col(Interaction.status).in_((DELIVERED, UNDELIVERABLE)))
        .where(col(Interaction.next_attempt_at).is_not(None), col(Interaction.next_attempt_at) <= utcnow())
        .order_by(col(Interaction.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for message in waiting:
        message.next_attempt_at = None
        session.add(message)
        if message.status == UNDELIVERABLE:
            fall_back(session, channels, [id_of(message)])
        else:
            mark_delivered(session, message)
    return len(waiting)


def mark_delivered(session: Session, message: Interaction) -> None:
    """Record on the case that its answer reached the citizen (when the provider confirms delivery)."""
    case = session.get(Case, message.case_id) if message.case_id else None
    if case is None or message.purpose != ANSWER:
        return
    latest = session.exec(
        select(Interaction.id)
        .where(Interaction.case_id == case.id, Interaction.purpose == ANSWER)
        .order_by(col(Interaction.id).desc())
    ).first()
    if case.status not in FINISHED_STATUSES or latest != message.id:
        return  # an answer to an earlier round of a reopened case
    case.answered_at = message.delivered_at or utcnow()
    session.add(case)
    events.record(session, id_of(case), "answer_delivered", interaction_id=message.id, channel=message.channel)


def fall_back(session: Session, channels: Mapping[str, Channel], interaction_ids: list[int]) -> list[Interaction]:
    """For each message that failed for good, queue it on the citizen's next channel or flag its case (once)."""
    queued = []
    for interaction_id in interaction_ids:
        # Locked, so a repeated failure report handled at the same moment waits and then sees FELL_BACK.
        failed = session.get(Interaction, interaction_id, with_for_update=True, populate_existing=True)
        if failed is None or failed.status != UNDELIVERABLE or failed.citizen_id is None:
            continue
        if failed.payload.get(FELL_BACK):
            continue  # a provider repeating its failure report must not send the reply twice more
        failed.payload = {**failed.payload, FELL_BACK: True}
        session.add(failed)
        _answer_bounced(session, failed)
        retry = _retry_elsewhere(session, channels, failed)
        if retry is not None:
            queued.append(retry)
    return queued


def _answer_bounced(session: Session, failed: Interaction) -> None:
    # An email answer counted as delivered when the server took it; a bounce after that means it never arrived.
    case = session.get(Case, failed.case_id) if failed.case_id else None
    if case is None or failed.purpose != ANSWER or failed.delivered_at is None or case.answered_at is None:
        return
    case.answered_at = None
    session.add(case)
    events.record(session, id_of(case), "answer_bounced", interaction_id=failed.id, channel=failed.channel)


def next_address(
    session: Session, channels: Mapping[str, Channel], citizen_id: int, tried: list[str]
) -> tuple[str, str] | None:
    """Return (channel kind, URN) of the citizen's first untried address on a channel that is on, if any."""
    identities = session.exec(
        select(Identity).where(Identity.citizen_id == citizen_id).order_by(col(Identity.id))
    ).all()
    order = registry.fallback_order()
    preferred = addresses.preferred_address(session, citizen_id, channels)
    if preferred is not None:  # the citizen's own choice goes before the usual order
        order.sort(key=lambda pair: pair[1] != preferred[0])
    for scheme, kind in order:
        channel = registry.get(channels, kind)
        if channel is None or not channel.enabled:
            continue
        for identity in identities:
            if identity.scheme == scheme and _key(kind, identity.urn) not in tried:
                return kind, identity.urn
    return None


def mark_unreachable(session: Session, case: Case, failed: Interaction | None, tried: list[str]) -> None:
    """Flag the case "could not reach the citizen" (once) and leave an event saying what was tried."""
    if case.unreachable:
        return
    case.unreachable = True
    session.add(case)
    events.record(session, id_of(case), "unreachable", interaction_id=failed.id if failed else None, tried=tried)
    log.warning("case %s: could not reach the citizen on %s", case.reference, ", ".join(tried) or "any channel")


def _retry_elsewhere(session: Session, channels: Mapping[str, Channel], failed: Interaction) -> Interaction | None:
    tried = list(failed.payload.get("tried") or [_key(failed.channel, failed.urn)])
    assert failed.citizen_id is not None  # fall_back retries only messages to a known citizen
    address = next_address(session, channels, failed.citizen_id, tried)
    if address is None:
        case = session.get(Case, failed.case_id) if failed.case_id else None
        if case is not None:
            mark_unreachable(session, case, failed, tried)
        return None
    kind, urn = address
    case = session.get(Case, failed.case_id) if failed.case_id else None
    retry = queue_message(session, urn, kind, failed.text, failed.purpose, failed.citizen_id, case)
    retry.payload = {"fallback_of": failed.payload.get("fallback_of", failed.id), "tried": [*tried, _key(kind, urn)]}
    return retry


def _key(kind: str, urn: str) -> str:
    return f"{kind} {urn}"
