"""The pages and helpers around time limits: admins edit presets, supervisors decide extensions, bounces measured."""

from __future__ import annotations

import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, delete, select

from core.clock import utcnow
from feedback.cases import events, notifications
from feedback.cases.models import Case, StaffNotification
from feedback.metrics.transfers import transfers, unclaimed_seconds
from feedback.sla.models import Holiday, SlaExtension, SlaPolicy
from feedback.sla.policies import years_without_holidays
from staff.models import Department
from tests.helpers.cases import quick_case
from tests.helpers.staff import make_user, sign_in_with_cookie
from web.sessions import load_staff


def _csrf(client, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def _policy(runtime, **scope) -> SlaPolicy:
    with Session(runtime.engine) as session:
        query = select(SlaPolicy)
        for name in ("department_code", "kind", "priority"):
            query = query.where(getattr(SlaPolicy, name) == scope.get(name, ""))
        return session.exec(query).one()


def _policy_form(token: str, **values) -> dict:
    form = {"csrf_token": token, "name": "投诉", "kind": "complaint", "priority": "", "department_code": "",
            "first_response_limit": "1", "first_response_unit": "working_days",
            "resolution_limit": "15", "resolution_unit": "working_days"}  # fmt: skip
    return form | values


def test_an_admin_changes_a_preset_on_the_settings_page(client, runtime):
    sign_in_with_cookie(client, make_user(runtime, "admin", role="admin", language="zh"))
    form = _policy_form(_csrf(client, "/admin/sla"), first_response_limit="2", first_response_unit="working_hours")
    complaint = _policy(runtime, kind="complaint")
    assert client.post(f"/admin/sla/policies/{complaint.id}", data=form | {"resolution_limit": "10"}).status_code == 302
    changed = _policy(runtime, kind="complaint")
    assert (changed.first_response_limit, changed.first_response_unit) == (2, "working_hours")
    assert changed.resolution_limit == 10


def test_a_bad_limit_on_the_settings_page_is_explained_and_not_saved(client, runtime):
    sign_in_with_cookie(client, make_user(runtime, "admin", role="admin", language="zh"))
    form = _policy_form(_csrf(client, "/admin/sla"), first_response_limit="-3")
    client.post(f"/admin/sla/policies/{_policy(runtime, kind='complaint').id}", data=form)
    page = client.get("/admin/sla").get_data(as_text=True)
    assert "首次响应：时限必须是不超过 10000 的正数，不能是 -3.0" in page  # the admin reads Chinese
    assert _policy(runtime, kind="complaint").first_response_limit == 1


def test_an_admin_adds_a_holiday_and_a_make_up_working_day(client, runtime):
    sign_in_with_cookie(client, make_user(runtime, "admin", role="admin", language="zh"))
    token = _csrf(client, "/admin/sla")
    client.post("/admin/sla/holidays", data={"csrf_token": token, "day": "2027-01-01", "name": "元旦"})
    client.post("/admin/sla/holidays", data={"csrf_token": token, "day": "2027-01-09", "name": "调休", "workday": "1"})
    with Session(runtime.engine) as session:
        assert session.get(Holiday, date(2027, 1, 1)).workday is False
        assert session.get(Holiday, date(2027, 1, 9)).workday is True
    assert "2027-01-09" in client.get("/admin/sla").get_data(as_text=True)


def test_the_settings_page_warns_until_this_years_holidays_are_entered(client, runtime):
    this_year = utcnow().astimezone(ZoneInfo("Asia/Shanghai")).year
    with Session(runtime.engine) as session:
        session.exec(delete(Holiday).where(col(Holiday.day) >= date(this_year, 1, 1)))
        session.commit()
    sign_in_with_cookie(client, make_user(runtime, "admin", role="admin", language="zh"))
    warning = f"尚未录入 {this_year} 年的法定节假日"  # the admin reads Chinese
    assert warning in client.get("/admin/sla").get_data(as_text=True)
    token = _csrf(client, "/admin/sla")
    client.post("/admin/sla/holidays", data={"csrf_token": token, "day": f"{this_year}-10-01", "name": "国庆节"})
    assert warning not in client.get("/admin/sla").get_data(as_text=True)


def test_next_years_holidays_are_asked_for_from_november(runtime):
    with Session(runtime.engine) as session:
        session.exec(delete(Holiday))
        session.add(Holiday(day=date(2026, 10, 1), name="国庆节"))
        session.commit()
        assert years_without_holidays(session, date(2026, 10, 31)) == []
        assert years_without_holidays(session, date(2026, 11, 22)) == [2027]
        session.add(Holiday(day=date(2027, 1, 1), name="元旦"))
        session.flush()
        assert years_without_holidays(session, date(2026, 12, 31)) == []
        assert years_without_holidays(session, date(2027, 3, 1)) == []


def test_the_settings_page_is_for_admins_only_and_posts_need_the_form_token(client, runtime):
    sign_in_with_cookie(client, make_user(runtime, "li", role="supervisor", language="zh"))
    assert client.get("/admin/sla").status_code == 403
    sign_in_with_cookie(client, make_user(runtime, "admin", role="admin", language="zh"))
    assert client.post("/admin/sla/holidays", data={"day": "2027-01-01"}).status_code == 400
    with Session(runtime.engine) as session:
        assert session.get(Holiday, date(2027, 1, 1)) is None


def _agent_asks_for_a_week_more(client, runtime, reason: str):
    """Sign in an agent of a new case's department and post an extension request; return the case and the page."""
    with Session(runtime.engine) as session:
        case = session.get(Case, quick_case(runtime))
    agent = make_user(runtime, "wang", role="agent", departments=(case.department_id,), language="zh")
    sign_in_with_cookie(client, agent)
    token = _csrf(client, f"/sla/cases/{case.reference}/extension")
    wanted = (case.resolution_due_at + timedelta(days=7)).strftime("%Y-%m-%dT10:00")
    form = {"csrf_token": token, "clock": "resolution", "new_due_at": wanted, "reason": reason}
    return case, client.post(f"/sla/cases/{case.reference}/extension", data=form, follow_redirects=True)


def test_a_supervisor_approves_an_agents_extension_request_on_the_pages(client, runtime):
    case, _ = _agent_asks_for_a_week_more(client, runtime, "需要现场勘查")
    case_id = case.id
    sign_in_with_cookie(client, make_user(runtime, "li", role="supervisor", language="zh"))
    page = client.get("/sla/extensions").get_data(as_text=True)
    assert "需要现场勘查" in page and case.reference in page
    with Session(runtime.engine) as session:
        extension = session.exec(select(SlaExtension)).one()
    token = _csrf(client, "/sla/extensions")
    client.post(f"/sla/extensions/{extension.id}/approve", data={"csrf_token": token, "note": "ok"})
    with Session(runtime.engine) as session:
        extension = session.exec(select(SlaExtension)).one()
        moved = session.get(Case, case_id).resolution_due_at
    assert extension.status == "approved" and extension.decided_by == "li"
    assert moved > case.resolution_due_at


def test_an_extension_request_without_a_reason_is_refused_on_the_page(client, runtime):
    _, page = _agent_asks_for_a_week_more(client, runtime, " ")
    assert "申请延期需要填写理由" in page.get_data(as_text=True)  # the agent reads Chinese
    with Session(runtime.engine) as session:
        assert session.exec(select(SlaExtension)).all() == []


def test_an_agent_cannot_decide_extensions(client, runtime):
    sign_in_with_cookie(client, make_user(runtime, "wang", role="agent", language="zh"))
    assert client.get("/sla/extensions").status_code == 403


def test_notes_reach_the_assignee_and_a_departments_supervisors_and_agents(runtime):
    case_id = quick_case(runtime)
    with Session(runtime.engine) as session:
        department_id = session.get(Case, case_id).department_id
        other = session.exec(select(Department).where(Department.id != department_id)).first().id
    wang = make_user(runtime, "wang", role="agent", departments=(department_id,), language="zh")
    zhao = make_user(runtime, "zhao", role="agent", departments=(other,), language="zh")
    li = make_user(runtime, "li", role="supervisor", language="zh")
    with runtime.session() as session:
        notifications.notify_user(session, wang, "sla_reminder", "yours", case_id)
        notifications.notify_role(session, "agent", department_id, "sla_reminder", "department", case_id)
        notifications.notify_role(session, "supervisor", department_id, "sla_breach", "breach", case_id)
    with Session(runtime.engine) as session:
        seen = {name: {n.text for n in notifications.for_staff(session, load_staff(session, user_id))}
                for name, user_id in (("wang", wang), ("zhao", zhao), ("li", li))}  # fmt: skip
    assert seen == {"wang": {"yours", "department"}, "zhao": set(), "li": {"department", "breach"}}
    with runtime.session() as session:
        note = session.exec(select(StaffNotification).where(StaffNotification.text == "yours")).one()
        notifications.mark_read(session, note.id)
    with Session(runtime.engine) as session:
        assert {n.text for n in notifications.for_staff(session, load_staff(session, wang))} == {"department"}


def test_each_transfer_and_the_time_a_case_waited_unclaimed_are_measured(runtime):
    case_id = quick_case(runtime)
    start = utcnow() - timedelta(hours=10)
    with runtime.session() as session:
        for hours_ago, kind, detail in (
            (10, "transferred", {"from_department_id": 1, "to_department_id": 2, "reason": "不归我们管"}),
            (7, "transferred", {"from_department_id": 2, "to_department_id": 3, "reason": "应由环保处理"}),
            (4, "note", {"text": "looked"}),
            (3, "assigned", {"assignee_id": 99}),
        ):
            event = events.record(session, case_id, kind, **detail)
            event.created_at = start + timedelta(hours=10 - hours_ago)
    with Session(runtime.engine) as session:
        legs = transfers(session, [case_id])[case_id]
        total = unclaimed_seconds(session, case_id)
    assert [(leg.to_department_id, leg.unclaimed_seconds) for leg in legs] == [(2, 3 * 3600), (3, 4 * 3600)]
    assert legs[1].reason == "应由环保处理" and total == 7 * 3600
