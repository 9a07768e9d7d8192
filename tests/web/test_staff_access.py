"""Who may do what: sign-in, throttling, CSRF, and departments that an agent cannot see into."""

from __future__ import annotations

import io

import pytest
from sqlmodel import Session, select

from feedback.cases.models import CaseEvent
from staff import passwords
from staff.models import User
from tests.helpers.cases import text_in
from tests.helpers.staff import PASSWORD, csrf_token, make_user, sign_in_with_form
from web import throttle


def test_the_right_password_signs_in_and_a_wrong_one_does_not(client, runtime):
    make_user(runtime, "li.agent", departments=("urban_rural_construction",))
    wrong = sign_in_with_form(client, "li.agent", "not the password")
    assert wrong.status_code == 401 and "Wrong username or password" in wrong.get_data(as_text=True)
    assert client.get("/inbox").status_code == 302  # still signed out
    assert sign_in_with_form(client, "li.agent").status_code == 302
    assert client.get("/inbox").status_code == 200


def test_pages_send_strangers_to_sign_in_and_the_api_answers_401(client, runtime):
    assert client.get("/inbox").headers["Location"].startswith("/signin")
    response = client.get("/api/cases")
    assert response.status_code == 401 and "API token" in response.get_json()["error"]


def test_the_session_cookie_is_http_only_same_site_and_secure_behind_https(client, runtime):
    make_user(runtime, "li.agent")
    response = sign_in_with_form(client, "li.agent")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_repeated_failures_block_that_username_from_that_address_with_a_clear_message(client, runtime):
    make_user(runtime, "li.agent")
    make_user(runtime, "wang.agent")
    for _ in range(throttle.MAX_FAILURES):
        assert sign_in_with_form(client, "li.agent", "guess").status_code == 401
    blocked = sign_in_with_form(client, "li.agent")  # even the right password waits now
    assert blocked.status_code == 429
    assert "Too many failed sign-in attempts. Try again in 15 minutes." in blocked.get_data(as_text=True)
    # another user from the same office is not locked out
    assert sign_in_with_form(client, "wang.agent").status_code == 302


def test_a_successful_sign_in_forgets_earlier_failures(client, runtime):
    make_user(runtime, "li.agent")
    for _ in range(throttle.MAX_FAILURES - 1):
        sign_in_with_form(client, "li.agent", "guess")
    assert sign_in_with_form(client, "li.agent").status_code == 302
    assert throttle.blocked_for(runtime.redis, "li.agent", "127.0.0.1") == 0
    assert runtime.redis.keys("civicline:signin-failures:*") == []


def test_a_form_posted_without_its_csrf_token_is_refused_and_changes_nothing(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=("urban_rural_construction",))
    case = text_in(client, runtime)
    no_token_signin = client.post("/signin", data={"username": "li.agent", "password": PASSWORD})
    assert no_token_signin.status_code == 400
    sign_in_with_form(client, "li.agent")
    forged = client.post(f"/cases/{case.reference}/note", data={"text": "from another site"})
    assert forged.status_code == 400 and "CSRF" in forged.get_data(as_text=True)
    token = csrf_token(client, f"/cases/{case.reference}")
    genuine = client.post(f"/cases/{case.reference}/note", data={"text": "checked on site", "csrf_token": token})
    assert genuine.status_code == 302
    with Session(runtime.engine) as session:
        notes = [e.detail["text"] for e in session.exec(select(CaseEvent).where(CaseEvent.kind == "note"))]
    assert notes == ["checked on site"]


def test_the_api_needs_csrf_with_a_session_but_not_with_the_token(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=("urban_rural_construction",))
    case = text_in(client, runtime)
    path = f"/api/cases/{case.reference}/notes"
    bearer = {"Authorization": f"Bearer {runtime.settings.api_token}"}
    assert client.post(path, json={"text": "by integration"}, headers=bearer).status_code == 201
    sign_in_with_form(client, "li.agent")
    assert client.post(path, json={"text": "no token"}).status_code == 400
    token = csrf_token(client, f"/cases/{case.reference}")
    assert client.post(path, json={"text": "with token"}, headers={"X-CSRFToken": token}).status_code == 201


def test_an_agent_gets_404_for_another_departments_case_by_page_api_and_download(client, runtime, twilio):
    make_user(runtime, "env.agent", departments=("environment",))
    make_user(runtime, "boss", role="supervisor")
    case = _case_with_file(client, runtime)
    sign_in_with_form(client, "env.agent")
    assert client.get(f"/cases/{case.reference}").status_code == 404
    assert client.get(f"/api/cases/{case.reference}").status_code == 404
    assert client.get("/attachments/1").status_code == 404
    assert client.get("/api/cases").get_json()["total"] == 0
    assert client.get(f"/api/citizens/{case.citizen_id}").status_code == 404
    token = csrf_token(client, "/inbox")
    refused = client.post(f"/cases/{case.reference}/note", data={"text": "x", "csrf_token": token})
    assert refused.status_code == 404
    assert client.get("/cases/000000").status_code == 404  # the same answer as a case that does not exist
    client.post("/signout", data={"csrf_token": token})
    sign_in_with_form(client, "boss")
    assert client.get(f"/cases/{case.reference}").status_code == 200
    assert client.get("/attachments/1").status_code == 200


def _case_with_file(client, runtime):
    from channels.models import Attachment, Interaction

    case = text_in(client, runtime)
    runtime.blobs.put("media/photo.jpg", io.BytesIO(b"\xff\xd8\xff\xe0 not really a jpeg"))
    with Session(runtime.engine) as session:
        contact = session.exec(select(Interaction).where(Interaction.case_id == case.id)).first()
        session.add(Attachment(interaction_id=contact.id, path="media/photo.jpg", content_type="image/jpeg"))
        session.commit()
    return case


def test_every_view_of_a_case_is_recorded_with_who_and_how(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=("urban_rural_construction",))
    case = text_in(client, runtime)
    sign_in_with_form(client, "li.agent")
    client.get(f"/cases/{case.reference}")
    client.get(f"/api/cases/{case.reference}")
    with Session(runtime.engine) as session:
        views = list(session.exec(select(CaseEvent).where(CaseEvent.kind == "viewed").order_by(CaseEvent.id)))
    assert [(v.actor, v.detail["via"]) for v in views] == [("li.agent", "page"), ("li.agent", "api")]
    assert all(v.created_at is not None for v in views)


def test_agents_cannot_open_the_admin_pages(client, runtime):
    make_user(runtime, "li.agent")
    sign_in_with_form(client, "li.agent")
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/departments").status_code == 403


def test_create_admin_makes_an_admin_who_can_sign_in(app, client, runtime):
    runner = app.test_cli_runner()
    short = runner.invoke(args=["users", "create-admin", "root", "--password", "short"])
    assert short.exit_code != 0 and "at least 12 characters" in short.output
    result = runner.invoke(args=["users", "create-admin", "root", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    with Session(runtime.engine) as session:
        assert session.exec(select(User.role).where(User.username == "root")).one() == "admin"
    sign_in_with_form(client, "root")
    assert client.get("/admin/users").status_code == 200


def test_the_sign_in_page_speaks_the_browsers_language(client, runtime):
    assert "登录" in client.get("/signin", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(as_text=True)
    assert "Sign in" in client.get("/signin", headers={"Accept-Language": "en-GB"}).get_data(as_text=True)


def test_passwords_are_stored_as_argon2id_hashes_and_short_ones_are_refused(runtime):
    make_user(runtime, "li.agent")
    with Session(runtime.engine) as session:
        stored = session.exec(select(User.password_hash).where(User.username == "li.agent")).one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert passwords.verify(stored, PASSWORD) and not passwords.verify(stored, PASSWORD + "!")
    with pytest.raises(passwords.WeakPassword):
        passwords.hash_password("too short")
