"""Canned responses kept per department by admins and supervisors; agents see their departments' and the shared ones."""

from __future__ import annotations

from sqlmodel import Session, select

from feedback.cases.canned import CannedResponse
from tests.helpers.cases import quick_case
from tests.helpers.staff import csrf_token, department_id, make_user, sign_in_with_cookie

URBAN, ENVIRONMENT = "urban_rural_construction", "environment"


def _save(client, **fields):
    form = {
        "title": "",
        "language": "zh",
        "body": "",
        "department_id": "",
        "csrf_token": csrf_token(client, "/admin/canned"),
    }
    form.update(fields)
    return client.post("/admin/canned", data=form, follow_redirects=True)


def _responses(runtime) -> dict[str, CannedResponse]:
    with Session(runtime.engine) as session:
        return {r.title: r for r in session.exec(select(CannedResponse))}


def _urban_case(runtime) -> str:
    case_id, urban = quick_case(runtime, "路灯坏了三天了"), department_id(runtime, URBAN)
    from feedback.cases.models import Case

    with Session(runtime.engine) as session:
        case = session.get(Case, case_id)
        case.department_id = urban
        session.add(case)
        session.commit()
        return case.reference


def test_a_supervisor_adds_edits_and_deletes_department_responses_and_agents_see_only_theirs(client, runtime):
    urban, environment = department_id(runtime, URBAN), department_id(runtime, ENVIRONMENT)
    sign_in_with_cookie(client, make_user(runtime, "zhao.sup", role="supervisor"))
    _save(client, title="路灯已报修", body="您好，路灯已报修。", department_id=str(urban))
    _save(client, title="河道已巡查", body="河道已安排巡查。", department_id=str(environment))
    page = _save(client, title="感谢来电", body="感谢您的来电，{citizen}。").get_data(as_text=True)
    assert "Canned response saved." in page
    saved = _responses(runtime)
    assert saved["路灯已报修"].department_id == urban and saved["感谢来电"].department_id is None
    edited = _save(client, id=str(saved["路灯已报修"].id), title="路灯已报修", body="路灯维修已安排在明天。",
                   department_id=str(urban))  # fmt: skip
    assert "Canned response saved." in edited.get_data(as_text=True)
    assert _responses(runtime)["路灯已报修"].body == "路灯维修已安排在明天。"

    reference = _urban_case(runtime)
    agent = client.application.test_client()
    sign_in_with_cookie(agent, make_user(runtime, "li.agent", departments=(URBAN,)))
    composer = agent.get(f"/cases/{reference}").get_data(as_text=True)
    assert "[zh] 路灯已报修" in composer and "[zh] 感谢来电" in composer
    assert "河道已巡查" not in composer  # another department's

    deleted = _save(client, id=str(saved["路灯已报修"].id), delete="1").get_data(as_text=True)
    assert "Canned response deleted." in deleted and "路灯已报修" not in _responses(runtime)
    assert "路灯已报修" not in agent.get(f"/cases/{reference}").get_data(as_text=True)


def test_agents_cannot_manage_canned_responses(client, runtime):
    sign_in_with_cookie(client, make_user(runtime, "li.agent", departments=(URBAN,)))
    assert client.get("/admin/canned").status_code == 403


def test_a_response_without_a_text_is_refused_and_nothing_is_saved(client, runtime):
    sign_in_with_cookie(client, make_user(runtime, "root", role="admin"))
    page = _save(client, title="空的", body="  ").get_data(as_text=True)
    assert "a canned response needs a title and a text" in page and _responses(runtime) == {}
