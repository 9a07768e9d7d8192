"""Helpers for lifecycle, SLA and survey tests: a citizen texting in, staff accounts, and reading a case back."""

from __future__ import annotations

import secrets

from sqlmodel import Session, col, select

from channels.models import Interaction
from feedback.cases.models import Case, CaseEvent
from staff.models import User, UserDepartment
from tests.helpers import fixture
from tests.helpers.twilio import CITIZEN, twilio_post
from tests.helpers.worker import work


def text_in(client, runtime, body: str, sender: str = CITIZEN) -> None:
    """Deliver an SMS from a citizen through the signed Twilio webhook and process it with the real worker."""
    sid = "SM" + secrets.token_hex(16)
    form = dict(fixture("twilio/sms_incoming_zh.json"), Body=body, From=sender, MessageSid=sid, SmsSid=sid)
    assert twilio_post(client, runtime.settings, "/channels/sms", form).status_code == 200
    work(runtime)


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


def add_staff(runtime, username: str, role: str, department_ids: tuple[int, ...] = ()) -> User:
    """Create a member of staff (password 'secret-password') working for some departments."""
    from argon2 import PasswordHasher

    with runtime.session() as session:
        user = User(username=username, display_name=username, role=role,
                    password_hash=PasswordHasher().hash("secret-password"))  # fmt: skip
        session.add(user)
        session.flush()
        session.add_all(UserDepartment(user_id=user.id, department_id=d) for d in department_ids)
        return user


def sign_in(client, user: User) -> None:
    """Make the test client's requests come from this user (a Flask-Login session cookie)."""
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(user.id)
        flask_session["_fresh"] = True
