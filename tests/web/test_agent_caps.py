"""Admins set how many open cases the router gives each agent, and the languages they answer in, on the user page
and through the API; the router then follows the new cap."""

from __future__ import annotations

import jsonschema
from sqlmodel import Session, select

from feedback.cases.models import Case
from staff.models import User
from tests.helpers.cases import text_in
from tests.helpers.staff import department_id, make_user, sign_in_with_cookie

URBAN = "urban_rural_construction"


def _user(runtime, user_id: int) -> User:
    with Session(runtime.engine) as session:
        return session.get(User, user_id)


def _form(user: User, **changes: str) -> dict:
    form = {"display_name": user.display_name, "role": user.role, "language": user.language, "active": "1",
            "speaks_zh": "1", "max_open_cases": str(user.max_open_cases)}  # fmt: skip
    return {**form, **changes}


def test_an_admin_sets_an_agents_cap_and_languages_on_the_user_page(app, client, runtime):
    app.config["WTF_CSRF_ENABLED"] = False
    agent = make_user(runtime, "li.agent", departments=(URBAN,))
    sign_in_with_cookie(client, make_user(runtime, "root", role="admin"))
    page = client.get(f"/admin/users/{agent}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'name="max_open_cases"' in page and 'value="30"' in page

    saved = client.post(f"/admin/users/{agent}", data=_form(_user(runtime, agent), max_open_cases="5", speaks_en="1"))
    assert saved.status_code == 302
    assert (_user(runtime, agent).max_open_cases, _user(runtime, agent).languages) == (5, "zh,en")

    refused = client.post(
        f"/admin/users/{agent}", data=_form(_user(runtime, agent), max_open_cases="-1", display_name="Changed")
    )
    assert refused.status_code == 400 and "0 to 500" in refused.get_data(as_text=True)
    assert (_user(runtime, agent).max_open_cases, _user(runtime, agent).display_name) == (5, "")  # nothing changed


def test_the_router_stops_giving_an_agent_cases_at_the_cap_set_through_the_api(client, runtime, twilio):
    agent = make_user(runtime, "li.agent", departments=(department_id(runtime, URBAN),))
    bearer = {"Authorization": f"Bearer {runtime.settings.api_token}"}
    answer = client.patch(f"/api/users/{agent}", json={"max_open_cases": 1, "languages": ["zh", "en"]}, headers=bearer)
    assert answer.status_code == 200
    spec = client.get("/api/openapi.json").get_json()
    jsonschema.Draft202012Validator({"$ref": "#/components/schemas/User", "components": spec["components"]}).validate(
        answer.get_json()
    )
    assert answer.get_json()["max_open_cases"] == 1 and answer.get_json()["languages"] == ["zh", "en"]

    text_in(client, runtime, "村口的路灯坏了三天了", sender="+8613800138001")
    text_in(client, runtime, "小区门口的路灯不亮了", sender="+8613800138002")
    with Session(runtime.engine) as session:
        assignees = [c.assignee_id for c in session.exec(select(Case).order_by(Case.id))]
    assert assignees.count(agent) == 1  # the second case waits for someone with room

    listed = client.get("/api/users", headers=bearer).get_json()["users"]
    assert [(u["username"], u["open_cases"], u["max_open_cases"]) for u in listed] == [("li.agent", 1, 1)]


def test_bad_caps_and_non_admins_are_refused_through_the_api(app, client, runtime):
    app.config["WTF_CSRF_ENABLED"] = False
    agent = make_user(runtime, "li.agent")
    bearer = {"Authorization": f"Bearer {runtime.settings.api_token}"}
    for body in ({"max_open_cases": "many"}, {"max_open_cases": 9999}, {"max_open_cases": True},
                 {"languages": ["fr"]}, {"languages": []}, {"role": "admin"}, [], {}):  # fmt: skip
        assert client.patch(f"/api/users/{agent}", json=body, headers=bearer).status_code == 400, body
    assert client.patch("/api/users/99999", json={"max_open_cases": 3}, headers=bearer).status_code == 404
    assert client.patch(f"/api/users/{agent}", json={"max_open_cases": 3}).status_code == 401
    sign_in_with_cookie(client, make_user(runtime, "zhao.sup", role="supervisor"))
    assert client.patch(f"/api/users/{agent}", json={"max_open_cases": 3}).status_code == 403
    assert _user(runtime, agent).max_open_cases == 30
