"""The live stream: Server-Sent Events, fed through the real Redis, telling open pages what changed."""

from __future__ import annotations

import json
import threading
import time

import pytest

from feedback.cases import actions
from feedback.cases.models import Case
from tests.helpers.cases import text_in
from tests.helpers.staff import assign_by_hand, make_user, sign_in_with_form

URBAN = "urban_rural_construction"


@pytest.fixture(autouse=True)
def _short_streams(app, runtime):
    assign_by_hand(runtime)
    app.config["LIVE_STREAM_SECONDS"] = 3


def _note_later(runtime, case_id: int, text: str, delay: float = 1.0) -> threading.Thread:
    def note() -> None:
        time.sleep(delay)
        with runtime.session() as session:
            actions.note(session, session.get(Case, case_id), text, "boss")

    thread = threading.Thread(target=note)
    thread.start()
    return thread


def _events_while(client, runtime, case_id: int) -> list[tuple[str, dict]]:
    """Open the stream, have a colleague note the case meanwhile, and return the events until the stream ends."""
    response = client.get("/live/events", buffered=False)
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    chunks = iter(response.response)
    assert next(chunks).startswith(b"retry: 1000")
    thread = _note_later(runtime, case_id, "已联系施工队")
    text = b"".join(chunks).decode()
    response.close()
    thread.join()
    found = []
    for block in text.split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if not line.startswith(":"))
        if "event" in lines:
            found.append((lines["event"], json.loads(lines["data"])))
    return found


def test_an_agent_of_the_department_hears_that_a_case_changed(app, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    case = text_in(app.test_client(), runtime)
    client = app.test_client()
    sign_in_with_form(client, "li.agent")
    events = _events_while(client, runtime, case.id)
    assert ("case", {"topic": "case", "reference": case.reference, "kind": "note"}) in events


def test_another_departments_agent_hears_nothing_of_it(app, runtime, twilio):
    make_user(runtime, "env.agent", departments=("environment",))
    case = text_in(app.test_client(), runtime)
    client = app.test_client()
    sign_in_with_form(client, "env.agent")
    events = _events_while(client, runtime, case.id)
    assert [data for _, data in events if data.get("reference") == case.reference] == []


def test_the_stream_needs_a_signed_in_user(client):
    assert client.get("/live/events").status_code in (302, 401)


def test_a_full_process_refuses_more_streams_so_pages_poll_instead(app, runtime, twilio):
    app.config["LIVE_MAX_STREAMS"] = 1
    make_user(runtime, "li.agent", departments=(URBAN,))
    first, second = app.test_client(), app.test_client()
    sign_in_with_form(first, "li.agent")
    sign_in_with_form(second, "li.agent")
    held = first.get("/live/events", buffered=False)
    refused = second.get("/live/events")
    assert refused.status_code == 503 and refused.headers["Retry-After"] == "30"
    held.close()  # the slot comes back when the stream ends
    again = second.get("/live/events", buffered=False)
    assert again.status_code == 200
    again.close()
