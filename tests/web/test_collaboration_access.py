"""Who sees a case that several departments work: an assisting department reads exactly the assisted case while
its task is open, the agent who first handled it keeps it in "Mine" until closed, and only the lead changes it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from core.clock import utcnow
from feedback.cases.models import Case
from feedback.collaboration.models import AssistTask, CaseReturn
from tests.helpers.cases import outbound, quick_case
from tests.helpers.staff import department_id, make_user, sign_in_with_cookie

ROAD = "村口的路塌了一半，下水道也堵了"
OTHER = "我家门口的垃圾三天没人收"


@pytest.fixture
def world(app, runtime) -> dict:
    """One citizen, a transport case (ROAD) and an environment case (OTHER); agents of three departments."""
    app.config["WTF_CSRF_ENABLED"] = False
    road, other = quick_case(runtime, ROAD), quick_case(runtime, OTHER)
    ids = {code: department_id(runtime, code) for code in ("transport", "environment", "urban_rural_construction")}
    with runtime.session() as session:
        for case_id, code in ((road, "transport"), (other, "environment")):
            case = session.get(Case, case_id)
            case.department_id, case.assignee_id = ids[code], None
            session.add(case)
    with runtime.session() as session:
        cases = {c.id: c for c in session.exec(select(Case))}
        for case in cases.values():
            case.resolution_due_at = utcnow() + timedelta(days=30)
            session.add(case)
        refs = {"road": cases[road].reference, "other": cases[other].reference, "citizen": cases[road].citizen_id}
    return {
        **refs, **{f"dept_{k}": v for k, v in ids.items()},
        "lead": make_user(runtime, "tr.agent", departments=("transport",)),
        "drains": make_user(runtime, "cj.agent", departments=("urban_rural_construction",)),
        "env": make_user(runtime, "env.agent", departments=("environment",)),
        "supervisor": make_user(runtime, "centre.sup", role="supervisor"),
    }  # fmt: skip


def _as(app, user_id: int):
    client = app.test_client()
    sign_in_with_cookie(client, user_id)
    return client


def _assist(app, world) -> None:
    form = {"department_id": world["dept_urban_rural_construction"], "text": "疏通下水道", "working_days": "3"}
    response = _as(app, world["lead"]).post(f"/cases/{world['road']}/collab/assist", data=form)
    assert response.status_code == 302


def _task(runtime) -> AssistTask:
    with Session(runtime.engine) as session:
        return session.exec(select(AssistTask)).one()


def test_an_assisting_agent_reads_the_assisted_case_but_not_the_citizens_other_cases(app, runtime, world):
    drains = _as(app, world["drains"])
    assert drains.get(f"/cases/{world['road']}").status_code == 404  # before anyone asked them
    _assist(app, world)
    page = drains.get(f"/cases/{world['road']}")
    assert page.status_code == 200 and ROAD in page.get_data(as_text=True)
    assert world["other"] not in page.get_data(as_text=True)  # the citizen panel lists only what they may see
    assert drains.get(f"/cases/{world['other']}").status_code == 404
    assert drains.get(f"/api/cases/{world['road']}").status_code == 200
    assert drains.get(f"/api/cases/{world['other']}").status_code == 404
    cases = drains.get(f"/api/citizens/{world['citizen']}").get_json()["cases"]
    assert [c["reference"] for c in cases] == [world["road"]]
    folder = drains.get("/inbox?folder=assisting").get_data(as_text=True)
    assert world["road"] in folder and world["other"] not in folder


def test_an_assisting_agent_cannot_answer_the_citizen_or_move_the_case(app, runtime, world):
    _assist(app, world)
    drains = _as(app, world["drains"])
    drains.post(f"/cases/{world['road']}/reply", data={"text": "我们来修"})
    drains.post(f"/cases/{world['road']}/collab/return", data={"reason_code": "other", "text": "不是我们的"})
    assert outbound(runtime, "agent_reply") == []
    assert drains.post(f"/api/cases/{world['road']}/replies", json={"text": "我们来修"}).status_code == 404
    with Session(runtime.engine) as session:
        assert (
            session.exec(select(Case).where(Case.reference == world["road"])).one().department_id
            == world["dept_transport"]
        )


def test_an_assisting_agent_loses_the_case_when_the_task_is_done(app, runtime, world):
    _assist(app, world)
    drains = _as(app, world["drains"])
    done = drains.post(
        f"/cases/{world['road']}/collab/assist_done", data={"task_id": _task(runtime).id, "part": "下水道已疏通"}
    )
    assert done.status_code == 302 and done.headers["Location"].endswith("/inbox")
    assert drains.get(f"/cases/{world['road']}").status_code == 404
    assert drains.get(f"/api/cases/{world['road']}").status_code == 404
    assert world["road"] not in drains.get("/inbox?folder=assisting").get_data(as_text=True)
    lead_page = _as(app, world["lead"]).get(f"/cases/{world['road']}").get_data(as_text=True)
    assert "下水道已疏通" in lead_page


def test_the_lead_cannot_resolve_while_a_task_is_open(app, runtime, world):
    _assist(app, world)
    lead = _as(app, world["lead"])
    lead.post(f"/cases/{world['road']}/resolve", data={"text": "路已修好"})
    page = lead.get(f"/cases/{world['road']}").get_data(as_text=True)
    assert "assisting tasks are open" in page
    assert outbound(runtime, "answer") == []
    with Session(runtime.engine) as session:
        assert session.exec(select(Case).where(Case.reference == world["road"])).one().status != "resolved"


def test_assisting_ones_own_department_is_refused_with_nothing_changed(app, runtime, world):
    form = {"department_id": world["dept_transport"], "text": "自己协办自己", "working_days": "3"}
    lead = _as(app, world["lead"])
    lead.post(f"/cases/{world['road']}/collab/assist", data=form)
    assert "cannot assist its own case" in lead.get(f"/cases/{world['road']}").get_data(as_text=True)
    with Session(runtime.engine) as session:
        assert session.exec(select(AssistTask)).all() == []


def test_the_first_agent_keeps_the_case_in_mine_after_a_transfer_until_it_is_closed(app, runtime, world):
    lead = _as(app, world["lead"])
    lead.post(f"/cases/{world['road']}/claim")
    lead.post(f"/cases/{world['road']}/transfer", data={"department_id": world["dept_environment"], "reason": "污染"})
    assert world["road"] in lead.get("/inbox?folder=mine").get_data(as_text=True)
    page = lead.get(f"/cases/{world['road']}").get_data(as_text=True)
    assert "tr.agent" in page and 'class="first-contact"' in page
    with runtime.session() as session:
        case = session.exec(select(Case).where(Case.reference == world["road"])).one()
        case.status = "closed"
        session.add(case)
    assert lead.get(f"/cases/{world['road']}").status_code == 404
    assert world["road"] not in lead.get("/inbox?folder=mine").get_data(as_text=True)


def test_the_api_adds_an_assistant_and_refuses_bad_input_with_a_clear_error(app, runtime, world):
    api = app.test_client()
    bearer = {"Authorization": f"Bearer {runtime.settings.api_token}"}
    url = f"/api/cases/{world['road']}/assists"
    own = api.post(url, json={"department_id": world["dept_transport"], "text": "x", "working_days": 2}, headers=bearer)
    assert own.status_code == 400 and "own case" in own.get_json()["error"]
    good = {"department_id": world["dept_environment"], "text": "检测水质", "working_days": 2}
    added = api.post(url, json=good, headers=bearer)
    assert added.status_code == 201 and [t["status"] for t in added.get_json()["tasks"]] == ["open"]
    shown = api.get(f"/api/cases/{world['road']}/collaboration", headers=bearer).get_json()
    assert shown["tasks"][0]["department_id"] == world["dept_environment"]


def test_the_assisting_agent_is_told_about_the_task_in_their_notifications(app, runtime, world):
    drains = _as(app, world["drains"])
    assert world["road"] not in drains.get("/notifications").get_data(as_text=True)
    _assist(app, world)
    assert world["road"] in drains.get("/notifications").get_data(as_text=True)


def test_the_api_returns_arbitrates_refuses_a_second_return_and_records_a_notice_reply(app, runtime, world):
    bearer = {"Authorization": f"Bearer {runtime.settings.api_token}"}
    lead, api, base = _as(app, world["lead"]), app.test_client(), f"/api/cases/{world['road']}"
    assert lead.post(f"{base}/returns", json={"reason_code": "other", "text": " "}).status_code == 400
    returned = lead.post(f"{base}/returns", json={"reason_code": "not_our_remit", "text": "归城建"})
    assert returned.status_code == 201 and returned.get_json()["returns"][0]["status"] == "pending"
    waiting = api.get("/api/cases?folder=arbitration", headers=bearer).get_json()["cases"]
    assert [c["reference"] for c in waiting] == [world["road"]]
    [pending] = returned.get_json()["returns"]
    refused = lead.post(f"{base}/returns/{pending['id']}/decision", json={"department_id": 1, "reason": "x"})
    assert refused.status_code == 400  # an agent does not arbitrate
    decision = {"department_id": world["dept_transport"], "reason": "道路排水属交通"}
    decided = api.post(f"{base}/returns/{pending['id']}/decision", json=decision, headers=bearer)
    assert decided.status_code == 201 and decided.get_json()["returns"][0]["status"] == "rejected"
    again = lead.post(f"{base}/returns", json={"reason_code": "other", "text": "还是不归我们"})
    assert again.status_code == 400 and "cannot be returned again" in again.get_json()["error"]
    notice = {"department_id": world["dept_transport"], "text": "请说明进展", "reply_by": "2999-01-01"}
    issued = api.post(f"{base}/notices", json=notice, headers=bearer).get_json()["notices"][0]
    assert issued["reply_by"].startswith("2999-01-01T15:59")  # the end of that day in the hotline's zone
    reply = lead.post(f"{base}/notices/{issued['id']}/reply", json={"text": "已派人处理"})
    assert reply.status_code == 201 and reply.get_json()["notices"][0]["reply"] == "已派人处理"


def test_a_supervisor_reads_the_whole_collaboration_of_a_case_in_chinese(app, runtime, world):
    zh = make_user(runtime, "zhou.sup", role="supervisor", language="zh")
    supervisor, lead, base = _as(app, zh), _as(app, world["lead"]), f"/cases/{world['road']}/collab"
    _assist(app, world)
    lead.post(f"{base}/assist_release", data={"task_id": _task(runtime).id, "reason": "已不需要"})
    lead.post(f"{base}/return", data={"reason_code": "duplicate", "text": "与另一工单重复"})
    with Session(runtime.engine) as session:
        pending = session.exec(select(CaseReturn)).one().id
    moved = {"return_id": pending, "department_id": world["dept_environment"], "reason": "属环保职责"}
    supervisor.post(f"{base}/arbitrate", data=moved)
    notice = {"department_id": world["dept_environment"], "text": "请三日内说明", "reply_by": "2999-01-01"}
    supervisor.post(f"{base}/notice", data=notice)
    page = supervisor.get(f"/cases/{world['road']}").get_data(as_text=True)
    for words in (
        "办理部门",
        "已解除：已不需要",
        "与其他工单重复",
        "裁定：工单改由",
        "属环保职责",
        "请三日内说明",
        "督办单",
    ):
        assert words in page, words
    environment = _as(app, world["env"])  # the department the centre gave it to now answers the notice
    assert "请三日内说明" in environment.get(f"/cases/{world['road']}").get_data(as_text=True)
