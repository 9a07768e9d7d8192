"""Helpers for the staff-page tests: users in departments, signing in with the CSRF token, cases from SMS."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from sqlmodel import Session, select

from feedback.cases.models import Case
from staff import passwords
from staff.models import Department, User, UserDepartment
from tests.helpers import fixture
from tests.helpers.twilio import twilio_post
from tests.helpers.worker import work

PASSWORD = "correct horse battery"
# The production argon2 parameters cost about half a second per hash on shared CI cores; these tests
# check who may sign in, not the hashing cost, so they use argon2id with the smallest sensible cost.
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def department_id(runtime, code: str) -> int:
    with Session(runtime.engine) as session:
        return session.exec(select(Department.id).where(Department.code == code)).one()


def make_user(runtime, username: str, role: str = "agent", departments: tuple[str, ...] = (), language="en") -> int:
    """Create an active user in these departments (by code); return the id."""
    ids = [department_id(runtime, code) for code in departments]
    with Session(runtime.engine) as session:
        user = User(username=username, password_hash=passwords.hash_password(PASSWORD), role=role, language=language)
        session.add(user)
        session.flush()
        for dept_id in ids:
            session.add(UserDepartment(user_id=user.id, department_id=dept_id))
        session.commit()
        return user.id


def csrf_token(client, path: str = "/signin") -> str:
    """Read the CSRF token from a page's form, as a browser would submit it."""
    match = _TOKEN.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client, username: str, password: str = PASSWORD):
    form = {"username": username, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/signin", data=form, headers={"Accept-Language": "en"})


def sms_case(client, runtime, body: str | None = None, sender: str | None = None, sid: str | None = None) -> Case:
    """Receive a signed SMS webhook, run the worker, and return the case it opened or joined."""
    form = fixture("twilio/sms_incoming_zh.json")
    if body is not None:
        form["Body"] = body
    if sender is not None:
        form["From"] = sender
    if sid is not None:
        form["MessageSid"] = form["SmsSid"] = sid
    assert twilio_post(client, runtime.settings, "/channels/sms", form).status_code == 200
    work(runtime)
    with Session(runtime.engine) as session:
        from core.urns import tel
        from router.identity.recognise import find_citizen

        citizen = find_citizen(session, tel(form["From"], "CN"))
        return session.exec(select(Case).where(Case.citizen_id == citizen.id).order_by(Case.id.desc())).first()


def assign_by_hand(runtime) -> None:
    """Switch the router's auto-assignment off, for tests where agents claim and assign cases themselves."""
    with Session(runtime.engine) as session:
        for department in session.exec(select(Department)):
            department.auto_assign = False
            session.add(department)
        session.commit()
