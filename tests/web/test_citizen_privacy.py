"""A citizen's data in the staff pages and on the command line: who viewed it (supervisors), export and erasure
(admins, and operators with `flask citizens`); nobody else learns the citizen exists."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from feedback.privacy.models import PrivacyAction
from router.identity.models import Citizen
from tests.feedback.test_privacy import citizen_with_a_case
from tests.helpers.staff import csrf_token, make_user, sign_in_with_cookie


@pytest.fixture
def cli(app):
    return app.test_cli_runner()


def test_a_supervisor_sees_who_viewed_a_citizens_cases_with_local_times(client, runtime, twilio):
    case = citizen_with_a_case(client, runtime)
    agent = make_user(runtime, "li.agent", departments=(case.department_id,))
    sign_in_with_cookie(client, agent)
    assert client.get(f"/cases/{case.reference}").status_code == 200
    supervisor = make_user(runtime, "chen.supervisor", role="supervisor", language="en")
    sign_in_with_cookie(client, supervisor)

    found = client.get(f"/citizens?q={case.reference}")
    assert found.status_code == 302 and found.headers["Location"].endswith(f"/citizens/{case.citizen_id}")
    page = client.get(f"/citizens/{case.citizen_id}").get_data(as_text=True)
    assert "Who viewed this citizen" in page
    row = page.split('<table class="views">')[1].split("</table>")[0]
    assert "li.agent" in row and case.reference in row and "page" in row and "UTC+8" in page
    assert client.get("/citizens?q=%2B8613800138000").headers["Location"].endswith(f"/citizens/{case.citizen_id}")
    assert client.get("/citizens?q=nobody-like-this").status_code == 404
    assert "Erase" not in page  # a supervisor reads the report; erasing is an admin's


@pytest.mark.parametrize("path", ["/citizens/{id}", "/citizens?q={ref}"])
def test_an_agent_is_told_nothing_about_a_citizen(client, runtime, twilio, path):
    case = citizen_with_a_case(client, runtime)
    sign_in_with_cookie(client, make_user(runtime, "li.agent", departments=(case.department_id,)))
    assert client.get(path.format(id=case.citizen_id, ref=case.reference)).status_code == 404
    assert client.post(f"/citizens/{case.citizen_id}/erase", data={"csrf_token": csrf_token(client, "/inbox"),
                                                                   "reason": "x"}).status_code == 404  # fmt: skip


def test_unknown_and_out_of_range_citizens_are_404(client, runtime):
    sign_in_with_cookie(client, make_user(runtime, "zhao.admin", role="admin"))
    for citizen_id in ("999999", "99999999999999999999999", "0"):
        assert client.get(f"/citizens/{citizen_id}").status_code == 404
    assert client.get("/citizens?q=%2399999999999999999999").status_code == 404


def test_an_admin_downloads_everything_held_and_the_export_is_on_the_record(client, runtime, twilio):
    case = citizen_with_a_case(client, runtime)
    sign_in_with_cookie(client, make_user(runtime, "zhao.admin", role="admin", language="en"))
    token = csrf_token(client, f"/citizens/{case.citizen_id}")
    response = client.post(f"/citizens/{case.citizen_id}/export", data={"csrf_token": token, "reason": "公民申请查阅"})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="citizen-{case.citizen_id}.json"'
    document = json.loads(response.get_data(as_text=True))
    assert document["citizen"]["name"] == "王五" and document["cases"][0]["reference"] == case.reference
    page = client.get(f"/citizens/{case.citizen_id}").get_data(as_text=True)
    assert "Exported" in page and "zhao.admin" in page and "公民申请查阅" in page


def test_an_admin_erases_a_citizen_and_an_open_case_needs_force_and_a_reason(client, runtime, twilio):
    case = citizen_with_a_case(client, runtime, closed_days_ago=None)
    sign_in_with_cookie(client, make_user(runtime, "zhao.admin", role="admin", language="en"))
    token = csrf_token(client, f"/citizens/{case.citizen_id}")
    refused = client.post(f"/citizens/{case.citizen_id}/erase", data={"csrf_token": token, "reason": "公民申请"},
                          follow_redirects=True)  # fmt: skip
    assert f"has open cases ({case.reference})" in refused.get_data(as_text=True)
    form = {"csrf_token": token, "reason": "公民申请", "force": "1"}
    done = client.post(f"/citizens/{case.citizen_id}/erase", data=form, follow_redirects=True)
    assert "personal information was erased" in done.get_data(as_text=True)
    with Session(runtime.engine) as session:
        assert session.get(Citizen, case.citizen_id).name is None
        audit = session.exec(select(PrivacyAction)).one()
        assert (audit.actor, audit.reason, audit.forced) == ("zhao.admin", "公民申请", True)


def test_a_supervisor_cannot_erase_or_export(client, runtime, twilio):
    case = citizen_with_a_case(client, runtime)
    sign_in_with_cookie(client, make_user(runtime, "chen.supervisor", role="supervisor"))
    token = csrf_token(client, f"/citizens/{case.citizen_id}")
    for action in ("erase", "export"):
        form = {"csrf_token": token, "reason": "x"}
        assert client.post(f"/citizens/{case.citizen_id}/{action}", data=form).status_code == 404
    with Session(runtime.engine) as session:
        assert session.get(Citizen, case.citizen_id).name == "王五"


def test_an_operator_exports_and_erases_from_the_command_line(client, runtime, twilio, cli, tmp_path):
    case = citizen_with_a_case(client, runtime, closed_days_ago=None)
    refused = cli.invoke(args=["citizens", "erase", str(case.citizen_id), "--reason", "公民申请"])
    assert refused.exit_code == 1 and f"has open cases ({case.reference})" in refused.output
    out = tmp_path / "citizen.json"
    exported = cli.invoke(args=["citizens", "export", str(case.citizen_id), "-o", str(out), "--force",
                                "--reason", "信访调查"])  # fmt: skip
    assert exported.exit_code == 0, exported.output
    assert json.loads(out.read_text(encoding="utf-8"))["citizen"]["name"] == "王五"
    erased = cli.invoke(args=["citizens", "erase", str(case.citizen_id), "--reason", "公民申请", "--force"])
    assert erased.exit_code == 0 and f"citizen {case.citizen_id} erased" in erased.output
    printed = cli.invoke(args=["citizens", "export", str(case.citizen_id), "--force", "--reason", "核对"])
    assert json.loads(printed.output)["citizen"]["name"] is None
    assert "no citizen 424242" in cli.invoke(args=["citizens", "export", "424242"]).output
