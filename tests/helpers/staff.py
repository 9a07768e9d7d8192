"""Staff for the tests: departments by code, accounts in departments, and signing in two ways.

`sign_in_with_form` signs in as a person does (the sign-in form, its CSRF token and the password) and
returns the answer; `sign_in_with_cookie` puts a Flask-Login session for a user in the test client's
cookie, for tests about what comes after signing in.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable

from argon2 import PasswordHasher
from sqlmodel import Session, select

from core.runtime import current
from staff import passwords
from staff.models import Department, User, UserDepartment
from web import sessions

PASSWORD = "correct horse battery"
# The production argon2 parameters cost about half a second per hash on shared CI cores; these tests
# check who may sign in, not the hashing cost, so they use argon2id with the smallest sensible cost.
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def department_id(runtime, code: str) -> int:
    """Return a department's id from its code."""
    with Session(runtime.engine) as session:
        return session.exec(select(Department.id).where(Department.code == code)).one()


def make_user(
    runtime, username: str, role: str = "agent", departments: Iterable[str | int] = (), language: str = "en"
) -> int:
    """Create an active user (password PASSWORD) working for these departments, by code or by id; return the id."""
    ids = [d if isinstance(d, int) else department_id(runtime, d) for d in departments]
    with Session(runtime.engine) as session:
        user = User(username=username, password_hash=passwords.hash_password(PASSWORD), role=role, language=language)
        session.add(user)
        session.flush()
        for dept_id in ids:
            session.add(UserDepartment(user_id=user.id, department_id=dept_id))
        session.commit()
        return user.id


def assign_by_hand(runtime) -> None:
    """Switch the router's auto-assignment off, for tests where agents claim and assign cases themselves."""
    with Session(runtime.engine) as session:
        for department in session.exec(select(Department)):
            department.auto_assign = False
            session.add(department)
        session.commit()


def csrf_token(client, path: str = "/signin") -> str:
    """Read the CSRF token from a page's form, as a browser would submit it."""
    match = _TOKEN.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in_with_form(client, username: str, password: str = PASSWORD):
    """Post the sign-in form as a person would (with its CSRF token); return the answer."""
    form = {"username": username, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/signin", data=form, headers={"Accept-Language": "en"})


def sign_in_with_cookie(client, user_id: int) -> None:
    """Make the test client's requests come from this user (a Flask-Login session cookie), skipping the form."""
    with Session(current().engine) as session:
        user = session.get(User, user_id)
        assert user is not None, f"no user {user_id}"
        version = user.session_version
    now = int(time.time())
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(user_id)
        flask_session["_fresh"] = True
        flask_session[sessions.VERSION], flask_session[sessions.SINCE], flask_session[sessions.SEEN] = version, now, now
