"""Department scoping: every route that shows a case, a citizen or a similar case keeps an agent to their
departments, answers another department's reference exactly as a missing one, and lets supervisors see all."""

from __future__ import annotations

import re
import time

import pytest
from sqlmodel import Session

from channels import media_store
from channels.models import INBOUND, OUTBOUND, PROCESSED, Attachment, Interaction
from core.clock import utcnow
from feedback.cases.models import Case
from router.identity.models import Citizen, Identity
from tests.helpers.staff import department_id, make_user, sign_in_with_cookie

PRIVATE = "河道有死鱼，我叫王五，电话13800138000，身份证110101199001011234"
ANSWER = "已通知环保执法大队到现场处理死鱼。"
MISSING = "QQQQQQ"


def _case(session: Session, citizen: Citizen, reference: str, department: int, text: str, status: str) -> Interaction:
    case = Case(reference=reference, citizen_id=citizen.id, department_id=department, status=status, channel="sms",
                summary=text, resolved_at=utcnow() if status == "resolved" else None)  # fmt: skip
    session.add(case)
    session.flush()
    urn = f"tel:+86138{citizen.id:08d}"
    message = Interaction(direction=INBOUND, channel="sms", urn=urn, citizen_id=citizen.id, case_id=case.id,
                          text=text, status=PROCESSED)  # fmt: skip
    session.add(message)
    if status == "resolved":
        session.add(Interaction(direction=OUTBOUND, channel="sms", urn=urn, citizen_id=citizen.id, case_id=case.id,
                                purpose="answer", text=ANSWER, status="delivered"))  # fmt: skip
    session.flush()
    return message


@pytest.fixture
def world(runtime):
    """One citizen with an environment case and a transport case; another known only to environment."""
    environment, transport = department_id(runtime, "environment"), department_id(runtime, "transport")
    kept = media_store.save(runtime.blobs, b"\xff\xd8\xff\xe0 photo of dead fish", ".jpg")  # as a channel keeps it
    with Session(runtime.engine) as session:
        shared, private = Citizen(language="zh", name="王五"), Citizen(language="zh", name="赵六")
        session.add_all([shared, private])
        session.flush()
        session.add(Identity(citizen_id=shared.id, urn="tel:+8613800138000", scheme="tel"))
        _case(session, shared, "ENV111", environment, PRIVATE, "resolved")
        _case(session, shared, "TRA222", transport, "河边公交站牌被水冲倒了，有死鱼味", "new")
        message = _case(session, private, "ENV333", environment, "我家门口污水横流", "new")
        photo = Attachment(interaction_id=message.id, content_type="image/jpeg", path=kept)
        session.add(photo)
        session.commit()
        ids = {"photo": photo.id, "shared": shared.id, "private": private.id}
    users = {
        "env_agent": make_user(runtime, "env.agent", departments=("environment",)),
        "transport_agent": make_user(runtime, "tr.agent", departments=("transport",)),
        "supervisor": make_user(runtime, "zhou.sup", role="supervisor"),
        "admin": make_user(runtime, "qian.admin", role="admin"),
    }
    return {**ids, **users}


def _client(app, world, who: str):
    client = app.test_client()
    if who != "anonymous":
        sign_in_with_cookie(client, world[who])
    return client


# (what, path with {ref} / {photo} / {citizen}; anonymous answer) — every route that shows an environment case.
ROUTES = [
    ("case page", "/cases/{ref}", 302),
    ("extension form", "/sla/cases/{ref}/extension", 302),
    ("attachment", "/attachments/{photo}", 302),
    ("API case", "/api/cases/{ref}", 401),
    ("API messages", "/api/cases/{ref}/messages", 401),
    ("API citizen", "/api/citizens/{citizen}", 401),
    ("suggestions", "/knowledge/suggest?case={ref}", 401),
]
ACTORS = {"env_agent": 200, "transport_agent": 404, "supervisor": 200, "admin": 200}


def _path(template: str, world: dict, reference: str = "ENV333", photo: int | None = None, citizen=None) -> str:
    return template.format(ref=reference, photo=photo or world["photo"], citizen=citizen or world["private"])


@pytest.mark.parametrize(("what", "template", "anonymous"), ROUTES, ids=[r[0] for r in ROUTES])
def test_each_route_shows_an_environment_case_only_to_its_department_and_supervisors(
    app, runtime, world, what, template, anonymous
):
    for who, expected in {**ACTORS, "anonymous": anonymous}.items():
        response = _client(app, world, who).get(_path(template, world))
        assert response.status_code == expected, f"{what} as {who}: {response.status_code}"
        if expected == 200:
            assert b"ENV333" in response.data or b"dead fish" in response.data or b"\xe6\xb1\xa1" in response.data


@pytest.mark.parametrize(("what", "template", "anonymous"), ROUTES, ids=[r[0] for r in ROUTES])
def test_another_departments_reference_is_refused_exactly_as_a_missing_one(
    app, runtime, world, what, template, anonymous
):
    client = _client(app, world, "transport_agent")
    hidden = client.get(_path(template, world))
    missing = client.get(_path(template, world, MISSING, photo=99999, citizen=99999))
    assert hidden.status_code == missing.status_code == 404
    # The page names the address asked for (its language links); nothing else may differ but the form token,
    # which is signed with the second it was made.
    asked, other = _path(template, world), _path(template, world, MISSING, photo=99999, citizen=99999)
    hidden_page = hidden.get_data(as_text=True).replace(asked, other).replace("ENV333", MISSING)
    assert _without_tokens(hidden_page) == _without_tokens(missing.get_data(as_text=True))


def _without_tokens(page: str) -> str:
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*', r"\1", page)


def test_an_agent_cannot_write_into_another_departments_case(app, runtime, world):
    app.config["WTF_CSRF_ENABLED"] = False
    client = _client(app, world, "transport_agent")
    assert client.post("/cases/ENV333/note", data={"text": "peeking"}).status_code == 404
    assert client.post("/api/cases/ENV333/notes", json={"text": "peeking"}).status_code == 404
    assert client.post("/api/cases/ENV333/replies", json={"text": "hello"}).status_code == 404
    assert _client(app, world, "env_agent").post("/cases/ENV333/note", data={"text": "ok"}).status_code == 302


def test_the_citizen_panel_counts_other_departments_cases_without_showing_them(app, runtime, world):
    page = _client(app, world, "transport_agent").get("/cases/TRA222").get_data(as_text=True)
    assert "1 earlier case in another department" in page
    assert "ENV111" not in page and "死鱼，我叫王五" not in page and "身份证" not in page
    supervisor = _client(app, world, "supervisor").get("/cases/TRA222").get_data(as_text=True)
    assert "ENV111" in supervisor and "in another department" not in supervisor


def test_the_citizen_api_lists_only_the_agents_departments_cases_and_counts_the_rest(app, runtime, world):
    path = f"/api/citizens/{world['shared']}"
    body = _client(app, world, "transport_agent").get(path).get_json()
    assert [c["reference"] for c in body["cases"]] == ["TRA222"]
    assert body["cases_in_other_departments"] == 1
    everything = _client(app, world, "supervisor").get(path).get_json()
    assert sorted(c["reference"] for c in everything["cases"]) == ["ENV111", "TRA222"]
    assert everything["cases_in_other_departments"] == 0


def _suggestions(client, reference: str) -> dict:
    deadline = time.monotonic() + 20
    while True:
        body = client.get(f"/knowledge/suggest?case={reference}").get_json()
        if body["similar_cases_ready"] or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def test_similar_cases_come_only_from_the_agents_departments(app, runtime, world):
    agent = _suggestions(_client(app, world, "transport_agent"), "TRA222")
    assert agent["similar_cases"] == []
    supervisor = _suggestions(_client(app, world, "supervisor"), "TRA222")
    assert [c["reference"] for c in supervisor["similar_cases"]] == ["ENV111"]
    assert supervisor["similar_cases"][0]["answer"] == ANSWER


def test_searching_the_inbox_and_the_api_finds_nothing_in_other_departments(app, runtime, world):
    agent, own = _client(app, world, "transport_agent"), _client(app, world, "env_agent")
    environment = department_id(runtime, "environment")
    for client, expected in ((agent, False), (own, True)):
        for path in (
            "/inbox?q=污水横流&folder=unassigned",
            "/inbox?q=ENV333&folder=unassigned",
            f"/inbox?folder=dept:{environment}",
        ):
            assert ("/cases/ENV333" in client.get(path).get_data(as_text=True)) is expected, path
        listed = client.get("/api/cases?q=污水横流&folder=all").get_json()
        assert (listed["total"] == 1) is expected
        assert (client.get("/api/cases?department=environment").get_json()["total"] > 0) is expected
