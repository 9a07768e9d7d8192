"""Cases for the tests: a citizen texting in through the webhook and the worker, a case opened without them,
and a case, its events and its messages read back."""

from __future__ import annotations

import secrets

from sqlmodel import Session, col, select

from channels.models import Interaction
from core.urns import tel
from feedback.cases.models import Case, CaseEvent
from router.identity.recognise import find_citizen
from tests.helpers import fixture
from tests.helpers.twilio import CITIZEN, twilio_post
from tests.helpers.worker import work


def text_in(client, runtime, body: str | None = None, sender: str = CITIZEN, sid: str | None = None) -> Case | None:
    """A citizen texts in: deliver an SMS (by default the recorded Chinese one) through the signed Twilio webhook,
    process it with the real worker, and return the sender's newest case, the one the message opened or joined."""
    sid = sid or "SM" + secrets.token_hex(16)
    form = dict(fixture("twilio/sms_incoming_zh.json"), From=sender, MessageSid=sid, SmsSid=sid)
    if body is not None:
        form["Body"] = body
    assert twilio_post(client, runtime.settings, "/channels/sms", form).status_code == 200
    work(runtime)
    with Session(runtime.engine) as session:
        citizen = find_citizen(session, tel(sender, "CN"))
        if citizen is None:
            return None
        return session.exec(select(Case).where(Case.citizen_id == citizen.id).order_by(col(Case.id).desc())).first()


def quick_case(runtime, text: str = "村口的路灯坏了三天了", urn: str = "tel:" + CITIZEN, channel: str = "sms") -> int:
    """Open a case the way the inbound steps do, without a webhook or a worker (for tests of later stages)."""
    from channels.models import INBOUND, PROCESSED
    from feedback.cases import opening
    from router.decision import decide
    from router.identity import recognise

    with runtime.session() as session:
        citizen, _ = recognise.resolve(session, urn, "zh")
        contact = Interaction(direction=INBOUND, channel=channel, urn=urn, text=text, status=PROCESSED,
                              external_id="SM" + secrets.token_hex(16), citizen_id=citizen.id)  # fmt: skip
        session.add(contact)
        session.flush()
        case = opening.open_case(session, citizen, contact, decide(session, text), "zh")
        opening.attach(session, case, contact, joined=False)
        return case.id


def only_case(runtime) -> Case:
    """Return the one case in the database."""
    with Session(runtime.engine) as session:
        return session.exec(select(Case)).one()


def case_events(runtime, case_id: int) -> list[CaseEvent]:
    """Return a case's events in order."""
    with Session(runtime.engine) as session:
        return list(session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(col(CaseEvent.id))))


def outbound(runtime, purpose: str) -> list[Interaction]:
    """Return the outbound messages with a purpose, oldest first."""
    with Session(runtime.engine) as session:
        query = select(Interaction).where(Interaction.direction == "out", Interaction.purpose == purpose)
        return list(session.exec(query.order_by(col(Interaction.id))))
