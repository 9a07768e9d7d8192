"""Sessions end when they should: sign-out, a new password and a disabled account end every session of the user,
and an idle or old session ends by itself."""

from __future__ import annotations

import time

from sqlmodel import Session

from staff.models import User
from tests.helpers.staff import PASSWORD, csrf_token, make_user, sign_in_with_form
from web import sessions

NEW_PASSWORD = "lantern river orchard"


def _signed_in(app, username: str, password: str = PASSWORD):
    client = app.test_client()
    assert sign_in_with_form(client, username, password).status_code == 302
    assert client.get("/inbox").status_code == 200
    return client


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _with_cookie(app, value: str):
    stolen = app.test_client()
    stolen.set_cookie("session", value, domain="localhost")
    return stolen


def test_a_cookie_saved_before_sign_out_no_longer_opens_the_inbox_nor_does_the_other_browser(app, runtime):
    make_user(runtime, "li.agent")
    office, phone = _signed_in(app, "li.agent"), _signed_in(app, "li.agent")
    saved = _cookie(office)
    office.post("/signout", data={"csrf_token": csrf_token(office, "/inbox")})
    assert _with_cookie(app, saved).get("/inbox").headers["Location"].startswith("/signin")
    assert phone.get("/inbox").status_code == 302  # signing out ends every session of the user
    assert phone.get("/api/cases").status_code == 401
    assert _signed_in(app, "li.agent").get("/inbox").status_code == 200  # signing in again works


def _admin_saves(app, runtime, user_id: int, **changes) -> None:
    admin = make_user(runtime, "root", role="admin")
    assert admin
    client = _signed_in(app, "root")
    form = {"username": "li.agent", "role": "agent", "language": "en", "active": "1", **changes}
    form = {k: v for k, v in form.items() if v is not None}
    response = client.post(f"/admin/users/{user_id}", data={**form, "csrf_token": csrf_token(client, "/admin/users")})
    assert response.status_code == 302, response.get_data(as_text=True)


def test_a_password_reset_by_an_admin_ends_the_agents_sessions(app, runtime):
    agent = make_user(runtime, "li.agent")
    saved = _cookie(_signed_in(app, "li.agent"))
    _admin_saves(app, runtime, agent, password=NEW_PASSWORD)
    assert _with_cookie(app, saved).get("/inbox").status_code == 302
    assert _signed_in(app, "li.agent", NEW_PASSWORD).get("/inbox").status_code == 200


def test_a_disabled_account_is_signed_out_and_enabling_it_again_does_not_revive_old_cookies(app, runtime):
    agent = make_user(runtime, "li.agent")
    saved = _cookie(_signed_in(app, "li.agent"))
    _admin_saves(app, runtime, agent, active=None)
    assert _with_cookie(app, saved).get("/inbox").status_code == 302
    with Session(runtime.engine) as session:
        session.get(User, agent).active = True
        session.commit()
    assert _with_cookie(app, saved).get("/inbox").status_code == 302


def _aged(app, client, key: str, seconds: float):
    with client.session_transaction() as flask_session:
        flask_session[key] = int(time.time() - seconds)
    return client


def test_a_session_idle_longer_than_the_setting_ends(app, runtime):
    make_user(runtime, "li.agent")
    idle = runtime.settings.session_idle_minutes * 60
    assert _aged(app, _signed_in(app, "li.agent"), sessions.SEEN, idle - 120).get("/inbox").status_code == 200
    assert _aged(app, _signed_in(app, "li.agent"), sessions.SEEN, idle + 120).get("/inbox").status_code == 302


def test_a_session_ends_after_its_absolute_lifetime_however_busy(app, runtime):
    make_user(runtime, "li.agent")
    client = _aged(app, _signed_in(app, "li.agent"), sessions.SINCE, runtime.settings.session_max_hours * 3600 + 1)
    assert client.get("/inbox").headers["Location"].startswith("/signin")


def _change_password(client, current: str, new: str, again: str | None = None):
    form = {"current": current, "new": new, "again": new if again is None else again}
    return client.post("/account/password", data={**form, "csrf_token": csrf_token(client, "/account/password")})


def test_changing_ones_own_password_ends_the_other_sessions_and_keeps_this_one(app, runtime):
    make_user(runtime, "li.agent")
    office, phone = _signed_in(app, "li.agent"), _signed_in(app, "li.agent")
    wrong = _change_password(office, "not my password", NEW_PASSWORD)
    assert wrong.status_code == 400 and "The current password is not right." in wrong.get_data(as_text=True)
    weak = _change_password(office, PASSWORD, "password1234")
    assert weak.status_code == 400 and "too common" in weak.get_data(as_text=True)
    assert phone.get("/inbox").status_code == 200  # refused changes end nothing
    assert _change_password(office, PASSWORD, NEW_PASSWORD).status_code == 302
    assert office.get("/inbox").status_code == 200
    assert phone.get("/inbox").status_code == 302
    assert sign_in_with_form(app.test_client(), "li.agent", PASSWORD).status_code == 401
    assert _signed_in(app, "li.agent", NEW_PASSWORD).get("/inbox").status_code == 200


def test_an_open_inbox_tab_polling_by_itself_does_not_keep_an_idle_session_alive(app, runtime):
    make_user(runtime, "li.agent")
    idle = runtime.settings.session_idle_minutes * 60
    client = _aged(app, _signed_in(app, "li.agent"), sessions.SEEN, idle - 120)
    with client.session_transaction() as flask_session:
        last_seen = flask_session[sessions.SEEN]
    assert client.get("/inbox/poll.json").status_code == 200
    assert client.get("/inbox/rows").status_code == 200
    with client.session_transaction() as flask_session:
        assert flask_session[sessions.SEEN] == last_seen  # the poll is not the agent at work
    _aged(app, client, sessions.SEEN, idle + 120)
    assert client.get("/inbox/poll.json").status_code == 302  # the page reloads to the sign-in form
    assert client.get("/inbox").status_code == 302


def test_an_admin_signs_a_user_out_everywhere_without_touching_the_password(app, runtime):
    agent = make_user(runtime, "li.agent")
    laptop = _signed_in(app, "li.agent")
    make_user(runtime, "root", role="admin")
    admin = _signed_in(app, "root")
    token = csrf_token(admin, f"/admin/users/{agent}")
    done = admin.post(f"/admin/users/{agent}/signout", data={"csrf_token": token}, follow_redirects=True)
    assert "Every session of li.agent has ended." in done.get_data(as_text=True)
    assert laptop.get("/inbox").status_code == 302
    assert admin.get("/inbox").status_code == 200  # the admin's own session goes on
    assert _signed_in(app, "li.agent").get("/inbox").status_code == 200  # the same password still works
    assert admin.post("/admin/users/99999/signout", data={"csrf_token": token}).status_code == 404
