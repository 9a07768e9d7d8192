"""Live calls on, and agents with phones."""

from __future__ import annotations

import pytest

from tests.helpers.calls import give_line
from tests.helpers.staff import make_user


@pytest.fixture
def settings(settings):
    return settings.with_overrides(live_calls=True)


def make_agent(runtime, username: str, phone: str | None = "+8613911110001", queues=("zh",), available=True) -> int:
    """Add an agent with a phone line; return their id."""
    return give_line(runtime, make_user(runtime, username), phone, queues, available)
