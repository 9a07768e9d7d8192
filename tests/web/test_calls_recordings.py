"""A live call's recording is brought home onto the case it was filed on, and played there for the case's staff."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from channels.models import Attachment, Interaction
from feedback.cases.models import Case
from jobs import recordings
from tests.helpers import REPO
from tests.helpers.calls import give_line, talking_call
from tests.helpers.staff import csrf_token, department_id, make_user, sign_in_with_cookie
from tests.helpers.twilio import TWILIO_SID

WAV = (REPO / "tests/fixtures/twilio_voice/recording.wav").read_bytes()
SID = "RE" + "7" * 32
URL = f"https://api.twilio.com/2010-04-01/Accounts/{TWILIO_SID}/Recordings/{SID}"  # as Twilio reports it


@pytest.fixture
def settings(settings):
    return settings.with_overrides(live_calls=True)


def _post(client, path: str, form: dict, page: str):
    return client.post(path, data=form | {"csrf_token": csrf_token(client, page)}, headers={"Accept-Language": "en"})


def _audio(runtime) -> list[Attachment]:
    with Session(runtime.engine) as session:
        return list(session.exec(select(Attachment).where(Attachment.content_type == "audio/x-wav")))


def test_the_recording_of_a_call_filed_on_a_new_case_is_fetched_and_played_only_for_its_departments_staff(
    client, runtime, twilio
):
    twilio.add_recording(SID, WAV)
    wang = give_line(runtime, make_user(runtime, "wang", departments=("environment",)))
    sign_in_with_cookie(client, wang)
    _caller, phone, call = talking_call(client, runtime, twilio)
    call_id = call.id
    phone.status("completed", 64)
    phone.dial_ends("completed", 64, recording=URL)
    environment = department_id(runtime, "environment")
    form = {"what": "new_case", "summary": "河道污染", "kind": "report", "department_id": environment}
    filed = _post(client, f"/calls/{call_id}/wrapup", form, f"/calls/{call_id}")
    [waiting] = _audio(runtime)
    assert (waiting.url, waiting.path) == (URL, None)

    assert recordings.fetch_pending() == 1

    [kept] = _audio(runtime)
    assert runtime.blobs.open(kept.path).read() == WAV and twilio.recording_requests == [("GET", SID)]
    page = client.get(filed.location).get_data(as_text=True)
    assert f'<audio controls preload="none" src="/attachments/{kept.id}"></audio>' in page
    played = client.get(f"/attachments/{kept.id}")
    assert played.status_code == 200 and played.data == WAV
    sign_in_with_cookie(client, make_user(runtime, "li", departments=("transport",)))
    assert client.get(f"/attachments/{kept.id}").status_code == 404


def test_a_recording_reported_after_an_early_wrap_up_onto_an_existing_case_goes_on_that_case(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    sign_in_with_cookie(client, wang)
    _caller, phone, call = talking_call(client, runtime, twilio)
    call_id = call.id
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
    form = {"what": "existing_case", "summary": "追问进度", "reference": case.reference}
    _post(client, f"/calls/{call_id}/wrapup", form, f"/calls/{call_id}")  # while still talking
    assert _audio(runtime) == []

    phone.status("completed", 30)
    phone.dial_ends("completed", 30, recording=URL)
    phone.dial_ends("completed", 30, recording=URL)  # Twilio retried the action

    [attached] = _audio(runtime)
    with Session(runtime.engine) as session:
        contact = session.get(Interaction, attached.interaction_id)
    assert (contact.case_id, contact.purpose, attached.url) == (case.id, "live_call", URL)


def test_a_call_recorded_as_information_only_keeps_no_recording(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    sign_in_with_cookie(client, wang)
    _caller, phone, call = talking_call(client, runtime, twilio)
    call_id = call.id
    phone.status("completed", 30)
    phone.dial_ends("completed", 30, recording=URL)
    _post(client, f"/calls/{call_id}/wrapup", {"what": "information"}, f"/calls/{call_id}")
    assert _audio(runtime) == []
