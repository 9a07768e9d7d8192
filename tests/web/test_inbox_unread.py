"""The inbox shows what changed: unread cases, urging, last activity, and the columns an agent works by."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session

from feedback.cases.models import Case
from tests.helpers.cases import text_in
from tests.helpers.staff import assign_by_hand, csrf_token, make_user, sign_in_with_form

URBAN = "urban_rural_construction"
OTHER = "+8613900139000"


@pytest.fixture(autouse=True)
def _agents_claim_cases_themselves(runtime):
    assign_by_hand(runtime)


def _claim(client, reference: str) -> None:
    client.post(f"/cases/{reference}/claim", data={"csrf_token": csrf_token(client, "/inbox")})


def _row(page: str, reference: str) -> str:
    match = re.search(rf'<tr class="([^"]*)" data-reference="{reference}">(.*?)</tr>', page, re.S)
    assert match, reference
    return match.group(1) + match.group(2)


def _references(page: str) -> list[str]:
    return re.findall(r'<tr class="[^"]*" data-reference="(\d+)">', page)


def test_a_citizens_follow_up_marks_the_case_unread_until_its_assignee_opens_it(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    case = text_in(client, runtime)
    sign_in_with_form(client, "li.agent")
    _claim(client, case.reference)
    client.get(f"/cases/{case.reference}")
    assert "unread" not in _row(client.get("/inbox?folder=mine").get_data(as_text=True), case.reference)
    text_in(client, runtime, body="补充一下：路灯在村委会门口")
    page = client.get("/inbox?folder=mine").get_data(as_text=True)
    assert "unread" in _row(page, case.reference)
    assert 'data-unread-mine="1"' in page and "1 new" in page
    client.get(f"/cases/{case.reference}")
    page = client.get("/inbox?folder=mine").get_data(as_text=True)
    assert "unread" not in _row(page, case.reference) and 'data-unread-mine="0"' in page


def test_a_follow_up_brings_an_older_case_to_the_top_and_urging_is_counted(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    older = text_in(client, runtime)
    newer = text_in(client, runtime, body="路边的井盖丢了", sender=OTHER)
    sign_in_with_form(client, "li.agent")
    folder = "/inbox?folder=unassigned"
    assert _references(client.get(folder).get_data(as_text=True))[:2] == [newer.reference, older.reference]
    text_in(client, runtime, body="怎么还没人来修？都三天了")
    text_in(client, runtime, body="这是照片")
    page = client.get(folder).get_data(as_text=True)
    assert _references(page)[:2] == [older.reference, newer.reference]
    assert "urged 1×" in _row(page, older.reference)
    with Session(runtime.engine) as session:
        assert session.get(Case, older.id).urge_count == 1
    assert "urged 1×" in client.get(f"/cases/{older.reference}").get_data(as_text=True)


def test_the_list_shows_assignee_time_left_last_activity_citizen_and_kind_and_sorts_by_them(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    case = text_in(client, runtime)
    sign_in_with_form(client, "li.agent")
    _claim(client, case.reference)
    row = _row(client.get("/inbox?folder=mine").get_data(as_text=True), case.reference)
    assert 'class="assignee">li.agent<' in row
    assert 'class="citizen">tel ···8000<' in row  # no name given: the number's end, masked
    assert re.search(r'class="time-left"><span class="">in \d+ (h|d)</span>', row)
    assert "CST" in row
    for key in ("activity", "due", "opened", "priority"):
        assert case.reference in client.get(f"/inbox?folder=mine&sort={key}").get_data(as_text=True)
    assert client.get("/inbox?folder=mine&sort=nonsense").status_code == 200


def test_closed_urgent_cases_no_longer_sit_above_open_ones_in_all(client, runtime, twilio):
    make_user(runtime, "boss", role="supervisor")
    old = text_in(client, runtime)
    current = text_in(client, runtime, body="路边的井盖丢了", sender=OTHER)
    with Session(runtime.engine) as session:
        closed = session.get(Case, old.id)
        closed.priority, closed.status = "urgent", "closed"
        session.add(closed)
        session.commit()
    sign_in_with_form(client, "boss")
    assert _references(client.get("/inbox?folder=all").get_data(as_text=True)) == [current.reference, old.reference]
