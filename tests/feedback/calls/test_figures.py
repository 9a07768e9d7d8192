"""The telephone figures: service level, abandon rate, waits, handle time, calls per agent and per hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from feedback.metrics.calls import CallFacts, figures

NINE = datetime(2026, 12, 1, 1, 5, tzinfo=UTC)  # 09:05 in Shanghai


def test_the_service_level_counts_callers_answered_within_the_target_of_all_who_waited():
    calls = [
        CallFacts(NINE, 5, "answered", "wang", 200),
        CallFacts(NINE, 20, "answered", "wang", 100),
        CallFacts(NINE, 21, "answered", "li", 300),
        CallFacts(NINE + timedelta(hours=1), 60, "abandoned"),
        CallFacts(NINE + timedelta(hours=1), 300, "callback"),
    ]
    result = figures(calls, 20, ZoneInfo("Asia/Shanghai"))
    assert result["service_level"] == 2 / 5
    assert result["abandon_rate"] == 1 / 5
    assert result["average_wait"] == (5 + 20 + 21 + 60 + 300) / 5
    assert result["average_handle"] == 200
    assert result["per_agent"] == {"wang": 2, "li": 1}
    assert result["per_hour"] == {9: 3, 10: 2}


def test_no_calls_give_no_rates_rather_than_zero():
    result = figures([], 20)
    assert result["service_level"] is None and result["abandon_rate"] is None and result["average_wait"] is None


def test_the_handle_time_counts_the_wrap_up_after_the_call():
    from feedback.calls.models import LiveCall
    from feedback.calls.wrapup import handle_seconds

    call = LiveCall(call_sid="CA" + "0" * 32, queue="zh", talk_seconds=60, ended_at=NINE,
                    wrapped_at=NINE + timedelta(seconds=45))  # fmt: skip
    assert handle_seconds(call) == 105
    call.wrapped_at = None
    assert handle_seconds(call) == 60
