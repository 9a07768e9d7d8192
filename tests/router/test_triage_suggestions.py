"""Triage: a case the model was unsure of shows its best guesses, and one click sends it on (and labels it)."""

from __future__ import annotations

import io
import re

from sqlmodel import Session, select, update

from core.clock import utcnow
from feedback.cases.models import Case, CaseEvent
from router.model.models import ModelVersion
from tests.helpers.cases import quick_case
from tests.helpers.routing import TRANSPORT, UNSURE, URBAN, install_small_model
from tests.helpers.staff import csrf_token, department_id, make_user, sign_in_with_form


def _case(runtime, case_id: int) -> Case:
    with Session(runtime.engine) as session:
        return session.get(Case, case_id)


def _suggested(page: str) -> list[tuple[str, str]]:
    """Return the (department id, label) of each suggestion button, in page order."""
    return re.findall(r'name="department_id" value="(\d+)" class="suggestion">([^<]+)<', page)


def test_a_triage_case_shows_the_models_guesses_and_one_click_sends_it_on(client, runtime, twilio):
    install_small_model(runtime)
    case_id = quick_case(runtime, UNSURE)
    case = _case(runtime, case_id)
    assert case.department_id == department_id(runtime, "triage")
    make_user(runtime, "wang.supervisor", role="supervisor")
    sign_in_with_form(client, "wang.supervisor")
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "The router suggests" in page
    suggested = _suggested(page)
    assert [int(dept) for dept, _ in suggested[:2]] == [
        department_id(runtime, URBAN),
        department_id(runtime, TRANSPORT),
    ]
    assert suggested[0][1].startswith("Send to Urban")
    form = {
        "department_id": suggested[0][0],
        "reason": "Routed from triage",
        "csrf_token": csrf_token(client, "/inbox"),
    }
    client.post(f"/cases/{case.reference}/transfer", data=form, follow_redirects=True)
    assert _case(runtime, case_id).department_id == department_id(runtime, URBAN)
    with Session(runtime.engine) as session:
        event = session.exec(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "transferred")
        ).one()
    assert event.actor == "wang.supervisor" and event.detail["reason"] == "Routed from triage"
    assert "The router suggests" not in client.get(f"/cases/{case.reference}").get_data(as_text=True)


def test_a_chinese_agent_reads_the_suggestions_in_chinese(client, runtime, twilio):
    install_small_model(runtime)
    case = _case(runtime, quick_case(runtime, UNSURE))
    make_user(runtime, "li.supervisor", role="supervisor", language="zh")
    sign_in_with_form(client, "li.supervisor")
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "智能分派建议" in page and 'value="综合受理人工分派"' in page
    assert _suggested(page)[0][1].startswith("转办到城乡建设")


def test_without_a_model_a_triage_case_shows_no_suggestions(client, runtime, twilio):
    case = _case(runtime, quick_case(runtime, "你好"))
    assert case.department_id == department_id(runtime, "triage")
    make_user(runtime, "wang.supervisor", role="supervisor")
    sign_in_with_form(client, "wang.supervisor")
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "The router suggests" not in page and "tool-transfer" in page


def test_an_unreadable_model_file_leaves_the_case_page_working_without_suggestions(client, runtime, twilio):
    case = _case(runtime, quick_case(runtime, "你好"))
    runtime.blobs.put("models/routing/damaged.joblib", io.BytesIO(b"not a model"))
    with runtime.session() as session:  # a version whose file was damaged in the store after it was published
        session.add(ModelVersion(key="models/routing/damaged.joblib", examples=1, departments=2, trained_at=utcnow()))
        session.exec(update(ModelVersion).values(active=True))
    make_user(runtime, "wang.supervisor", role="supervisor")
    sign_in_with_form(client, "wang.supervisor")
    response = client.get(f"/cases/{case.reference}")
    assert response.status_code == 200 and "The router suggests" not in response.get_data(as_text=True)
