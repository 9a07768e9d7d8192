"""An inbound step: a reply joins the case it answers, found by the messages it cites or a reference it quotes.

Mail carries the ids of the messages it replies to (In-Reply-To, References)
and usually our subject tag with the case reference; a text may quote the
reference ("730590593 路灯还是不亮"). Each leads back to a case; it is joined
only while open and only when it is the same citizen's, so a
reference copied from someone else's mail opens nothing of theirs to a stranger.
"""

from __future__ import annotations

import logging
import re

from sqlmodel import Session, col, select

from channels.models import Interaction
from feedback.cases import lifecycle, opening
from feedback.cases.models import Case
from feedback.cases.reference import is_valid
from feedback.cases.statuses import OPEN_STATUSES, WAITING_ON_CITIZEN
from feedback.intake.context import InboundContext

log = logging.getLogger(__name__)
_REFERENCE = re.compile(r"(?<!\d)\d{9}(?!\d)")


def join_referenced_case(ctx: InboundContext) -> bool:
    """Attach a reply to the open case it answers and acknowledge it; leave other contacts to later steps."""
    case = (
        case_from_thread(ctx.session, ctx.contact)
        or case_from_subject(ctx.session, ctx.contact)
        or _case_quoted(ctx.session, ctx.contact.text)
    )
    if case is None:
        return False
    if case.citizen_id != ctx.citizen.id:
        log.warning("contact %s cites case %s of another citizen; not joined", ctx.contact.id, case.reference)
        return False
    if case.status not in OPEN_STATUSES:
        return False
    if case.status == WAITING_ON_CITIZEN:
        lifecycle.transition(ctx.session, case, "in_progress", "citizen", "the citizen replied")
    opening.attach(ctx.session, case, ctx.contact, joined=True)
    ctx.reply(ctx.case_text("case_joined", case), "acknowledgement", case)
    return True


def case_from_thread(session: Session, contact: Interaction) -> Case | None:
    """Return the case of the latest earlier message (ours or theirs) that this contact says it answers."""
    cited = [str(i) for i in (contact.payload or {}).get("thread_ids", []) if i]
    if not cited:
        return None
    earlier = session.exec(
        select(Interaction)
        .where(Interaction.channel == contact.channel, col(Interaction.external_id).in_(cited))
        .where(col(Interaction.case_id).is_not(None), col(Interaction.id) != contact.id)
        .order_by(col(Interaction.id).desc())
    ).first()
    return session.get(Case, earlier.case_id) if earlier else None


def case_from_subject(session: Session, contact: Interaction) -> Case | None:
    """Return the case whose reference (nine digits with a valid check digit) the contact's subject quotes."""
    return _case_quoted(session, str((contact.payload or {}).get("subject", "")))


def _case_quoted(session: Session, text: str) -> Case | None:
    """Return the case whose reference the text quotes ("730590593 路灯还是不亮"), if any."""
    for candidate in _REFERENCE.findall(text):
        if is_valid(candidate):
            case = session.exec(select(Case).where(Case.reference == candidate)).first()
            if case is not None:
                return case
    return None
