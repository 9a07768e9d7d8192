"""Incident answers and done proactive tasks tell reporters whose cases are closed by a notice of the outreach
engine: paced on the outreach queue, consent read when it is sent, one copy per citizen, counted on its report."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import Session, select

from core import pacing
from core.clock import utcnow
from feedback.cases.models import Case
from feedback.incidents.models import CaseFingerprint
from feedback.outreach import sending
from feedback.outreach.models import Campaign
from feedback.proactive import actions
from feedback.proactive.models import ProactiveTask, ProactiveTaskCase
from jobs import outreach
from router.identity.models import Citizen
from tests.helpers.cases import outbound, quick_case, text_in
from tests.helpers.outreach import recipients
from tests.helpers.staff import csrf_token, department_id, make_user, sign_in_with_cookie
from tests.helpers.worker import work

VILLAGERS = ["+8613800000001", "+8613800000002", "+8613800000003"]
ANSWER = "张家村供水管道已抢修完毕，今晚8点前恢复供水。"
DONE = "幸福小区的下水道已疏通并更换管道，感谢您的反映。"


def _close(runtime, case_id: int, opted_out: bool = False) -> None:
    with runtime.session() as session:
        case = session.get(Case, case_id)
        case.status = "closed"
        session.add(case)
        if opted_out:
            _opt_out(session, case.citizen_id)


def _opt_out(session, citizen_id: int) -> None:
    citizen = session.get(Citizen, citizen_id)
    citizen.opted_out_at = utcnow()
    session.add(citizen)


def _sms_to(twilio, phone: str) -> list[str]:
    return [m["body"] for m in twilio.messages if m["to"] == phone]


def _report_row(page: str, channel: str) -> dict[str, int]:
    """Read one channel's row of the notice page's report table."""
    row = re.search(rf'<tr data-channel="{channel}">(.*?)</tr>', page, re.S)
    assert row is not None, page
    return {key: int(value) for key, value in re.findall(r'<td class="(\w+)">(\d+)</td>', row.group(1))}


def test_an_incident_answer_reaches_closed_reporters_by_a_notice_its_report_counts(client, runtime, twilio):
    said = [
        "张家村停水了，一滴水都没有",
        "我们张家村从早上开始就没水，做饭都不行",
        "张家村自来水什么时候能恢复？老人等着喝水",
    ]
    cases = [text_in(client, runtime, text, sender=phone) for text, phone in zip(said, VILLAGERS, strict=True)]
    with Session(runtime.engine) as session:
        incident_id = session.get(CaseFingerprint, cases[0].id).incident_id
    _close(runtime, cases[0].id)  # closed: told by the notice
    _close(runtime, cases[1].id, opted_out=True)  # closed, and opted out of notices: told nothing
    sign_in_with_cookie(client, make_user(runtime, "boss", role="supervisor"))
    twilio.messages.clear()  # the acknowledgements
    token = csrf_token(client, f"/incidents/{incident_id}")
    response = client.post(f"/incidents/{incident_id}/answer", follow_redirects=True,
                           data={"text": ANSWER, "tell_closed": "1", "csrf_token": token})  # fmt: skip
    assert "A notice goes to 1 citizens whose reports were closed" in response.get_data(as_text=True)
    assert runtime.queue("outreach").count == 1  # the notice is the outreach queue's work
    work(runtime)
    work(runtime)  # looking again sends nothing twice
    assert _sms_to(twilio, VILLAGERS[0]) == [ANSWER + " 回复TD退订"]  # a notice, with the way to opt out
    assert _sms_to(twilio, VILLAGERS[1]) == []
    assert len(_sms_to(twilio, VILLAGERS[2])) == 1 and ANSWER in _sms_to(twilio, VILLAGERS[2])[0]  # the case answer
    with Session(runtime.engine) as session:
        notice = session.exec(select(Campaign).where(Campaign.kind == "incident")).one()
        assert (notice.source_id, notice.approved_by, notice.status) == (incident_id, "boss", "done")
    assert f"/outreach/campaigns/{notice.id}" in client.get(f"/incidents/{incident_id}").get_data(as_text=True)
    page = client.get(f"/outreach/campaigns/{notice.id}").get_data(as_text=True)
    assert f"/incidents/{incident_id}" in page
    row = _report_row(page, "sms")
    assert (row["recipients"], row["sent"], row["opted_out"], row["waiting"]) == (2, 1, 1, 0)


def test_an_incident_answer_without_the_box_ticked_tells_only_open_reports(client, runtime, twilio):
    cases = [text_in(client, runtime, text, sender=phone)
             for text, phone in zip(["李家村停电了", "李家村整个村没电"], VILLAGERS, strict=False)]  # fmt: skip
    with Session(runtime.engine) as session:
        incident_id = session.get(CaseFingerprint, cases[0].id).incident_id
    assert incident_id is not None
    _close(runtime, cases[0].id)
    sign_in_with_cookie(client, make_user(runtime, "boss", role="supervisor"))
    token = csrf_token(client, f"/incidents/{incident_id}")
    client.post(f"/incidents/{incident_id}/answer", data={"text": "已恢复供电", "csrf_token": token})
    work(runtime)
    with Session(runtime.engine) as session:
        assert session.exec(select(Campaign)).first() is None


def _task_with_reports(runtime, phones: list[str], closed: int) -> tuple[int, list[int]]:
    """A task answering one report per phone; the first `closed` of them are closed."""
    ids = [quick_case(runtime, "幸福小区下水道堵了", urn=f"tel:{phone}") for phone in phones]
    for case_id in ids[:closed]:
        _close(runtime, case_id)
    draft = actions.Draft(title="清理幸福小区下水道", department_id=department_id(runtime, "urban_rural_construction"),
                          due_at=utcnow() + timedelta(days=5), case_ids=tuple(ids))  # fmt: skip
    with runtime.session() as session:
        return actions.create(session, draft, "boss").id, ids


def _complete(runtime, task_id: int) -> int:
    with runtime.session() as session:
        return actions.complete(session, session.get(ProactiveTask, task_id), "疏通了", "boss", notice=DONE)


def test_a_done_task_notice_waits_for_the_pace_and_asks_consent_when_it_is_sent(runtime, twilio):
    phones = ["+8613800000011", "+8613800000012", "+8613800000013"]
    task_id, ids = _task_with_reports(runtime, phones, closed=2)
    bucket = sending.buckets(runtime.settings, "sms", "")[0]
    pacing.block(runtime.redis, bucket, 60)  # the SMS sender's allowance is spent for a minute
    assert _complete(runtime, task_id) == 3
    with runtime.session() as session:  # the second closed reporter opts out after the notice was queued
        _opt_out(session, session.get(Case, ids[1]).citizen_id)
    assert outreach.drain() == 0  # the notice's slice waits for the pace: nothing goes
    assert twilio.messages == []
    assert [r.status for r in recipients(runtime, _notice_id(runtime, "task"))] == ["queued", "queued"]
    runtime.redis.delete(bucket.key + ":block")
    work(runtime)
    assert sorted(m["to"] for m in twilio.messages) == sorted([phones[2], phones[0]])  # the answer, the notice
    assert [r.status for r in recipients(runtime, _notice_id(runtime, "task"))] == ["sent", "opted_out"]


def test_a_citizen_with_several_closed_reports_gets_one_notice(runtime, twilio):
    phone = "+8613800000021"
    first = quick_case(runtime, "幸福小区下水道堵了", urn=f"tel:{phone}")
    task_id, _ids = _task_with_reports(runtime, [phone, "+8613800000022"], closed=2)
    with runtime.session() as session:
        session.add(ProactiveTaskCase(task_id=task_id, case_id=first))
    _close(runtime, first)
    assert _complete(runtime, task_id) == 2
    work(runtime)
    work(runtime)
    assert sorted(m["to"] for m in twilio.messages) == sorted([phone, "+8613800000022"])
    assert len(recipients(runtime, _notice_id(runtime, "task"))) == 2
    assert outbound(runtime, "answer") == []  # every report was closed: no case answers


def test_the_task_page_links_to_its_notice_for_supervisors(client, runtime, twilio):
    task_id, _ids = _task_with_reports(runtime, ["+8613800000031"], closed=1)
    _complete(runtime, task_id)
    sign_in_with_cookie(client, make_user(runtime, "lead", role="supervisor"))
    notice_id = _notice_id(runtime, "task")
    assert f"/outreach/campaigns/{notice_id}" in client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert f"/tasks/{task_id}" in client.get(f"/outreach/campaigns/{notice_id}").get_data(as_text=True)


def _notice_id(runtime, kind: str) -> int:
    with Session(runtime.engine) as session:
        return session.exec(select(Campaign.id).where(Campaign.kind == kind)).one()
