"""What a call leaves behind — a recorded message, its transcription, a hang-up — becomes contacts and cases,
through the real rq worker, whatever order Twilio's callbacks arrive in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, func, select

from channels.models import Attachment, Interaction
from channels.voice import understand
from core.clock import utcnow
from feedback.cases.models import Case, CaseEvent
from jobs import inbound
from router.identity.models import Citizen
from staff.models import Department
from tests.helpers.twilio import CITIZEN, call_step, spoken, twilio_post, twiml, voice_fixture
from tests.helpers.worker import work

STREET_LIGHT = "The street light at the village entrance has been out for three days"


@pytest.fixture
def no_grace(monkeypatch):
    """Judge a finished call at once instead of waiting for late callbacks."""
    monkeypatch.setattr(understand, "CALL_END_GRACE", timedelta(0))


def _rows(runtime, model, *where):
    with Session(runtime.engine) as session:
        return list(session.exec(select(model).where(*where).order_by(col(model.id))))


def _count(runtime, model=Interaction) -> int:
    with Session(runtime.engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def _post(client, runtime, step: str, name: str, **changes):
    return call_step(client, runtime.settings, step, voice_fixture(name, **changes), lang="zh")


def test_a_recorded_message_opens_a_case_and_the_caller_gets_its_number_by_sms(client, runtime, twilio):
    root = twiml(_post(client, runtime, "recording", "recording_callback"))
    assert [v.tag for v in root] == ["Say", "Hangup"] and "留言已收到" in spoken(root)

    work(runtime)

    case = _rows(runtime, Case)[0]
    [message] = _rows(runtime, Interaction, Interaction.direction == "in")
    [attachment] = _rows(runtime, Attachment)
    assert message.purpose == "voice_message" and message.case_id == case.id and case.channel == "voice"
    assert attachment.url == voice_fixture("recording_callback")["RecordingUrl"]
    assert attachment.content_type.startswith("audio/")
    [reply] = _rows(runtime, Interaction, Interaction.direction == "out")
    assert reply.channel == "sms" and reply.urn == "tel:" + CITIZEN  # a call is answered by text message
    [sms] = twilio.wait_for(1)
    assert sms["to"] == CITIZEN and case.reference in sms["body"] and "已受理" in sms["body"]


def test_a_transcription_after_the_recording_fills_in_the_message_and_the_empty_summary(client, runtime, twilio):
    _post(client, runtime, "recording", "recording_callback")
    work(runtime)
    _post(client, runtime, "transcription", "transcription_callback")
    work(runtime)

    [message] = _rows(runtime, Interaction, Interaction.purpose == "voice_message")
    [case] = _rows(runtime, Case)
    assert message.text == STREET_LIGHT and case.summary == STREET_LIGHT
    assert [e.kind for e in _rows(runtime, CaseEvent)] == ["opened", "transcribed"]
    assert _count(runtime, Case) == 1 and len(twilio.wait_for(1)) == 1  # no second case, no second SMS


def test_a_transcription_never_overwrites_a_summary_an_agent_already_wrote(client, runtime):
    _post(client, runtime, "recording", "recording_callback")
    work(runtime)
    with Session(runtime.engine) as session:
        session.exec(update(Case).values(summary="Broken street light, village entrance"))
        session.commit()
    _post(client, runtime, "transcription", "transcription_callback")
    work(runtime)
    [case] = _rows(runtime, Case)
    [message] = _rows(runtime, Interaction, Interaction.purpose == "voice_message")
    assert case.summary == "Broken street light, village entrance" and message.text == STREET_LIGHT


def test_a_transcription_that_arrives_first_is_used_to_route_the_message(client, runtime):
    _post(client, runtime, "transcription", "transcription_callback")
    work(runtime)
    assert _count(runtime, Case) == 0  # nothing to attach it to yet; it waits

    _post(client, runtime, "recording", "recording_callback")
    work(runtime)

    [case] = _rows(runtime, Case)
    [message] = _rows(runtime, Interaction, Interaction.purpose == "voice_message")
    with Session(runtime.engine) as session:
        department = session.get(Department, case.department_id)
    assert message.text == STREET_LIGHT and case.summary == STREET_LIGHT
    assert department.code == "urban_rural_construction"  # routed on the words, not sent to triage


def test_a_transcription_waiting_for_its_recording_finishes_quietly_once_the_recording_is_in(client, runtime):
    _post(client, runtime, "transcription", "transcription_callback")
    work(runtime)
    _post(client, runtime, "recording", "recording_callback")
    work(runtime)
    with Session(runtime.engine) as session:  # the transcription's next look is due now
        session.exec(
            update(Interaction)
            .where(col(Interaction.purpose) == "voice_transcription")
            .values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )
        session.commit()
    inbound.process_batch(runtime)  # what the sweeper's drain does when the look is due

    [transcription] = _rows(runtime, Interaction, Interaction.purpose == "voice_transcription")
    assert transcription.status == "processed" and transcription.case_id is None
    assert _count(runtime, Case) == 1
    assert [e.kind for e in _rows(runtime, CaseEvent)] == ["opened", "transcribed"]


def test_retried_recording_and_transcription_callbacks_change_nothing(client, runtime, twilio):
    for _ in range(2):
        _post(client, runtime, "recording", "recording_callback")
        _post(client, runtime, "transcription", "transcription_callback")
        work(runtime)
    assert _count(runtime, Case) == 1
    assert len(_rows(runtime, Interaction, Interaction.direction == "in")) == 2
    assert len(twilio.wait_for(1)) == 1


def test_a_caller_who_hangs_up_without_leaving_anything_is_queued_for_a_call_back(client, runtime, twilio, no_grace):
    _post(client, runtime, "status", "status_completed_hang_up")
    work(runtime)

    [case] = _rows(runtime, Case)
    [contact] = _rows(runtime, Interaction, Interaction.direction == "in")
    assert case.callback_requested and contact.purpose == "callback_request" and contact.case_id == case.id
    assert contact.payload["CallStatus"] == "completed"  # the status callback itself is kept
    assert "callback_requested" in [e.kind for e in _rows(runtime, CaseEvent)]
    [sms] = twilio.wait_for(1)
    assert sms["to"] == CITIZEN and "回电" in sms["body"]


def test_a_call_that_left_a_message_is_not_also_a_call_back_request(client, runtime, twilio, no_grace):
    _post(client, runtime, "recording", "recording_callback")
    _post(client, runtime, "status", "status_completed_after_message")
    work(runtime)
    [case] = _rows(runtime, Case)
    [status] = _rows(runtime, Interaction, Interaction.purpose == "call_status")
    assert not case.callback_requested and status.case_id is None and status.status == "processed"


def test_a_caller_who_only_heard_their_status_is_not_called_back(client, runtime, no_grace):
    _post(client, runtime, "recording", "recording_callback")
    work(runtime)
    second_call = {"CallSid": "CA2222222222222222222222222222abcd"}
    _post(client, runtime, "menu", "gather_menu_key", Digits="1", **second_call)
    _post(client, runtime, "status", "status_completed_after_message", **second_call)
    work(runtime)
    [case] = _rows(runtime, Case)
    assert not case.callback_requested
    assert [e.kind for e in _rows(runtime, CaseEvent)] == ["opened"]


def test_a_finished_call_is_judged_only_after_late_callbacks_had_time_to_arrive(client, runtime):
    _post(client, runtime, "status", "status_completed_hang_up")
    work(runtime)
    [waiting] = _rows(runtime, Interaction)
    assert waiting.status == "received" and waiting.next_attempt_at is not None and _count(runtime, Case) == 0

    _post(client, runtime, "recording", "recording_callback", CallSid=waiting.payload["CallSid"])  # late message
    with Session(runtime.engine) as session:  # the grace period has passed
        session.exec(
            update(Interaction)
            .where(col(Interaction.id) == waiting.id)
            .values(created_at=utcnow() - timedelta(minutes=1), next_attempt_at=None)
        )
        session.commit()
    work(runtime)

    [case] = _rows(runtime, Case)
    assert not case.callback_requested  # the late recording counted: the caller did leave a message


def test_the_language_chosen_on_the_phone_is_the_language_of_the_text_reply(client, runtime, twilio):
    call_step(client, runtime.settings, "recording", voice_fixture("recording_callback"), lang="en")
    work(runtime)
    [sms] = twilio.wait_for(1)
    assert sms["body"].startswith("[12345] We have received your request")
    assert _rows(runtime, Citizen)[0].language == "en"


def test_an_empty_recording_is_answered_but_nothing_is_stored(client, runtime):
    root = twiml(_post(client, runtime, "recording", "recording_empty"))
    assert "没有听到" in spoken(root)
    assert _count(runtime) == 0


def test_well_formed_but_irrelevant_callbacks_are_accepted_and_ignored(client, runtime):
    assert _post(client, runtime, "transcription", "transcription_failed").status_code == 200
    assert _post(client, runtime, "status", "status_unknown").status_code == 200
    assert _count(runtime) == 0


@pytest.mark.parametrize("step", ["menu", "reference", "recording", "transcription", "status"])
def test_a_request_without_a_call_sid_gets_400_and_stores_nothing(client, runtime, step):
    response = _post(client, runtime, step, "malformed_missing_call_sid")
    assert response.status_code == 400 and "CallSid" in response.get_json()["error"]
    assert _count(runtime) == 0 and _count(runtime, Citizen) == 0


def test_malformed_recording_and_status_callbacks_get_400_and_store_nothing(client, runtime):
    no_url = voice_fixture("recording_callback")
    del no_url["RecordingUrl"]
    assert call_step(client, runtime.settings, "recording", no_url).status_code == 400
    assert _post(client, runtime, "recording", "recording_callback", From="anonymous").status_code == 400
    assert _post(client, runtime, "status", "status_completed_hang_up", CallStatus="").status_code == 400
    too_long = _post(client, runtime, "status", "status_completed_hang_up", CallSid="CA" + "f" * 200)
    assert too_long.status_code == 400 and "CallSid" in too_long.get_json()["error"]
    assert client.post("/channels/voice/recording", json=voice_fixture("recording_callback")).status_code == 400
    assert _count(runtime) == 0 and _count(runtime, Citizen) == 0


def test_unsigned_or_forged_voice_requests_are_refused(client, runtime):
    form = voice_fixture("recording_callback")
    unsigned = client.post("/channels/voice/recording", data=form, content_type="application/x-www-form-urlencoded")
    forged = twilio_post(client, runtime.settings, "/channels/voice/recording", form, signature="Zm9yZ2Vk")
    assert unsigned.status_code == 403 and forged.status_code == 403
    assert _count(runtime) == 0
