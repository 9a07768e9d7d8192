"""Staff accounts: agents, supervisors and admins, and the departments each works for."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from core.clock import utcnow

ROLES = ("agent", "supervisor", "admin")


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
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None


class UserDepartment(SQLModel, table=True):
    """Which departments' cases a user works."""

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    department_id: int = Field(foreign_key="department.id", primary_key=True)
