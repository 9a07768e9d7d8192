"""The notice pages: written by one supervisor, approved by another, sent, followed, and refused edits."""

from __future__ import annotations

from sqlmodel import Session, select

from channels.models import Interaction
from feedback.outreach.models import Campaign
from staff.models import User
from tests.helpers.outreach import citizen, segment
from tests.helpers.staff import csrf_token, make_user, sign_in_with_cookie
from tests.helpers.worker import work


def _post(client, path: str, data: dict | None = None):
    return client.post(path, data={"csrf_token": csrf_token(client, "/outreach"), **(data or {})})


def _write(client, seg: int, **changes) -> int:
    form = {"title": "停水通知", "segment_id": str(seg), "text_zh": "{name}您好：{township}周五停水。",
            "text_en": "Water is off in {township} on Friday.", "channel": "preferred", **changes}  # fmt: skip
    answer = _post(client, "/outreach/campaigns/new", form)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return int(answer.headers["Location"].rsplit("/", 1)[1])


def test_a_notice_is_approved_by_a_second_supervisor_then_sent(client, runtime, twilio):
    citizen(runtime, "tel:+8613800000201", name="李明", township="城关镇")
    seg = segment(runtime, township="城关镇")
    author, approver = (
        make_user(runtime, "author", role="supervisor"),
        make_user(runtime, "approver", role="supervisor"),
    )
    sign_in_with_cookie(client, author)
    notice = _write(client, seg)
    page = client.get(f"/outreach/campaigns/{notice}").get_data(as_text=True)
    assert "Another supervisor must approve this notice." in page and "action-approve" not in page
    refused = _post(client, f"/outreach/campaigns/{notice}/approve")
    assert "its author cannot approve it" in client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "must be approved before" in client.get(
        _post(client, f"/outreach/campaigns/{notice}/start").headers["Location"]).get_data(as_text=True)  # fmt: skip
    sign_in_with_cookie(client, approver)
    _post(client, f"/outreach/campaigns/{notice}/approve")
    _post(client, f"/outreach/campaigns/{notice}/start", {"send_at": ""})
    work(runtime)
    [sent] = twilio.wait_for(1)
    assert sent["to"] == "+8613800000201" and sent["body"].startswith("李明您好：城关镇周五停水。")
    assert client.get(f"/outreach/campaigns/{notice}/progress").json["figures"]["sms"]["sent"] == 1
    listed = client.get("/outreach").get_data(as_text=True)
    assert "停水通知" in listed and "approver" in listed
    edit = client.get(f"/outreach/campaigns/{notice}/edit")
    assert edit.status_code == 303 and "cannot be edited" in client.get(edit.headers["Location"]).get_data(as_text=True)


def test_unknown_variables_and_long_texts_are_refused_with_the_reason(client, runtime):
    seg = segment(runtime, township="城关镇")
    sign_in_with_cookie(client, make_user(runtime, "author", role="supervisor"))
    form = {"title": "t", "segment_id": str(seg), "text_zh": "{phone}", "channel": "sms"}
    refused = _post(client, "/outreach/campaigns/new", form)
    assert refused.status_code == 400 and "unknown variable {phone}" in refused.get_data(as_text=True)
    refused = _post(client, "/outreach/campaigns/new", {**form, "text_zh": "停水" * 40})
    assert refused.status_code == 400 and "takes 2 segments" in refused.get_data(as_text=True)
    assert client.get("/outreach/sms-length?text=" + "停" * 80).json == {"segments": 2}
    with Session(runtime.engine) as session:
        assert session.exec(select(Campaign)).first() is None


def test_a_test_goes_to_the_authors_own_phone(client, runtime, twilio):
    seg = segment(runtime, township="城关镇")
    author = make_user(runtime, "author", role="supervisor")
    sign_in_with_cookie(client, author)
    notice = _write(client, seg)
    refused = _post(client, f"/outreach/campaigns/{notice}/test")
    assert "add your phone number" in client.get(refused.headers["Location"]).get_data(as_text=True)
    with runtime.session() as session:
        session.get(User, author).phone = "+8613900000999"
    _post(client, f"/outreach/campaigns/{notice}/test")
    work(runtime)
    [sent] = twilio.wait_for(1)
    assert sent["to"] == "+8613900000999" and sent["body"].startswith("[TEST] Water is off in [township] on Friday.")
    with Session(runtime.engine) as session:
        assert session.exec(select(Interaction.purpose).where(Interaction.direction == "out")).one() == "notice_test"


def test_agents_cannot_open_the_notice_pages(client, runtime):
    sign_in_with_cookie(client, make_user(runtime, "wang", role="agent"))
    assert client.get("/outreach").status_code == 403
    assert client.get("/outreach/campaigns/new").status_code == 403
