"""Recurring problems (久拖不决) and proactive tasks (未诉先办): the same problem at one place week after week is
flagged, a supervisor gives a department a task for it, and when it is done the citizens who reported it are told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from core.clock import utcnow
from feedback.cases.models import Case
from feedback.hotspots import recurring
from feedback.incidents import linking
from feedback.incidents.models import CaseFingerprint
from feedback.outreach.models import Campaign
from feedback.proactive import actions
from feedback.proactive.models import DONE, OPEN, ProactiveTask, ProactiveTaskEvent
from router.identity.models import Citizen
from tests.helpers.cases import case_events, outbound, quick_case
from tests.helpers.outreach import recipients
from tests.helpers.staff import department_id, make_user
from tests.helpers.worker import work


def _report(runtime, text: str, phone: str, days_ago: float) -> int:
    """A citizen's report, opened `days_ago` days back, fingerprinted as the inbound steps do."""
    case_id = quick_case(runtime, text, urn=f"tel:{phone}")
    with runtime.session() as session:
        case = session.get(Case, case_id)
        case.opened_at = utcnow() - timedelta(days=days_ago)
        session.add(case)
        linking.link(session, case, text, session.get(Citizen, case.citizen_id))
        mark = session.get(CaseFingerprint, case_id)
        mark.incident_id = None  # weeks apart: not one incident
        session.add(mark)
    return case_id


DRAIN = ["幸福小区下水道又堵了，污水反上来", "幸福小区的下水道堵塞好几次了", "幸福小区下水道污水横流没人管"]


def test_the_same_problem_at_one_place_from_three_citizens_in_three_weeks_recurs(runtime):
    ids = [_report(runtime, text, f"+8613800000{n:03d}", days_ago=7 * n + 1) for n, text in enumerate(DRAIN)]
    _report(runtime, "解放路路灯不亮", "+8613800000999", days_ago=2)
    with Session(runtime.engine) as session:
        [found] = recurring.find(session)
        assert (found.place, found.problem) == ("幸福小区", "sewage")
        assert sorted(found.case_ids) == sorted(ids) and len(found.citizens) == 3 and len(found.weeks) == 3
        assert [g.place for g in recurring.for_case(session, ids[0])] == ["幸福小区"]


@pytest.mark.parametrize(
    "phones, days",
    [
        (["+8613800000001"] * 3, [1, 8, 15]),  # one citizen repeating themself: not a place's problem
        (["+8613800000001", "+8613800000002", "+8613800000003"], [1, 1.5, 2]),  # one week: an incident
        (["+8613800000001", "+8613800000002", "+8613800000003"], [1, 8, 200]),  # the third too long ago
    ],
)
def test_one_citizen_one_week_or_old_reports_do_not_recur(runtime, phones, days):
    for text, phone, ago in zip(DRAIN, phones, days, strict=True):
        _report(runtime, text, phone, ago)
    with Session(runtime.engine) as session:
        assert recurring.find(session) == []


def _draft(runtime, **changes) -> actions.Draft:
    urban = department_id(runtime, "urban_rural_construction")
    values = dict(title="清理幸福小区下水道", department_id=urban, due_at=utcnow() + timedelta(days=5),
                  source="recurring", place="幸福小区", problem="sewage")  # fmt: skip
    values.update(changes)
    return actions.Draft(**values)


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"title": "  "}, "needs a title"),
        ({"department_id": None}, "choose the department"),
        ({"department_id": 99999}, "choose the department"),
        ({"due_at": utcnow() - timedelta(hours=1)}, "in the future"),
        ({"source": "rumour"}, "unknown source"),
        ({"case_ids": (99999,)}, "do not exist"),
    ],
)
def test_a_bad_task_is_refused_and_nothing_is_written(runtime, changes, reason):
    draft = _draft(runtime, **changes)
    with runtime.session() as session, pytest.raises(actions.TaskError, match=reason):
        actions.create(session, draft, "boss")
    with Session(runtime.engine) as session:
        assert session.exec(select(ProactiveTask)).first() is None
        assert session.exec(select(ProactiveTaskEvent)).first() is None


def test_an_owner_outside_the_department_is_refused(runtime):
    draft = _draft(runtime, owner_id=make_user(runtime, "li", departments=["environment"]))
    with runtime.session() as session, pytest.raises(actions.TaskError, match="active member"):
        actions.create(session, draft, "boss")


def test_done_task_tells_each_reporter_once_on_their_channel_and_respects_opt_out(runtime):
    ids = [_report(runtime, text, f"+8613800000{n:03d}", days_ago=7 * n + 1) for n, text in enumerate(DRAIN)]
    again = _report(runtime, "幸福小区下水道还是堵", "+8613800000000", days_ago=0.5)  # the first citizen again
    owner = make_user(runtime, "zhang", departments=["urban_rural_construction"])
    draft = _draft(runtime, owner_id=owner, case_ids=(*ids, again))
    with runtime.session() as session:
        closed = session.get(Case, ids[1])
        closed.status = "closed"
        session.add(closed)
        quiet = session.get(Citizen, session.get(Case, ids[2]).citizen_id)
        quiet.opted_out_at = utcnow()
        session.add(quiet)
        task = actions.create(session, draft, "boss")
        task_id = task.id
    with runtime.session() as session:
        told = actions.complete(session, session.get(ProactiveTask, task_id), "疏通并更换了管道", "zhang",
                                notice="幸福小区的下水道已疏通并更换管道，感谢您的反映。")  # fmt: skip
    # Three citizens reported; an open case is answered (opted out or not: it is that case's answer).
    assert told == 3
    answers = outbound(runtime, "answer")
    notice = recipients(runtime, _task_notice(runtime, task_id))  # the closed case's citizen, by an outreach notice
    assert [r.citizen_id for r in notice] == [_citizen_of(runtime, ids[1])]
    assert {a.case_id for a in answers} == {ids[0], ids[2]}  # open cases answered (first citizen once)
    with Session(runtime.engine) as session:
        task = session.get(ProactiveTask, task_id)
        assert task.status == DONE and task.citizens_told == 3 and task.outcome == "疏通并更换了管道"
        assert session.get(Case, ids[0]).status == "resolved"
    assert "proactive_task_done" in [e.kind for e in case_events(runtime, ids[0])]
    with runtime.session() as session, pytest.raises(actions.TaskError, match="no longer open"):
        actions.complete(session, session.get(ProactiveTask, task_id), "again", "zhang")


def test_a_closed_case_of_an_opted_out_citizen_gets_no_notice(runtime):
    case_id = _report(runtime, DRAIN[0], "+8613800000001", days_ago=3)
    draft = _draft(runtime, case_ids=(case_id,))
    with runtime.session() as session:
        case = session.get(Case, case_id)
        case.status = "closed"
        citizen = session.get(Citizen, case.citizen_id)
        citizen.opted_out_at = utcnow()
        session.add_all([case, citizen])
        task = actions.create(session, draft, "boss")
        assert actions.complete(session, task, "done", "boss", notice="已处理") == 0
        task_id = task.id
    work(runtime)
    assert outbound(runtime, "notice") == []
    assert [r.status for r in recipients(runtime, _task_notice(runtime, task_id))] == ["opted_out"]


def _task_notice(runtime, task_id: int) -> int:
    with Session(runtime.engine) as session:
        return session.exec(select(Campaign.id).where(Campaign.kind == "task", Campaign.source_id == task_id)).one()


def _citizen_of(runtime, case_id: int) -> int:
    with Session(runtime.engine) as session:
        return session.get(Case, case_id).citizen_id


def test_a_late_task_is_announced_once_and_counted(runtime):
    owner = make_user(runtime, "zhang", departments=["urban_rural_construction"])
    draft, environment = _draft(runtime, owner_id=owner), department_id(runtime, "environment")
    with runtime.session() as session:
        task = actions.create(session, draft, "boss")
        task.due_at = utcnow() - timedelta(hours=1)
        session.add(task)
    with runtime.session() as session:
        assert actions.notice_late(session) == 1
    with runtime.session() as session:
        assert actions.notice_late(session) == 0
        start, end = utcnow() - timedelta(days=1), utcnow() + timedelta(days=1)
        figures = actions.figures(session, start, end)
        assert (figures.open, figures.late, figures.done) == (1, 1, 0)
        assert actions.figures(session, start, end, frozenset({environment})).open == 0
        kinds = [e.kind for e in actions.history(session, 1)]
    assert kinds == ["created", "late"]
    with Session(runtime.engine) as session:
        task = session.exec(select(ProactiveTask)).one()
        assert task.status == OPEN and task.late_noticed_at is not None
