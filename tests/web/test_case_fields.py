"""The case's details on its page (subject, address, tags), splitting a message off, and merging two cases."""

from __future__ import annotations

from sqlmodel import Session, col, select

from channels.models import INBOUND, PROCESSED, Interaction
from feedback.cases.models import Case, CaseEvent
from tests.helpers.cases import quick_case
from tests.helpers.staff import csrf_token, department_id, make_user, sign_in_with_cookie

URBAN = "urban_rural_construction"


def _case(runtime, case_id: int) -> Case:
    with Session(runtime.engine) as session:
        return session.get(Case, case_id)


def _events(runtime, case_id: int, kind: str) -> list[CaseEvent]:
    with Session(runtime.engine) as session:
        return list(session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind)))


def _agent(client, runtime) -> int:
    agent = make_user(runtime, "li.agent", departments=(URBAN,))
    sign_in_with_cookie(client, agent)
    return agent


def _in_urban(runtime, text: str, urn: str = "tel:+8613800138000") -> Case:
    case_id, urban = quick_case(runtime, text, urn=urn), department_id(runtime, URBAN)
    with Session(runtime.engine) as session:
        case = session.get(Case, case_id)
        case.department_id = urban
        session.add(case)
        session.commit()
        session.refresh(case)
        return case


def _act(client, case: Case, action: str, form: dict):
    path = f"/cases/{case.reference}"
    data = {"csrf_token": csrf_token(client, path), **form}
    return client.post(f"{path}/{action}", data=data, follow_redirects=True)


def _add_message(runtime, case: Case, text: str) -> int:
    with Session(runtime.engine) as session:
        message = Interaction(direction=INBOUND, channel="sms", urn="tel:+8613800138000", text=text,
                              status=PROCESSED, citizen_id=case.citizen_id, case_id=case.id)  # fmt: skip
        session.add(message)
        session.commit()
        return message.id


def test_an_agent_sets_the_address_subject_and_tags_which_show_are_audited_and_searchable(client, runtime):
    _agent(client, runtime)
    case = _in_urban(runtime, "路灯坏了三天了")
    page = _act(
        client, case, "details", {"subject": "路灯故障", "address": "幸福村3组17号", "tags": "路灯，夜间, 安全"}
    )
    text = page.get_data(as_text=True)
    assert "Details saved." in text and '<dd class="address">幸福村3组17号</dd>' in text
    assert '<span class="tag">夜间</span>' in text and '<dd class="subject">路灯故障</dd>' in text
    assert _case(runtime, case.id).tags == ["路灯", "夜间", "安全"]
    [event] = _events(runtime, case.id, "details_changed")
    assert event.detail["changes"]["address"] == [None, "幸福村3组17号"] and event.actor == "li.agent"
    assert "Details changed" in text
    found = client.get("/inbox", query_string={"q": "幸福村"}).get_data(as_text=True)
    assert f"/cases/{case.reference}" in found


def test_too_many_tags_are_refused_and_nothing_changes(client, runtime):
    _agent(client, runtime)
    case = _in_urban(runtime, "路灯坏了三天了")
    page = _act(
        client, case, "details", {"subject": "", "address": "某地", "tags": ",".join(str(i) for i in range(11))}
    )
    assert "at most 10 tags" in page.get_data(as_text=True)
    assert _case(runtime, case.id).address is None and _events(runtime, case.id, "details_changed") == []


def test_a_second_matter_in_a_message_is_split_into_its_own_case_for_the_same_citizen(client, runtime):
    _agent(client, runtime)
    case = _in_urban(runtime, "路灯坏了三天了")
    second = _add_message(runtime, case, "另外，小区门口的井盖也丢了")
    page = _act(client, case, "split", {"message_id": str(second)}).get_data(as_text=True)
    with Session(runtime.engine) as session:
        new = session.exec(select(Case).where(Case.id != case.id)).one()
        moved = session.get(Interaction, second)
    assert f"The message is now case {new.reference}." in page
    assert moved.case_id == new.id and new.citizen_id == case.citizen_id and new.summary == "另外，小区门口的井盖也丢了"
    assert new.department_id == case.department_id and new.status == "new"
    assert _events(runtime, case.id, "split_out")[0].detail["reference"] == new.reference
    assert _events(runtime, new.id, "split_from")[0].detail["reference"] == case.reference
    timeline = page.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert "A message was split off into case" in timeline and "井盖" not in timeline


def test_the_only_message_of_a_case_cannot_be_split_off(client, runtime):
    _agent(client, runtime)
    case = _in_urban(runtime, "路灯坏了三天了")
    with Session(runtime.engine) as session:
        only = session.exec(select(Interaction.id).where(Interaction.case_id == case.id)).one()
    page = _act(client, case, "split", {"message_id": str(only)}).get_data(as_text=True)
    assert "cannot be split off" in page
    with Session(runtime.engine) as session:
        assert len(session.exec(select(Case)).all()) == 1


def test_two_cases_of_one_citizen_merge_and_the_other_is_closed_with_its_messages_moved(client, runtime):
    _agent(client, runtime)
    kept, other = _in_urban(runtime, "路灯坏了三天了"), _in_urban(runtime, "村口路灯还是不亮")
    page = _act(client, kept, "merge_case", {"other": other.reference}).get_data(as_text=True)
    assert f"Case {other.reference} merged into this one (1 messages)." in page
    with Session(runtime.engine) as session:
        texts = session.exec(
            select(Interaction.text).where(Interaction.case_id == kept.id).order_by(col(Interaction.id))
        )
        assert list(texts) == ["路灯坏了三天了", "村口路灯还是不亮"]
    assert _case(runtime, other.id).status == "closed"
    assert _events(runtime, other.id, "merged_into")[0].detail["reference"] == kept.reference
    assert _events(runtime, kept.id, "merged_in")[0].actor == "li.agent"


def test_cases_of_different_citizens_do_not_merge(client, runtime):
    _agent(client, runtime)
    kept, other = _in_urban(runtime, "路灯坏了三天了"), _in_urban(runtime, "路灯不亮", urn="tel:+8613900139000")
    page = _act(client, kept, "merge_case", {"other": other.reference}).get_data(as_text=True)
    assert "only cases of the same citizen can be merged" in page
    assert _case(runtime, other.id).status != "closed" and _events(runtime, kept.id, "merged_in") == []


def test_a_case_outside_the_agents_departments_cannot_be_named_for_a_merge(client, runtime):
    _agent(client, runtime)
    kept = _in_urban(runtime, "路灯坏了三天了")
    hidden, environment = (
        quick_case(runtime, "河道污染", urn="tel:+8613800138000"),
        department_id(runtime, "environment"),
    )
    with Session(runtime.engine) as session:
        case = session.get(Case, hidden)
        case.department_id = environment
        session.add(case)
        session.commit()
        reference = case.reference
    page = _act(client, kept, "merge_case", {"other": reference}).get_data(as_text=True)
    assert f"no case {reference}" in page and _case(runtime, hidden).status != "closed"
