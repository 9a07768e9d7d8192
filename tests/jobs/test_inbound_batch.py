"""Contacts processed together in one batch behave as they would one at a time."""

from __future__ import annotations

import itertools

from sqlmodel import Session, select

from channels import intake
from channels.base import Contact
from channels.models import INBOUND, OUTBOUND, Interaction
from feedback.cases import opening, reference
from feedback.cases.models import Case, CaseEvent
from jobs import inbound
from router.identity.models import Citizen
from tests.helpers.cases import quick_case

ZHANG = "tel:+8613800138000"
LI = "tel:+8613900139000"


def _texts(runtime, *pairs: tuple[str, str]) -> None:
    contacts = [Contact("sms", urn, f"SM{index:032d}", text, {}) for index, (urn, text) in enumerate(pairs)]
    intake.store(runtime.engine, contacts)


def _replies(session: Session) -> list[Interaction]:
    return list(session.exec(select(Interaction).where(Interaction.direction == OUTBOUND).order_by(Interaction.id)))


def test_two_texts_from_one_number_in_one_batch_make_one_case(runtime):
    _texts(runtime, (ZHANG, "村口的路灯坏了三天了"), (ZHANG, "还有旁边的井盖也丢了"))
    assert inbound.process_batch(runtime) == 2

    with Session(runtime.engine) as session:
        [case] = session.exec(select(Case)).all()
        [citizen] = session.exec(select(Citizen)).all()
        contacts = session.exec(select(Interaction).where(Interaction.direction == INBOUND)).all()
        kinds = [e.kind for e in session.exec(select(CaseEvent).order_by(CaseEvent.id))]
        replies = _replies(session)
    assert {c.case_id for c in contacts} == {case.id} and case.citizen_id == citizen.id
    assert kinds == ["opened", "message_added"]
    assert "已受理" in replies[0].text and "已加入工单 " + case.reference in replies[1].text


def test_a_batch_joins_a_known_citizens_open_case_and_opens_one_for_a_newcomer(runtime):
    known_case = quick_case(runtime, urn=ZHANG)
    _texts(runtime, (LI, "小区门口的垃圾好几天没人清运"), (ZHANG, "路灯还是没有修好"))
    assert inbound.process_batch(runtime) == 2

    with Session(runtime.engine) as session:
        by_citizen = {c.citizen_id: c for c in session.exec(select(Case))}
        zhang = session.get(Case, known_case)
        contacts = {c.urn: c for c in session.exec(select(Interaction).where(Interaction.direction == INBOUND))}
    assert len(by_citizen) == 2
    assert contacts[ZHANG].case_id == zhang.id
    assert contacts[LI].case_id not in (None, zhang.id)
    assert not by_citizen[contacts[LI].citizen_id].repeat_citizen  # a newcomer's first case is not a repeat


def test_a_reference_already_taken_is_not_drawn_again(runtime, monkeypatch):
    first = quick_case(runtime)
    with Session(runtime.engine) as session:
        taken = session.get(Case, first).reference
    fresh = "12345678" + reference.check_digit("12345678")
    draws = itertools.chain([taken, taken], itertools.repeat(fresh))
    monkeypatch.setattr(opening, "new_reference", lambda: next(draws))

    _texts(runtime, (LI, "小区门口的垃圾好几天没人清运"))
    assert inbound.process_batch(runtime) == 1
    with Session(runtime.engine) as session:
        references = sorted(c.reference for c in session.exec(select(Case)))
    assert references == sorted([taken, fresh])
