"""Staff read every time in the hotline's zone, labelled, and due times also as 'in 3 h' / 'overdue 2 d'."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from core import localtime
from core.config import ConfigError, from_environ
from feedback.cases.models import Case
from tests.helpers.cases import quick_case
from tests.helpers.staff import make_user, sign_in_with_form

LATE_EVENING_UTC = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)


def _open_at(runtime, moment: datetime, due: datetime | None = None) -> Case:
    case_id = quick_case(runtime)
    with Session(runtime.engine) as session:
        case = session.get(Case, case_id)
        case.opened_at = moment
        case.resolution_due_at = due
        session.add(case)
        session.commit()
        session.refresh(case)
        return case


def test_a_case_opened_at_23_30_utc_shows_the_next_local_date_in_the_inbox_and_on_its_page(client, runtime):
    case = _open_at(runtime, LATE_EVENING_UTC)
    make_user(runtime, "boss", role="supervisor")
    sign_in_with_form(client, "boss")
    inbox = client.get("/inbox?folder=all").get_data(as_text=True)
    assert "2026-12-07 07:30 CST" in inbox
    assert "2026-12-06 23:30" not in inbox
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "2026-12-07 07:30 CST" in page and "23:30" not in page


def test_a_due_time_reads_as_how_long_is_left_or_how_late_it_is(client, runtime):
    now = datetime.now(UTC)
    soon = _open_at(runtime, now, due=now + timedelta(hours=3, minutes=5))
    make_user(runtime, "boss", role="supervisor")
    sign_in_with_form(client, "boss")
    assert "(in 3 h)" in client.get(f"/cases/{soon.reference}").get_data(as_text=True)
    with Session(runtime.engine) as session:
        late = session.get(Case, soon.id)
        late.resolution_due_at = now - timedelta(days=2, hours=1)
        session.add(late)
        session.commit()
    assert "(overdue 2 d)" in client.get(f"/cases/{soon.reference}").get_data(as_text=True)


def test_the_hotline_time_zone_setting_moves_every_time_shown(app, client, runtime):
    case = _open_at(runtime, LATE_EVENING_UTC)
    london = runtime.settings.with_overrides(hotline_timezone="Europe/London")
    object.__setattr__(runtime, "settings", london)
    make_user(runtime, "boss", role="supervisor")
    sign_in_with_form(client, "boss")
    assert "2026-12-06 23:30 GMT" in client.get(f"/cases/{case.reference}").get_data(as_text=True)


def test_the_dashboards_default_period_ends_on_the_hotlines_date_not_utcs(client, runtime):
    now = datetime.now(UTC)
    # A zone whose date differs from UTC's right now: ahead late in the UTC day, behind early in it.
    zone_name = "UTC+14" if now.hour >= 10 else "UTC-12"
    object.__setattr__(runtime, "settings", runtime.settings.with_overrides(hotline_timezone=zone_name))
    local_today = localtime.today(localtime.zone(zone_name))
    assert local_today != now.date()
    make_user(runtime, "boss", role="supervisor")
    sign_in_with_form(client, "boss")
    page = client.get("/dashboard/").get_data(as_text=True)
    assert f'name="end" value="{local_today.isoformat()}"' in page


def test_hotline_timezone_is_read_from_the_environment_and_the_old_offset_setting_still_works():
    assert from_environ({}).hotline_timezone == "Asia/Shanghai"
    assert from_environ({"HOTLINE_TIMEZONE": "Asia/Urumqi"}).hotline_timezone == "Asia/Urumqi"
    legacy = from_environ({"REPORT_UTC_OFFSET_HOURS": "5.5"})
    assert legacy.hotline_timezone == "UTC+5:30" and legacy.report_utc_offset_hours == 5.5
    with pytest.raises(ConfigError, match="HOTLINE_TIMEZONE"):
        from_environ({"HOTLINE_TIMEZONE": "Mars/Olympus"})
