"""The inbox and the case page at work: folders, search, replies, notes, transfers, status, assisted intake."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from channels.models import OUTBOUND, Interaction
from feedback.cases.models import Case, CaseEvent
from router.identity.models import Citizen
from tests.helpers.cases import text_in
from tests.helpers.staff import assign_by_hand, csrf_token, department_id, make_user, sign_in_with_form
from tests.helpers.worker import work


@pytest.fixture(autouse=True)
def _agents_claim_cases_themselves(runtime):
    assign_by_hand(runtime)


URBAN = "urban_rural_construction"


def _post(client, path: str, data: dict):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/inbox")}, follow_redirects=True)


def _events(runtime, case_id: int, kind: str) -> list[CaseEvent]:
    with Session(runtime.engine) as session:
        return list(session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind)))


def _case(runtime, case_id: int) -> Case:
    with Session(runtime.engine) as session:
        return session.get(Case, case_id)


def test_a_new_case_shows_in_unassigned_and_the_department_folder_with_counts(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    case = text_in(client, runtime)
    sign_in_with_form(client, "li.agent")
    counts = client.get("/inbox?folder=unassigned").get_data(as_text=True)
    assert case.reference in counts
    dept = department_id(runtime, URBAN)
    assert f'data-folder="dept:{dept}"' in counts
    mine = client.get("/inbox?folder=mine").get_data(as_text=True)
    assert case.reference not in mine and "No cases here." in mine
    _post(client, f"/cases/{case.reference}/claim", {})
    assert case.reference in client.get("/inbox?folder=mine").get_data(as_text=True)
    assert _case(runtime, case.id).status == "assigned" and _case(runtime, case.id).assignee_id is not None


def test_search_finds_a_case_by_reference_phone_number_name_or_words(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    case = text_in(client, runtime)
    other = text_in(client, runtime, body="小区停水两天了", sender="+8613900139000", sid="SM" + "c" * 32)
    with Session(runtime.engine) as session:
        citizen = session.get(Citizen, case.citizen_id)
        citizen.name = "张三"
        session.add(citizen)
        session.commit()
    sign_in_with_form(client, "li.agent")
    for term in (case.reference, "13800138000", "+86 138 0013 8000", "张三", "路灯"):
        page = client.get("/inbox", query_string={"folder": f"dept:{department_id(runtime, URBAN)}", "q": term})
        text = page.get_data(as_text=True)
        assert case.reference in text and other.reference not in text, term


def test_urgent_cases_come_first(client, runtime, twilio):
    make_user(runtime, "boss", role="supervisor")
    first = text_in(client, runtime)
    second = text_in(client, runtime, body="小区停水两天了", sender="+8613900139000", sid="SM" + "c" * 32)
    with Session(runtime.engine) as session:
        urgent = session.get(Case, first.id)
        urgent.priority = "urgent"
        session.add(urgent)
        session.commit()
    sign_in_with_form(client, "boss")
    body = client.get("/api/cases").get_json()
    assert [c["reference"] for c in body["cases"]] == [first.reference, second.reference]


def test_a_reply_goes_out_by_sms_and_counts_as_the_first_response(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    case = text_in(client, runtime)
    twilio.wait_for(1)  # the acknowledgement
    sign_in_with_form(client, "li.agent")
    page = _post(client, f"/cases/{case.reference}/reply", {"text": "师傅明天上午去修"})
    assert "Reply queued." in page.get_data(as_text=True)
    work(runtime)
    sent = twilio.wait_for(2)
    assert sent[-1]["body"] == "师傅明天上午去修" and sent[-1]["to"] == "+8613800138000"
    assert _case(runtime, case.id).first_response_at is not None
    [event] = _events(runtime, case.id, "replied")
    assert event.actor == "li.agent"
    shown = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "师傅明天上午去修" in shown and "delivery-sent" in shown


def test_a_note_is_kept_on_the_case_and_never_sent(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    case = text_in(client, runtime)
    sign_in_with_form(client, "li.agent")
    _post(client, f"/cases/{case.reference}/note", {"text": "村委会说是线路老化"})
    work(runtime)
    with Session(runtime.engine) as session:
        outbound = session.exec(select(Interaction.text).where(Interaction.direction == OUTBOUND)).all()
    assert not any("线路老化" in text for text in outbound)
    assert "村委会说是线路老化" in client.get(f"/cases/{case.reference}").get_data(as_text=True)


def test_a_transfer_needs_a_reason_is_counted_and_labels_both_departments(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    case = text_in(client, runtime)
    sign_in_with_form(client, "li.agent")
    env = department_id(runtime, "environment")
    refused = _post(client, f"/cases/{case.reference}/transfer", {"department_id": env, "reason": " "})
    assert "a transfer needs a reason" in refused.get_data(as_text=True)
    assert _case(runtime, case.id).transfer_count == 0
    moved = _post(client, f"/cases/{case.reference}/transfer", {"department_id": env, "reason": "是噪音问题"})
    assert moved.request.path == "/inbox"  # the agent no longer sees it
    after = _case(runtime, case.id)
    assert after.department_id == env and after.transfer_count == 1
    [event] = _events(runtime, case.id, "transferred")
    assert event.detail == {"from_department_id": case.department_id, "to_department_id": env, "reason": "是噪音问题"}
    assert client.get(f"/cases/{case.reference}").status_code == 404


def test_an_illegal_status_change_is_explained_and_changes_nothing(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    case = text_in(client, runtime)
    sign_in_with_form(client, "li.agent")
    _post(client, f"/cases/{case.reference}/resolve", {"text": "路灯已修好。"})
    page = _post(client, f"/cases/{case.reference}/status", {"status": "waiting_on_citizen"})
    explained = "a case that is Resolved cannot become Waiting on citizen (allowed: Closed, In progress)"
    assert explained in page.get_data(as_text=True)
    assert _case(runtime, case.id).status == "resolved"


def test_a_chinese_agent_reads_refusals_in_chinese_with_the_statuses_named(client, runtime, twilio):
    make_user(runtime, "zhao.agent", departments=(URBAN,), language="zh")
    case = text_in(client, runtime)
    sign_in_with_form(client, "zhao.agent")
    _post(client, f"/cases/{case.reference}/resolve", {"text": "路灯已修好。"})
    page = _post(client, f"/cases/{case.reference}/status", {"status": "waiting_on_citizen"}).get_data(as_text=True)
    assert "未完成：已办结的工单不能改为“等待群众答复”（可改为：已关闭、办理中）" in page
    too_long = _post(client, f"/cases/{case.reference}/resolve", {"text": "长" * 4001}).get_data(as_text=True)
    assert "答复不能超过 4000 个字符" in too_long
    assert "cannot become" not in page and "longer than" not in too_long
    assert _case(runtime, case.id).status == "resolved"


def test_assisted_intake_opens_a_case_and_acknowledges_by_sms(client, runtime, twilio):
    make_user(runtime, "village.officer", departments=(URBAN,))
    sign_in_with_form(client, "village.officer")
    form = {"channel": "in_person", "phone": "138 0013 8000", "name": "李大爷", "text": "村口的路灯坏了"}
    assert "acknowledgement by SMS" in _post(client, "/intake", form).get_data(as_text=True)
    work(runtime)
    [ack] = twilio.wait_for(1)
    assert ack["to"] == "+8613800138000" and "已受理" in ack["body"]
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
        assert case.channel == "in_person" and session.get(Citizen, case.citizen_id).name == "李大爷"


def test_assisted_intake_with_a_bad_phone_number_is_refused_and_stores_nothing(client, runtime):
    make_user(runtime, "village.officer")
    sign_in_with_form(client, "village.officer")
    token = csrf_token(client, "/intake")
    response = client.post("/intake", data={"channel": "phone", "phone": "12", "text": "x", "csrf_token": token})
    assert response.status_code == 400 and "not a phone number" in response.get_data(as_text=True)
    with Session(runtime.engine) as session:
        assert session.exec(select(Interaction)).first() is None


def test_pages_follow_the_users_language_and_it_can_be_switched(client, runtime):
    make_user(runtime, "li.agent", language="zh")
    sign_in_with_form(client, "li.agent")
    assert "收件箱" in client.get("/inbox").get_data(as_text=True)
    _post(client, "/language", {"language": "en"})
    assert "Inbox" in client.get("/inbox").get_data(as_text=True)


def test_photos_show_inline_recordings_play_with_a_transcript_and_other_files_download(client, runtime, twilio):
    from channels.models import Attachment

    make_user(runtime, "li.agent", departments=(URBAN,))
    case = text_in(client, runtime)
    with Session(runtime.engine) as session:
        contact = session.exec(select(Interaction).where(Interaction.case_id == case.id)).first()
        contact.payload = {**contact.payload, "transcript": "路灯不亮"}
        session.add(contact)
        session.add(Attachment(interaction_id=contact.id, path="media/a/photo.jpg", content_type="image/jpeg"))
        session.add(Attachment(interaction_id=contact.id, path="media/a/call.mp3", content_type="audio/mpeg"))
        session.add(Attachment(interaction_id=contact.id, url="https://api.twilio.com/m/ME1", content_type="image/png"))
        session.commit()
    sign_in_with_form(client, "li.agent")
    html = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert '<img class="thumbnail" src="/attachments/1/thumbnail"' in html and 'href="/attachments/1"' in html
    assert '<audio controls preload="none" src="/attachments/2">' in html and "路灯不亮" in html
    assert 'href="/attachments/3"' in html and "kept at the provider" in html
    assert client.get("/attachments/3").headers["Location"] == "https://api.twilio.com/m/ME1"


def test_the_inbox_shows_25_cases_a_page_and_counts_them_all(client, runtime, twilio):
    make_user(runtime, "boss", role="supervisor")
    first = text_in(client, runtime)
    with Session(runtime.engine) as session:
        for number in range(29):
            session.add(
                Case(
                    reference=f"9{number:08d}",
                    citizen_id=first.citizen_id,
                    department_id=first.department_id,
                    channel="sms",
                    summary=f"第{number}号",
                )
            )
        session.commit()
    sign_in_with_form(client, "boss")
    page_one = client.get("/inbox?folder=all").get_data(as_text=True)
    page_two = client.get("/inbox?folder=all&page=2").get_data(as_text=True)
    assert page_one.count("data-reference=") == 25 and page_two.count("data-reference=") == 5
    assert "Page 1 of 2" in page_one and "All <small>(30)</small>" in page_one


def test_only_supervisors_assign_cases_to_someone_else(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    other = make_user(runtime, "wang.agent", departments=(URBAN,))
    case = text_in(client, runtime)
    sign_in_with_form(client, "li.agent")
    refused = _post(client, f"/cases/{case.reference}/assign", {"assignee_id": other})
    assert "only supervisors assign cases to others" in refused.get_data(as_text=True)
    assert _case(runtime, case.id).assignee_id is None
    client.post("/signout", data={"csrf_token": csrf_token(client, "/inbox")})
    make_user(runtime, "boss", role="supervisor")
    sign_in_with_form(client, "boss")
    _post(client, f"/cases/{case.reference}/assign", {"assignee_id": other})
    assert _case(runtime, case.id).assignee_id == other
    [event] = _events(runtime, case.id, "assigned")
    assert event.actor == "boss" and event.detail["assignee_id"] == other


def test_a_canned_response_made_by_an_admin_is_offered_on_the_case_page(client, runtime, twilio):
    make_user(runtime, "root", role="admin")
    case = text_in(client, runtime)
    sign_in_with_form(client, "root")
    token = csrf_token(client, "/admin/canned")
    form = {"title": "已派人", "language": "zh", "body": "已安排<师傅>上门", "csrf_token": token}
    client.post("/admin/canned", data=form)
    html = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert 'data-body="已安排&lt;师傅&gt;上门"' in html and "[zh] 已派人" in html


def test_a_supervisor_merges_two_records_of_one_person_from_the_case_page_and_undoes_it(client, runtime, twilio):
    make_user(runtime, "zhao.sup", role="supervisor")
    first = text_in(client, runtime, body="路灯坏了", sender="+8613800000011", sid="SM" + "1" * 32)
    second = text_in(client, runtime, body="路灯还是坏的", sender="+8613800000022", sid="SM" + "2" * 32)
    sign_in_with_form(client, "zhao.sup")
    merged = _post(client, f"/cases/{first.reference}/merge", {"other": "13800000022"})
    assert "now one citizen" in merged.get_data(as_text=True)
    assert _case(runtime, second.id).citizen_id == first.citizen_id
    assert "+8613800000022" in client.get(f"/cases/{first.reference}").get_data(as_text=True)
    with Session(runtime.engine) as session:
        [merge_id] = session.exec(select(CaseEvent.detail).where(CaseEvent.kind == "citizen_merged")).all()
    undone = _post(client, f"/cases/{first.reference}/unmerge", {"merge_id": str(merge_id["merge_id"])})
    assert "undone" in undone.get_data(as_text=True)
    assert _case(runtime, second.id).citizen_id != first.citizen_id


def test_merging_with_an_unknown_number_is_refused_and_changes_nothing(client, runtime, twilio):
    make_user(runtime, "zhao.sup", role="supervisor")
    case = text_in(client, runtime)
    sign_in_with_form(client, "zhao.sup")
    page = _post(client, f"/cases/{case.reference}/merge", {"other": "+8613999999999"}).get_data(as_text=True)
    assert "nobody is known at tel:+8613999999999" in page
    assert _case(runtime, case.id).citizen_id == case.citizen_id


def test_an_agent_raises_a_missed_emergency_and_its_time_limits_shorten(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    case = text_in(client, runtime)  # a broken street light: normal, until the agent hears it is at a blind bend
    assert case.priority == "normal"
    sign_in_with_form(client, "li.agent")
    page = _post(client, f"/cases/{case.reference}/priority", {"priority": "urgent"}).get_data(as_text=True)
    raised = _case(runtime, case.id)
    assert raised.priority == "urgent" and raised.resolution_due_at < case.resolution_due_at
    assert "Priority raised from Normal to Urgent" in page
    [event] = _events(runtime, case.id, "priority_changed")
    assert event.actor == "li.agent"


def test_lowering_a_false_alarm_needs_a_reason_and_then_lengthens_the_limits(client, runtime, twilio):
    make_user(runtime, "zhao.agent", departments=(URBAN,), language="zh")
    case = text_in(client, runtime, body="我家楼下闻到很浓的煤气味，怀疑燃气泄漏")
    assert case.priority == "urgent"
    sign_in_with_form(client, "zhao.agent")
    refused = _post(client, f"/cases/{case.reference}/priority", {"priority": "normal"}).get_data(as_text=True)
    assert "未完成：降低优先级须填写原因" in refused
    assert _case(runtime, case.id).priority == "urgent" and not _events(runtime, case.id, "priority_changed")
    form = {"priority": "normal", "reason": "燃气公司已上门检查，只是邻居在做饭"}
    page = _post(client, f"/cases/{case.reference}/priority", form).get_data(as_text=True)
    lowered = _case(runtime, case.id)
    assert lowered.priority == "normal" and lowered.resolution_due_at > case.resolution_due_at
    assert "优先级由紧急降为普通: 燃气公司已上门检查" in page


def test_the_api_refuses_an_unknown_priority_and_a_closed_case(client, runtime, twilio):
    case = text_in(client, runtime)
    bearer = {"Authorization": f"Bearer {runtime.settings.api_token}"}
    path = f"/api/cases/{case.reference}/priority"
    unknown = client.post(path, json={"priority": "critical"}, headers=bearer)
    assert unknown.status_code == 400 and "must be one of" in unknown.get_json()["error"]
    changed = client.post(path, json={"priority": "high"}, headers=bearer)
    assert changed.status_code == 200 and changed.get_json()["priority"] == "high"
    with Session(runtime.engine) as session:
        closed = session.get(Case, case.id)
        closed.status = "closed"
        session.add(closed)
        session.commit()
    refused = client.post(path, json={"priority": "urgent"}, headers=bearer)
    assert refused.status_code == 400 and "only an open case" in refused.get_json()["error"]
    assert _case(runtime, case.id).priority == "high"
