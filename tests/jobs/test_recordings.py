"""Callers' recordings are brought home: the worker fetches each from the Twilio stand-in (with the account's
credentials) into the media store, deletes it there when configured, and agents play it inline."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from channels.models import Attachment
from feedback.cases.models import Case
from jobs import periodic, recordings
from tests.helpers import REPO
from tests.helpers.staff import make_user, sign_in_with_cookie
from tests.helpers.twilio import call_step, voice_fixture
from tests.helpers.worker import work

WAV = (REPO / "tests/fixtures/twilio_voice/recording.wav").read_bytes()
SID = voice_fixture("recording_callback")["RecordingSid"]


def _recorded_message(client, runtime) -> Attachment:
    call_step(client, runtime.settings, "recording", voice_fixture("recording_callback"), lang="zh")
    work(runtime)
    with Session(runtime.engine) as session:
        return session.exec(select(Attachment)).one()


def _attachment(runtime) -> Attachment:
    with Session(runtime.engine) as session:
        return session.exec(select(Attachment)).one()


def test_the_worker_fetches_a_recording_into_the_media_store_and_agents_play_it_inline(client, runtime, twilio):
    twilio.add_recording(SID, WAV)
    before = _recorded_message(client, runtime)
    assert before.path is None  # only Twilio's link so far

    runtime.redis.delete("civicline:periodic:recordings")
    assert "recordings" in periodic.enqueue_due(runtime, [j for j in periodic.PERIODIC if j.name == "recordings"])
    work(runtime)

    kept = _attachment(runtime)
    assert kept.size == len(WAV) and runtime.blobs.open(kept.path).read() == WAV
    assert twilio.recording_requests == [("GET", SID)]  # not deleted: TWILIO_DELETE_RECORDINGS is off
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
    sign_in_with_cookie(client, make_user(runtime, "zhao.sup", role="supervisor"))
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert f'<audio controls preload="none" src="/attachments/{kept.id}"></audio>' in page
    played = client.get(f"/attachments/{kept.id}")
    assert played.status_code == 200 and played.mimetype == "audio/x-wav" and played.data == WAV


def test_a_kept_recording_is_deleted_at_twilio_when_configured(client, runtime, twilio, monkeypatch):
    monkeypatch.setattr(
        runtime.channels["voice"], "settings", runtime.settings.with_overrides(twilio_delete_recordings=True)
    )
    twilio.add_recording(SID, WAV)
    _recorded_message(client, runtime)
    assert recordings.fetch_pending() == 1
    assert twilio.recording_requests == [("GET", SID), ("DELETE", SID)] and SID not in twilio.recordings
    assert runtime.blobs.open(_attachment(runtime).path).read() == WAV
    assert recordings.fetch_pending() == 0  # nothing left to fetch


def test_a_recording_twilio_no_longer_has_is_noted_and_not_asked_for_again(client, runtime, twilio):
    _recorded_message(client, runtime)  # Twilio has no such recording
    assert recordings.fetch_pending() == 0
    note = _attachment(runtime).note
    assert note.startswith("not kept") and "404" in note
    assert recordings.fetch_pending() == 0 and len(twilio.recording_requests) == 1


@pytest.mark.parametrize("url", ["https://evil.example/2010-04-01/Accounts/AC1/Recordings/RE1", "file:///etc/passwd"])
def test_credentials_are_never_sent_to_a_url_that_is_not_twilios(runtime, url):
    from channels.base import ChannelError
    from channels.voice import recordings as voice_recordings

    with pytest.raises(ChannelError) as refused:
        voice_recordings.fetch(runtime.settings, url, 1000)
    assert refused.value.permanent


def _case(runtime) -> Case:
    with Session(runtime.engine) as session:
        return session.exec(select(Case)).one()


def test_a_local_speech_engine_writes_down_a_chinese_recording_and_routes_it_out_of_triage(
    client, runtime, twilio, monkeypatch
):
    import sys

    engine = f"{sys.executable} {REPO / 'tests/fixtures/speech/engine.py'}"
    monkeypatch.setattr(runtime, "settings", runtime.settings.with_overrides(speech_to_text_command=engine))
    twilio.add_recording(SID, WAV)
    _recorded_message(client, runtime)
    triage = _case(runtime).department_id
    assert recordings.fetch_pending() == 1
    case = _case(runtime)
    assert case.summary == "村口的路灯坏了三天了，晚上走路很危险" and case.department_id != triage
    from tests.helpers.cases import case_events

    kinds = [e.kind for e in case_events(runtime, case.id)]
    assert "transcribed" in kinds and "routed" in kinds


def test_without_an_engine_the_agent_writes_down_what_was_said_and_the_case_is_routed(app, client, runtime, twilio):
    app.config["WTF_CSRF_ENABLED"] = False
    twilio.add_recording(SID, WAV)
    _recorded_message(client, runtime)
    assert recordings.fetch_pending() == 1 and _case(runtime).summary == ""  # no engine: no words yet
    triage = _case(runtime).department_id
    sign_in_with_cookie(client, make_user(runtime, "zhao.sup", role="supervisor"))
    reference = _case(runtime).reference
    assert "What the caller said" in client.get(f"/cases/{reference}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert client.post(f"/cases/{reference}/heard", data={"text": "  "}).status_code == 302  # refused, no 500
    assert _case(runtime).summary == ""
    client.post(f"/cases/{reference}/heard", data={"text": "村口的路灯坏了三天了"})
    case = _case(runtime)
    assert case.summary == "村口的路灯坏了三天了" and case.department_id != triage
