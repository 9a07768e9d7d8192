"""Auto-assignment: each routed case goes to a free agent of its department who speaks the citizen's language."""

from __future__ import annotations

from sqlmodel import Session, select

from feedback.cases import lifecycle
from feedback.cases.models import Case, CaseEvent
from jobs import routing
from router.identity.models import Citizen
from staff.models import Department, User, UserDepartment
from tests.helpers import fixture
from tests.helpers.twilio import twilio_post
from tests.helpers.worker import work

STREET_LIGHT = fixture("twilio/sms_incoming_zh.json")  # 村口的路灯坏了三天了 → urban_rural_construction


def _agent(session, username, department, languages="zh", max_open=5, open_cases=0, active=True) -> int:
    user = User(username=username, password_hash="-", languages=languages, max_open_cases=max_open, active=active)
    session.add(user)
    session.flush()
    session.add(UserDepartment(user_id=user.id, department_id=department.id))
    citizen = Citizen(language="zh")
    session.add(citizen)
    session.flush()
    for index in range(open_cases):
        session.add(
            Case(
                reference=f"{user.id}{index:05d}",
                citizen_id=citizen.id,
                department_id=department.id,
                channel="sms",
                status="assigned",
                assignee_id=user.id,
            )
        )
    return user.id


def _department(session, code) -> Department:
    return session.exec(select(Department).where(Department.code == code)).one()


def _sms(client, runtime, body: str, sid: str, sender: str = "+8613800138000") -> None:
    form = dict(STREET_LIGHT, Body=body, From=sender, MessageSid=sid, SmsSid=sid, SmsMessageSid=sid)
    assert twilio_post(client, runtime.settings, "/channels/sms", form).status_code == 200
    work(runtime)


def _case_of(session, text: str) -> Case:
    return session.exec(select(Case).where(Case.summary == text)).one()


def test_a_new_case_goes_to_the_agent_with_fewest_open_cases_who_speaks_the_language(client, runtime):
    with runtime.session() as session:
        roads, schools = (
            _department(session, "urban_rural_construction"),
            _department(session, "education_culture_sport"),
        )
        _agent(session, "busy", roads, open_cases=2)
        free = _agent(session, "free", roads, open_cases=1)
        _agent(session, "english_only", roads, languages="en")
        _agent(session, "other_department", schools)
        _agent(session, "on_leave", roads, active=False)
    twilio_post(client, runtime.settings, "/channels/sms", STREET_LIGHT)
    work(runtime)
    with Session(runtime.engine) as session:
        case = _case_of(session, "村口的路灯坏了三天了")
        assert case.assignee_id == free and case.status == "assigned"
        event = session.exec(
            select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.to_status == "assigned")
        ).one()
        assert event.actor == "router" and "free" in event.detail["reason"]


def test_an_english_speaker_gets_an_agent_who_answers_in_english(client, runtime):
    with runtime.session() as session:
        roads = _department(session, "urban_rural_construction")
        _agent(session, "zh_only", roads)
        bilingual = _agent(session, "bilingual", roads, languages="zh, en", open_cases=3)
    _sms(client, runtime, "The street light outside my house is broken", "SM" + "e" * 32, sender="+447700900123")
    with Session(runtime.engine) as session:
        assert _case_of(session, "The street light outside my house is broken").assignee_id == bilingual


def test_when_every_agent_is_full_the_case_waits_and_is_assigned_once_one_frees_up(client, runtime):
    with runtime.session() as session:
        full = _agent(session, "full", _department(session, "urban_rural_construction"), max_open=1, open_cases=1)
    twilio_post(client, runtime.settings, "/channels/sms", STREET_LIGHT)
    work(runtime)
    with Session(runtime.engine) as session:
        case = _case_of(session, "村口的路灯坏了三天了")
        assert case.assignee_id is None and case.status == "new"
    assert routing.assign_waiting() == 0  # still nobody free
    with runtime.session() as session:
        held = session.exec(select(Case).where(Case.assignee_id == full)).one()
        lifecycle.transition(session, held, "closed", actor="full", reason="duplicate")
    assert routing.assign_waiting() == 1
    with Session(runtime.engine) as session:
        case = _case_of(session, "村口的路灯坏了三天了")
        assert case.assignee_id == full and case.status == "assigned"


def test_a_department_with_auto_assignment_off_leaves_its_cases_for_the_supervisor(client, runtime, app):
    with runtime.session() as session:
        _agent(session, "idle", _department(session, "urban_rural_construction"))
    result = app.test_cli_runner().invoke(args=["router", "auto-assign", "urban_rural_construction", "off"])
    assert result.exit_code == 0 and "is off" in result.output
    twilio_post(client, runtime.settings, "/channels/sms", STREET_LIGHT)
    work(runtime)
    assert routing.assign_waiting() == 0
    with Session(runtime.engine) as session:
        assert _case_of(session, "村口的路灯坏了三天了").assignee_id is None
    unknown = app.test_cli_runner().invoke(args=["router", "auto-assign", "no_such_department", "on"])
    assert unknown.exit_code != 0 and "no department 'no_such_department'" in unknown.output


def test_waiting_cases_are_handed_out_most_urgent_first(client, runtime):
    with runtime.session() as session:
        roads = _department(session, "urban_rural_construction")
        agent = _agent(session, "one_slot", roads, max_open=1, open_cases=1)
    _sms(client, runtime, "村口的路灯坏了三天了", "SM" + "1" * 32, sender="+8613800000001")
    _sms(client, runtime, "小区燃气管道泄漏，味道很大", "SM" + "2" * 32, sender="+8613800000002")
    with runtime.session() as session:
        held = session.exec(select(Case).where(Case.assignee_id == agent)).one()
        lifecycle.transition(session, held, "closed", actor="one_slot")
    assert routing.assign_waiting() == 1
    with Session(runtime.engine) as session:
        urgent = _case_of(session, "小区燃气管道泄漏，味道很大")
        assert urgent.priority == "urgent" and urgent.assignee_id == agent
        assert _case_of(session, "村口的路灯坏了三天了").assignee_id is None


def test_an_urgent_text_opens_an_urgent_case_that_the_api_can_pick_out(client, runtime):
    _sms(client, runtime, "村口的路灯坏了三天了", "SM" + "3" * 32, sender="+8613800000003")
    _sms(client, runtime, "村里停电了，隔壁独居老人摔倒了叫不应", "SM" + "4" * 32, sender="+8613800000004")
    _sms(client, runtime, "这个月水费太贵了", "SM" + "5" * 32, sender="+8613800000005")
    headers = {"Authorization": "Bearer test-api-token"}
    urgent = client.get("/api/cases?priority=urgent", headers=headers).get_json()
    assert [c["summary"] for c in urgent["cases"]] == ["村里停电了，隔壁独居老人摔倒了叫不应"]
    assert urgent["cases"][0]["routing_rule"].endswith("; urgent: medical, power")
    normal = client.get("/api/cases?priority=normal", headers=headers).get_json()
    assert sorted(c["summary"] for c in normal["cases"]) == ["村口的路灯坏了三天了", "这个月水费太贵了"]


def test_a_follow_up_that_reports_danger_makes_the_open_case_urgent_and_shortens_its_limits(client, runtime):
    _sms(client, runtime, "村口的路灯坏了三天了", "SM" + "6" * 32, sender="+8613800000006")
    with Session(runtime.engine) as session:
        before = _case_of(session, "村口的路灯坏了三天了")
    assert before.priority == "normal"
    _sms(client, runtime, "现在路灯的电线掉下来了，还在冒火花", "SM" + "7" * 32, sender="+8613800000006")
    _sms(client, runtime, "谢谢，请快点来", "SM" + "8" * 32, sender="+8613800000006")  # never made less urgent
    with Session(runtime.engine) as session:
        after = _case_of(session, "村口的路灯坏了三天了")
        raised = session.exec(
            select(CaseEvent).where(CaseEvent.case_id == after.id, CaseEvent.kind == "priority_changed")
        ).one()
    assert after.priority == "urgent" and after.resolution_due_at < before.resolution_due_at
    assert raised.detail["from_priority"] == "normal" and raised.detail["reason"] == "live_wire"
    headers = {"Authorization": "Bearer test-api-token"}
    urgent = client.get("/api/cases?priority=urgent", headers=headers).get_json()["cases"]
    assert [c["summary"] for c in urgent] == ["村口的路灯坏了三天了"]
