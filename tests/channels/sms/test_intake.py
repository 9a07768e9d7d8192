"""A text message in, a routed case and an acknowledgement SMS out — through the real rq worker."""

from __future__ import annotations

from sqlmodel import Session, func, select

from channels.models import Attachment, Interaction
from feedback.cases.models import Case, CaseEvent
from feedback.cases.reference import is_valid
from router.identity.models import Citizen, Identity
from staff.models import Department
from tests.helpers import fixture
from tests.helpers.twilio import twilio_post
from tests.helpers.worker import settle, work


def _count(runtime, model) -> int:
    settle(runtime)  # what webhooks stored on SQLite waits in a journal until a worker moves it
    with Session(runtime.engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_a_chinese_text_opens_a_case_in_the_right_department_and_is_acknowledged_in_chinese(client, runtime, twilio):
    response = twilio_post(client, runtime.settings, "/channels/sms", fixture("twilio/sms_incoming_zh.json"))
    assert response.status_code == 200
    assert response.mimetype == "text/xml" and "<Response>" in response.get_data(as_text=True)

    work(runtime)

    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
        department = session.get(Department, case.department_id)
        identity = session.exec(select(Identity)).one()
        assert department.code == "urban_rural_construction"
        assert identity.urn == "tel:+8613800138000" and identity.citizen_id == case.citizen_id
        assert is_valid(case.reference) and case.reference.isdigit()
        assert [e.kind for e in session.exec(select(CaseEvent))] == ["opened"]
    [sms] = twilio.wait_for(1)
    assert sms["to"] == "+8613800138000" and sms["from"] == "+8612345000000"
    assert case.reference in sms["body"] and "城乡建设" in sms["body"] and "已受理" in sms["body"]


def test_an_english_text_is_acknowledged_in_english(client, runtime, twilio):
    twilio_post(client, runtime.settings, "/channels/sms", fixture("twilio/sms_incoming_en.json"))
    work(runtime)
    [sms] = twilio.wait_for(1)
    assert sms["to"] == "+447700900123"
    assert (
        sms["body"].startswith("[12345] We have received your request")
        and "Urban and Rural Construction" in sms["body"]
    )


def test_a_second_text_from_the_same_number_joins_the_open_case(client, runtime, twilio):
    first = fixture("twilio/sms_incoming_zh.json")
    second = dict(first, MessageSid="SM" + "b" * 32, SmsSid="SM" + "b" * 32, Body="还有旁边的井盖也丢了")
    twilio_post(client, runtime.settings, "/channels/sms", first)
    work(runtime)
    twilio_post(client, runtime.settings, "/channels/sms", second)
    work(runtime)

    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
        texts = [i.text for i in session.exec(select(Interaction).where(Interaction.case_id == case.id))]
        kinds = [e.kind for e in session.exec(select(CaseEvent).order_by(CaseEvent.id))]
    assert "还有旁边的井盖也丢了" in texts and "村口的路灯坏了三天了" in texts
    assert kinds == ["opened", "message_added"]
    replies = twilio.wait_for(2)
    assert "已加入工单 " + case.reference in replies[1]["body"]


def test_a_retried_webhook_creates_one_interaction_and_one_case(client, runtime, twilio):
    form = fixture("twilio/sms_incoming_zh.json")
    assert twilio_post(client, runtime.settings, "/channels/sms", form).status_code == 200
    assert twilio_post(client, runtime.settings, "/channels/sms", form).status_code == 200
    work(runtime)
    assert _count(runtime, Interaction) == 2  # the contact and one acknowledgement
    assert _count(runtime, Case) == 1
    assert len(twilio.wait_for(1)) == 1


def test_running_the_drain_twice_changes_nothing_the_second_time(client, runtime, twilio):
    from jobs import inbound

    twilio_post(client, runtime.settings, "/channels/sms", fixture("twilio/sms_incoming_zh.json"))
    assert inbound.process_batch(runtime) == 1
    assert inbound.process_batch(runtime) == 0
    assert _count(runtime, Case) == 1 and _count(runtime, CaseEvent) == 1


def test_an_unsigned_or_wrongly_signed_request_is_refused_and_nothing_is_stored(client, runtime):
    form = fixture("twilio/sms_incoming_zh.json")
    unsigned = client.post("/channels/sms", data=form, content_type="application/x-www-form-urlencoded")
    forged = twilio_post(client, runtime.settings, "/channels/sms", form, signature="bm90IGEgc2lnbmF0dXJl")
    tampered = twilio_post(client, runtime.settings, "/channels/sms", dict(form))
    assert unsigned.status_code == 403 and forged.status_code == 403
    assert "X-Twilio-Signature" in forged.get_json()["error"]
    assert tampered.status_code == 200  # the control: the same form, properly signed, is accepted
    assert _count(runtime, Interaction) == 1


def test_a_signature_over_other_fields_does_not_pass(client, runtime):
    form = fixture("twilio/sms_incoming_zh.json")
    from twilio.request_validator import RequestValidator

    signature = RequestValidator(runtime.settings.twilio_auth_token).compute_signature(
        runtime.settings.public_url + "/channels/sms", form
    )
    altered = dict(form, Body="转账到这个账户")
    assert twilio_post(client, runtime.settings, "/channels/sms", altered, signature=signature).status_code == 403
    assert _count(runtime, Interaction) == 0


def test_malformed_requests_get_400_and_store_nothing(client, runtime):
    missing_from = twilio_post(client, runtime.settings, "/channels/sms", fixture("twilio/sms_missing_from.json"))
    bad_number = twilio_post(
        client, runtime.settings, "/channels/sms", dict(fixture("twilio/sms_incoming_zh.json"), From="not-a-number")
    )
    as_json = client.post("/channels/sms", json={"Body": "hi"})
    assert missing_from.status_code == 400 and "From" in missing_from.get_json()["error"]
    assert bad_number.status_code == 400 and "phone number" in bad_number.get_json()["error"]
    assert as_json.status_code == 400
    assert _count(runtime, Interaction) == 0 and _count(runtime, Citizen) == 0


def test_an_oversized_request_is_refused(client, runtime):
    form = dict(fixture("twilio/sms_incoming_zh.json"), Body="路" * 40_000)
    response = twilio_post(client, runtime.settings, "/channels/sms", form)
    assert response.status_code == 413
    assert _count(runtime, Interaction) == 0


def test_an_empty_message_is_acknowledged_but_ignored(client, runtime):
    form = dict(fixture("twilio/sms_incoming_zh.json"), Body="   ")
    assert twilio_post(client, runtime.settings, "/channels/sms", form).status_code == 200
    assert _count(runtime, Interaction) == 0


def test_mms_media_urls_are_kept_with_the_contact(client, runtime, twilio):
    form = fixture("twilio/mms_incoming_photo.json")
    twilio_post(client, runtime.settings, "/channels/sms", form)
    work(runtime)
    with Session(runtime.engine) as session:
        [attachment] = session.exec(select(Attachment)).all()
        case = session.exec(select(Case)).one()
        department = session.get(Department, case.department_id)
    assert attachment.url == form["MediaUrl0"] and attachment.content_type == "image/jpeg"
    assert department.is_triage  # no keyword matches, so a person routes it rather than a guess
