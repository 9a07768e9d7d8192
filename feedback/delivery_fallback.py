"""Make sure an answer reaches the citizen: send it where they last wrote or called from, and when that fails
for good, try their other channels in turn (Telegram, then SMS, then email); when none works, flag the case
"could not reach the citizen" so an agent phones them.

Every attempt is its own outbound interaction with its own status; each
fallback row remembers the original message and every address tried so far
(in its payload), so a chain of failures never tries an address twice.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlmodel import Session, col, select

from channels.base import Channel, StatusChanged
from channels.delivery import find_reported
from channels.models import INBOUND, UNDELIVERABLE, Interaction
from channels.registry import reply_channel
from core.runtime import Runtime
from feedback import events
from feedback.models import Case
from feedback.replies import queue_message
from router.models import Identity

log = logging.getLogger(__name__)

# The order channels are tried in, by the scheme of the citizen's identities, and the channel for each.
FALLBACK_ORDER = (("telegram", "telegram"), ("tel", "sms"), ("mailto", "email"))
FELL_BACK = "fell_back"  # set in a failed message's payload once its fallback has been handled


def reply_to_case(
    session: Session, channels: Mapping[str, Channel], case: Case, text: str, purpose: str
) -> Interaction | None:
    """Queue a reply on the channel of the citizen's latest contact for this case (or their first reachable one)."""
    latest = session.exec(
        select(Interaction)
        .where(Interaction.case_id == case.id, Interaction.direction == INBOUND)
        .order_by(col(Interaction.created_at).desc(), col(Interaction.id).desc())
    ).first()
    if latest is not None:
        kind = reply_channel(latest.channel)
        return queue_message(session, latest.urn, kind, text, purpose, case.citizen_id, case)
    address = next_address(session, channels, case.citizen_id, tried=[])
    if address is None:
        mark_unreachable(session, case, None, [])
        return None
    return queue_message(session, address[1], address[0], text, purpose, case.citizen_id, case)


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
        retry = _retry_elsewhere(session, channels, failed)
        if retry is not None:
            queued.append(retry)
    return queued


def after_report(runtime: Runtime, kind: str, change: StatusChanged) -> bool:
    """Fall back for a message the provider reported undelivered after accepting it; tell if a retry was queued."""
    with runtime.session() as session:
        failed = find_reported(session, kind, change)
        return failed is not None and bool(fall_back(session, runtime.channels, [failed.id]))  # type: ignore[list-item]


def next_address(
    session: Session, channels: Mapping[str, Channel], citizen_id: int, tried: list[str]
) -> tuple[str, str] | None:
    """Return (channel kind, URN) of the citizen's first untried address on a channel that is on, if any."""
    identities = session.exec(
        select(Identity).where(Identity.citizen_id == citizen_id).order_by(col(Identity.id))
    ).all()
    for scheme, kind in FALLBACK_ORDER:
        channel = channels.get(kind)
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
    events.record(session, case.id, "unreachable", interaction_id=failed.id if failed else None, tried=tried)
    log.warning("case %s: could not reach the citizen on %s", case.reference, ", ".join(tried) or "any channel")


def _retry_elsewhere(session: Session, channels: Mapping[str, Channel], failed: Interaction) -> Interaction | None:
    tried = list(failed.payload.get("tried") or [_key(failed.channel, failed.urn)])
    address = next_address(session, channels, failed.citizen_id, tried)  # type: ignore[arg-type]
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
