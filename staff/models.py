"""The hotline's organisation: its departments, the staff accounts, and which departments each member works for."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from core.clock import utcnow

ROLES = ("agent", "supervisor", "admin")
ROLE_RANK = {"agent": 1, "supervisor": 2, "admin": 3}


class Department(SQLModel, table=True):
    """A unit that handles cases; `rules` always route to it, `keywords` do when no model is trained."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True)
    name_zh: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    keywords: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    rules: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    is_triage: bool = False
    auto_assign: bool = True
    active: bool = True
    # The department head's mobile (E.164) or email: breach alerts and their escalations go there too, if set.
    head_contact: str | None = Field(default=None, max_length=320)
    # The phone answered for the department around the clock (E.164): agents bring it into a call (三方通话).
    duty_phone: str | None = Field(default=None, max_length=32)

    def name(self, language: str) -> str:
        """Return the department's name in a language, falling back to the other one."""
        return (self.name_zh or self.name_en) if language == "zh" else (self.name_en or self.name_zh)


class User(SQLModel, table=True):
    """A member of staff who signs in to the inbox or dashboard."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    display_name: str = Field(default="", max_length=200)
    password_hash: str = Field(max_length=255)
    role: str = Field(default="agent", max_length=16)
    language: str = Field(default="zh", max_length=8)
    languages: str = Field(default="zh", max_length=64)  # comma-separated languages the agent can answer in
    max_open_cases: int = 30
    # Where urgent alerts reach this member of staff outside the pages (E.164 mobile, email), if given.
    phone: str | None = Field(default=None, max_length=32)
    email: str | None = Field(default=None, max_length=320)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None
    # Every session carries the version it began under; raising it ends them all, in every web process.
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})

    def end_sessions(self) -> None:
        """End every session of this user at once (signing out, a new password, a disabled account)."""
        self.session_version = (self.session_version or 0) + 1


class UserDepartment(SQLModel, table=True):
    """Which departments' cases a user works."""

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    department_id: int = Field(foreign_key="department.id", primary_key=True)
