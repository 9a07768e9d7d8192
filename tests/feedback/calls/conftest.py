"""Live calls on, and agents with phones."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from feedback.calls import presence
from staff.models import User


@pytest.fixture
def settings(settings):
    return settings.with_overrides(live_calls=True)


def make_agent(runtime, username: str, phone: str | None = "+8613911110001", queues=("zh",), available=True) -> int:
    """Add an agent with a line (phone, queues served, available or away); return their id."""
    with Session(runtime.engine) as session:
        user = User(username=username, display_name=username.title(), password_hash="x", languages="zh,en")
        session.add(user)
        session.flush()
        if phone:
            presence.set_phone(session, user, phone, "CN")
        presence.set_queues(session, user, list(queues))
        if available:
            presence.set_presence(session, user, "available")
        session.commit()
        return user.id
