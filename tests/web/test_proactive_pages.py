"""The pages of acting before the call: a recurring problem on the hot-spot page becomes a task for a department,
its agents do it, outsiders cannot see it, the case page says what its report is part of, and the dashboard counts."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import Session, select

from core.clock import utcnow
from feedback.proactive.models import ProactiveTask
from tests.feedback.test_proactive import DRAIN, _report
from tests.helpers.staff import csrf_token, department_id, make_user, sign_in_with_cookie


def _new_task_link(page: str) -> str:
    [link] = re.findall(r'class="make-task" href="([^"]*source=recurring[^"]*)"', page)
    return link.replace("&amp;", "&")


def test_a_recurring_problem_becomes_a_task_the_department_does_and_the_reporters_are_told(client, runtime):
    ids = [_report(runtime, text, f"+8613800000{n:03d}", days_ago=7 * n + 1) for n, text in enumerate(DRAIN)]
    urban = department_id(runtime, "urban_rural_construction")
    boss = make_user(runtime, "boss", role="supervisor")
    zhang = make_user(runtime, "zhang", departments=[urban])
    outsider = make_user(runtime, "li", departments=["environment"])
    sign_in_with_cookie(client, boss)
    hotspots = client.get("/hotspots").get_data(as_text=True)
    assert "Recurring problems" in hotspots and "3 reports from 3 citizens in 3 weeks" in hotspots
    form = client.get(_new_task_link(hotspots)).get_data(as_text=True)
    assert "幸福小区" in form and "This task answers 3 reports" in form
    assert f'<option value="{urban}" selected>' in form  # the department the reports went to
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    fields["source"] = re.search(r'name="source">.*?<option value="(\w+)" selected>', form, re.S).group(1)
    due = re.search(r'name="due_at" value="([^"]+)"', form).group(1)
    refused = client.post("/tasks/new", data={**fields, "title": "", "department_id": urban, "due_at": due})
    assert refused.status_code == 400 and "a task needs a title" in refused.get_data(as_text=True)
    made = client.post("/tasks/new", data={**fields, "title": "彻底解决幸福小区下水道堵塞", "department_id": urban,
                                           "owner_id": zhang, "due_at": due}, follow_redirects=True)  # fmt: skip
    page = made.get_data(as_text=True)
    assert made.status_code == 200 and "彻底解决幸福小区下水道堵塞" in page and "a recurring problem" in page
    assert "made the task" in page and "CST" in page
    with Session(runtime.engine) as session:
        task = session.exec(select(ProactiveTask)).one()
    case_page = client.get(f"/cases/{_reference(runtime, ids[0])}").get_data(as_text=True)
    assert "Recurring problem: Sewage and drains at 幸福小区" in case_page and "彻底解决幸福小区下水道堵塞" in case_page

    sign_in_with_cookie(client, outsider)
    assert client.get(f"/tasks/{task.id}").status_code == 404
    assert "彻底解决" not in client.get("/tasks").get_data(as_text=True)
    assert client.post(f"/tasks/{task.id}/complete", data={"csrf_token": csrf_token(client, "/tasks"),
                                                           "outcome": "x"}).status_code == 404  # fmt: skip

    sign_in_with_cookie(client, zhang)
    assert "彻底解决" in client.get("/tasks").get_data(as_text=True)
    token = csrf_token(client, f"/tasks/{task.id}")
    assert client.post(f"/tasks/{task.id}/cancel", data={"csrf_token": token, "reason": "x"}).status_code == 403
    empty = client.post(f"/tasks/{task.id}/complete", data={"csrf_token": token, "outcome": " "}, follow_redirects=True)
    assert "say what was done" in empty.get_data(as_text=True)
    said = {"csrf_token": token, "outcome": "更换了主管道", "tell": "1", "notice": "幸福小区下水道已彻底修好。"}
    done = client.post(f"/tasks/{task.id}/complete", data=said, follow_redirects=True)
    assert "3 citizens who reported it are told" in done.get_data(as_text=True)

    sign_in_with_cookie(client, boss)
    dashboard = client.get("/dashboard/").get_data(as_text=True)
    assert re.search(r"<b>0</b>proactive tasks open now", dashboard)
    assert re.search(r"<b>1</b>proactive tasks done in the period", dashboard)


def test_a_task_link_naming_an_unknown_case_is_refused_not_a_crash(client, runtime):
    sign_in_with_cookie(client, make_user(runtime, "boss", role="supervisor"))
    response = client.get("/tasks/new?cases=NOPE123&source=hotspot")
    assert response.status_code in (400, 404) and "NOPE123" in response.get_data(as_text=True)
    assert client.get("/tasks/new?source=<b>").status_code == 200
    assert client.get("/tasks?status=whatever").status_code == 200


def test_agents_cannot_make_tasks_and_a_late_task_shows_late(client, runtime):
    urban = department_id(runtime, "urban_rural_construction")
    agent = make_user(runtime, "zhang", departments=[urban])
    with runtime.session() as session:
        session.add(ProactiveTask(title="汛前清理排水沟", department_id=urban, due_at=utcnow() - timedelta(hours=2),
                                  created_by="boss"))  # fmt: skip
    sign_in_with_cookie(client, agent)
    assert client.get("/tasks/new").status_code in (403, 404)
    listing = client.get("/tasks").get_data(as_text=True)
    assert "汛前清理排水沟" in listing and "task-late" in listing and "overdue" in listing


def _reference(runtime, case_id: int) -> str:
    from feedback.cases.models import Case

    with Session(runtime.engine) as session:
        return session.get(Case, case_id).reference
