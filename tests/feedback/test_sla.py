"""Time limits: working-day arithmetic, presets, pauses, extensions, reminders, breaches and their timers."""

from __future__ import annotations

import time as wallclock
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from core import queues
from core.clock import utcnow
from feedback.cases import lifecycle
from feedback.cases.models import Case, StaffNotification
from feedback.sla import clocks, escalation, extensions, policies
from feedback.sla.calendar import WorkCalendar
from feedback.sla.extensions import ExtensionError
from feedback.sla.models import CaseClock, SlaBreach, SlaExtension, SlaPolicy
from feedback.sla.policies import SlaConfigError
from jobs import deadlines
from staff.models import User
from tests.helpers.cases import case_events, quick_case, text_in
from tests.helpers.staff import make_user

SHANGHAI = ZoneInfo("Asia/Shanghai")
WORKING_DAY = 7 * 3600  # 09:00-12:00 and 13:30-17:30


def _local(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture(scope="module")
def china() -> WorkCalendar:
    """The shipped calendar with China's published holidays and make-up working days."""
    config = policies.read(policies.DEFAULT_FILE)
    exceptions = {h.day: h.workday for h in config.holidays}
    return WorkCalendar(exceptions=exceptions)


def test_a_working_day_deadline_skips_the_weekend(china):
    friday_afternoon = _local(2026, 11, 20, 16, 0)
    due = china.add(friday_afternoon, WORKING_DAY, "working_days")
    assert due == _local(2026, 11, 23, 16, 0)  # 1.5 h on Friday, 5.5 h on Monday


def test_a_working_day_deadline_skips_a_public_holiday_and_counts_a_make_up_saturday(china):
    # National Day 2026: 1-7 October off; Saturday 10 October is a make-up working day.
    opened = _local(2026, 9, 30, 10, 0)
    due = china.add(opened, 3 * WORKING_DAY, "working_days")
    assert due == _local(2026, 10, 10, 10, 0)


def test_a_deadline_in_hours_counts_nights_and_holidays(china):
    opened = _local(2026, 10, 1, 22, 0)
    assert china.add(opened, 24 * 3600, "hours") == _local(2026, 10, 2, 22, 0)


def test_a_message_sent_at_night_starts_its_clock_next_morning(china):
    assert china.add(_local(2026, 11, 24, 23, 0), 3600, "working_hours") == _local(2026, 11, 25, 10, 0)
    assert china.between(_local(2026, 11, 20, 17, 0), _local(2026, 11, 23, 10, 0), "working_hours") == 5400


def test_a_consultation_opened_before_national_day_is_due_on_the_make_up_saturday(runtime):
    case_id = quick_case(runtime, "请问办理居住证需要什么材料")
    opened = _local(2026, 9, 30, 10, 0)
    with runtime.session() as session:
        case, clock = session.get(Case, case_id), session.get(CaseClock, case_id)
        case.kind, case.opened_at = "consultation", opened
        clock.first_response_started_at = clock.resolution_started_at = opened
        clocks.recompute(session, case, "opened on the eve of National Day")
    case = _case(runtime, case_id)
    assert case.first_response_due_at == _local(2026, 9, 30, 15, 30)  # 4 working hours, lunch excluded
    assert case.resolution_due_at == _local(2026, 10, 10, 10, 0)  # 3 working days: 30 Sep, 8-9 Oct, Sat 10 Oct


def test_the_presets_give_emergencies_hours_and_complaints_fifteen_working_days(runtime):
    case_id = quick_case(runtime, "村口的路灯坏了三天了")  # a complaint, as the router reads it
    with Session(runtime.engine) as session:
        case, clock = session.get(Case, case_id), session.get(CaseClock, case_id)
        calendar = policies.load_calendar(session)
        assert clock.resolution_unit == "working_days" and clock.resolution_limit_seconds == 15 * WORKING_DAY
        assert calendar.between(case.opened_at, case.resolution_due_at, "working_days") == 15 * WORKING_DAY
    with runtime.session() as session:
        case = session.get(Case, case_id)
        case.priority = "urgent"
        session.add(case)
    case = _case(runtime, case_id)
    assert case.first_response_due_at == case.opened_at + timedelta(hours=1)
    assert case.resolution_due_at == case.opened_at + timedelta(hours=24)
    recomputed = [e for e in case_events(runtime, case_id) if e.kind == "sla_recomputed"]
    assert len(recomputed) == 1 and recomputed[-1].detail["reason"] == "department, kind or priority changed"


def test_a_department_policy_overrides_the_general_one_for_that_department(runtime):
    with runtime.session() as session:
        session.add(SlaPolicy(name="环保投诉", department_code="environment", kind="complaint",
                              first_response_limit=2, first_response_unit="working_hours",
                              resolution_limit=7, resolution_unit="working_days"))  # fmt: skip
    case_id = quick_case(runtime, "工厂排污，河水发臭")
    with runtime.session() as session:
        case = session.get(Case, case_id)
        case.kind = "complaint"
        session.add(case)
    with Session(runtime.engine) as session:
        clock = session.get(CaseClock, case_id)
        assert (clock.resolution_limit_seconds, clock.first_response_limit_seconds) == (7 * WORKING_DAY, 7200)


def test_waiting_on_the_citizen_pauses_the_clocks_and_moves_the_deadline_by_the_working_time_waited(runtime):
    case_id = quick_case(runtime)
    before = _case(runtime, case_id).resolution_due_at
    with runtime.session() as session:
        lifecycle.transition(session, session.get(Case, case_id), "waiting_on_citizen", "agent:wang", "need address")
    with runtime.session() as session:
        clock = session.get(CaseClock, case_id)
        assert clock.paused_at is not None and clock.next_check_at is None
        clock.paused_at -= timedelta(days=3)  # as if the citizen took three days to reply
        session.add(clock)
        # While paused, a deadline passing does nothing.
        assert escalation.check(session, case_id, before + timedelta(days=30)) == []
    with runtime.session() as session:
        lifecycle.transition(session, session.get(Case, case_id), "in_progress", "citizen", "replied")
    with Session(runtime.engine) as session:
        clock, case = session.get(CaseClock, case_id), session.get(Case, case_id)
        calendar = policies.load_calendar(session)
    assert clock.paused_at is None and 3 * 86400 - 5 <= clock.paused_seconds <= 3 * 86400 + 5
    assert clock.paused_working_seconds > 0
    assert calendar.between(before, case.resolution_due_at, "working_days") == clock.paused_working_seconds
    assert not _breaches(runtime)


def test_an_extension_needs_a_reason_and_a_supervisor_and_then_moves_the_deadline(runtime):
    case_id = quick_case(runtime)
    agent = make_user(runtime, "wang", role="agent", language="zh")
    supervisor = make_user(runtime, "li", role="supervisor", language="zh")
    due = _case(runtime, case_id).resolution_due_at
    with Session(runtime.engine) as session:
        wanted = policies.load_calendar(session).add(due, 2 * WORKING_DAY, "working_days")
    with pytest.raises(ExtensionError, match="needs a reason"), runtime.session() as session:
        extensions.request(session, session.get(Case, case_id), "resolution", wanted, "  ", "wang")
    with runtime.session() as session:
        extension = extensions.request(
            session, session.get(Case, case_id), "resolution", wanted, "等待住建局现场勘查", "wang"
        )
        extension_id = extension.id
    with pytest.raises(ExtensionError, match="only a supervisor"), runtime.session() as session:
        extensions.approve(session, session.get(SlaExtension, extension_id), session.get(User, agent))
    assert _case(runtime, case_id).resolution_due_at == due
    with runtime.session() as session:
        extensions.approve(session, session.get(SlaExtension, extension_id), session.get(User, supervisor), "同意")
    assert _case(runtime, case_id).resolution_due_at == wanted
    kinds = [e.kind for e in case_events(runtime, case_id)]
    assert [k for k in kinds if "ext" in k] == ["sla_extension_requested", "sla_extension_approved", "sla_extended"]
    with pytest.raises(ExtensionError, match="already approved"), runtime.session() as session:
        extensions.reject(session, session.get(SlaExtension, extension_id), session.get(User, supervisor))


def test_near_a_deadline_the_assignee_is_reminded_once(runtime):
    case_id = quick_case(runtime)
    agent = make_user(runtime, "wang", role="agent", language="zh")
    with runtime.session() as session:
        case = session.get(Case, case_id)
        case.assignee_id = agent
        session.add(case)
        clock = session.get(CaseClock, case_id)
        now = clock.resolution_remind_at + timedelta(minutes=1)
        first = escalation.check(session, case_id, min(now, clock.first_response_remind_at + timedelta(minutes=1)))
        again = escalation.check(session, case_id, min(now, clock.first_response_remind_at + timedelta(minutes=1)))
    assert first == ["first_response reminder"] and again == []
    with Session(runtime.engine) as session:
        note, supervisors = session.exec(select(StaffNotification).order_by(StaffNotification.id)).all()
    assert note.user_id == agent and note.kind == "sla_reminder" and _case(runtime, case_id).reference in note.text
    assert (supervisors.role, supervisors.department_id) == ("supervisor", _case(runtime, case_id).department_id)
    assert "local time" in note.text


def test_a_missed_deadline_is_recorded_marks_the_case_overdue_and_alerts_supervisors(runtime):
    case_id = quick_case(runtime)
    late = _case(runtime, case_id).resolution_due_at + timedelta(minutes=1)
    with runtime.session() as session:
        done = escalation.check(session, case_id, late)
    with runtime.session() as session:
        assert escalation.check(session, case_id, late + timedelta(hours=1)) == []  # recorded once
    assert done == ["first_response breached", "resolution breached"]
    case = _case(runtime, case_id)
    assert case.overdue
    assert sorted(b.clock for b in _breaches(runtime)) == ["first_response", "resolution"]
    with Session(runtime.engine) as session:
        alerts = session.exec(select(StaffNotification).where(StaffNotification.kind == "sla_breach")).all()
    assert {(a.role, a.department_id) for a in alerts} == {("supervisor", case.department_id)}
    assert [e.kind for e in case_events(runtime, case_id)].count("sla_breached") == 2


def test_a_breach_stays_on_the_record_after_the_case_is_answered(runtime):
    case_id = quick_case(runtime)
    late = _case(runtime, case_id).resolution_due_at + timedelta(minutes=1)
    with runtime.session() as session:
        escalation.check(session, case_id, late)
    from feedback.answers import resolution

    with runtime.session() as session:
        resolution.resolve_with_answer(session, session.get(Case, case_id), "已处理", "agent:wang")
    assert len(_breaches(runtime)) == 2 and _case(runtime, case_id).status == "resolved"


def test_deadline_timers_are_scheduled_rq_jobs_that_fire_and_escalate(runtime):
    _tiny_limits(runtime, hours=0.0005)  # 1.8 s to respond, 1.8 s to resolve
    case_id = quick_case(runtime)
    registry = runtime.queue(queues.SCHEDULED).scheduled_job_registry
    assert any(job_id.startswith(f"civicline-sla-{case_id}-") for job_id in registry.get_job_ids())
    wallclock.sleep(2.2)
    from rq.scheduler import RQScheduler

    from worker import PromptWorker, release_delayed_jobs

    scheduler = RQScheduler([queues.SCHEDULED], connection=runtime.redis)
    assert release_delayed_jobs(scheduler) >= 1  # what the ticker does; both clocks run out at once
    worker = PromptWorker([runtime.queue(queues.SCHEDULED)], connection=runtime.redis)
    worker.work(burst=True, logging_level="WARNING")
    assert {b.clock for b in _breaches(runtime)} == {"first_response", "resolution"}
    assert _case(runtime, case_id).overdue


def test_the_sweep_finds_a_deadline_whose_timer_redis_lost(runtime):
    case_id = quick_case(runtime)
    runtime.redis.flushdb()  # the scheduled jobs are gone
    with runtime.session() as session:
        clock = session.get(CaseClock, case_id)
        clock.resolution_started_at = clock.first_response_started_at = utcnow() - timedelta(days=60)
        clocks.apply_due_times(session, session.get(Case, case_id), clock)
    assert deadlines.sweep()["checked"] == 1
    assert len(_breaches(runtime)) == 2 and _case(runtime, case_id).overdue


def test_the_sweep_starts_clocks_for_an_open_case_that_has_none(runtime):
    case_id = quick_case(runtime)
    with runtime.session() as session:
        session.delete(session.get(CaseClock, case_id))
        case = session.get(Case, case_id)
        case.first_response_due_at = case.resolution_due_at = None
        session.add(case)
    assert deadlines.sweep()["started"] == 1
    assert _case(runtime, case_id).resolution_due_at is not None


def test_an_sla_file_with_a_bad_unit_is_refused_with_its_name_and_nothing_changes(runtime, tmp_path):
    bad = tmp_path / "sla.toml"
    bad.write_text('[[policy]]\nname = "x"\nfirst_response = [1, "fortnights"]\nresolution = [3, "working_days"]\n')
    with pytest.raises(SlaConfigError, match="first_response: the unit must be one of"):
        policies.read(bad)
    from app import create_app

    result = create_app(runtime=runtime).test_cli_runner().invoke(args=["sla", "load", str(bad)])
    assert result.exit_code != 0 and "fortnights" in result.output
    with Session(runtime.engine) as session:
        assert len(session.exec(select(SlaPolicy)).all()) == 10  # the presets are untouched


def test_the_shipped_presets_load_and_show_from_the_cli(app):
    result = app.test_cli_runner().invoke(args=["sla", "show"])
    assert result.exit_code == 0
    assert "priority=urgent" in result.output and "24 hours" in result.output
    assert "kind=complaint" in result.output and "resolution 15 working_days" in result.output
    # The shipped holidays end with 2026; from November 2026 on, the operator is told to enter the next ones.
    assert "warning: no public holidays entered for 20" in result.output


def _tiny_limits(runtime, hours: float) -> None:
    with runtime.session() as session:
        for policy in session.exec(select(SlaPolicy)):
            policy.first_response_limit = policy.resolution_limit = hours
            policy.first_response_unit = policy.resolution_unit = "hours"
            session.add(policy)


def _case(runtime, case_id: int) -> Case:
    with Session(runtime.engine) as session:
        return session.get(Case, case_id)


def _breaches(runtime) -> list[SlaBreach]:
    with Session(runtime.engine) as session:
        return list(session.exec(select(SlaBreach)))


def test_the_workers_ticker_enqueues_the_sla_sweep_once_per_interval(runtime):
    from jobs import periodic

    assert "sla_sweep" in periodic.enqueue_due(runtime)
    assert "sla_sweep" not in periodic.enqueue_due(runtime)  # another worker's ticker, same minute
    [job] = [j for j in runtime.queue(queues.SCHEDULED).get_jobs() if j.func_name == "jobs.deadlines.sweep"]
    assert job.func_name == "jobs.deadlines.sweep"


def test_a_message_gets_its_kind_at_intake_and_the_presets_of_its_kind_apply(client, runtime, twilio):
    consultation = text_in(client, runtime, "请问办理居住证需要什么材料？", sender="+8613800000101")
    complaint = text_in(client, runtime, "物业乱收停车费，我要投诉", sender="+8613800000102")
    assert (consultation.kind, complaint.kind) == ("consultation", "complaint")
    # Consultations are answered within 3 working days, complaints within 15 (the shipped presets).
    assert consultation.resolution_due_at < complaint.resolution_due_at
    opened = [e for e in case_events(runtime, consultation.id) if e.kind == "opened"]
    assert opened[0].detail["matter_kind"] == "consultation"


def test_an_agent_corrects_the_kind_and_the_time_limits_follow(client, runtime, twilio):
    case = text_in(client, runtime, "物业乱收停车费，我要投诉")
    headers = {"Authorization": f"Bearer {runtime.settings.api_token}"}
    answer = client.post(f"/api/cases/{case.reference}/kind", json={"kind": "consultation"}, headers=headers)
    assert answer.status_code == 200 and answer.get_json()["kind"] == "consultation"
    corrected = _case(runtime, case.id)
    assert corrected.resolution_due_at < case.resolution_due_at
    [changed] = [e for e in case_events(runtime, case.id) if e.kind == "kind_changed"]
    assert (changed.detail["from_kind"], changed.detail["to_kind"]) == ("complaint", "consultation")
    assert changed.actor == "api"
    refused = client.post(f"/api/cases/{case.reference}/kind", json={"kind": "gossip"}, headers=headers)
    assert refused.status_code == 400 and _case(runtime, case.id).kind == "consultation"
