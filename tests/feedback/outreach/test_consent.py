"""Opting out of notices and back in, on every channel: recorded with time and channel, confirmed, shown to staff."""

from __future__ import annotations

import copy
import re

from sqlmodel import Session, col, select

from channels.models import Interaction
from feedback.answers.resolution import resolve_with_answer
from feedback.cases.models import Case
from feedback.outreach import links
from feedback.outreach.models import ConsentEvent
from router.identity.models import Citizen
from tests.helpers.cases import outbound, quick_case, text_in
from tests.helpers.staff import make_user, sign_in_with_cookie
from tests.helpers.telegram import USER_ID, post_update, update
from tests.helpers.twilio import CITIZEN
from tests.helpers.worker import work


def _citizen(runtime, urn: str) -> Citizen:
    from router.identity.recognise import find_citizen

    with Session(runtime.engine) as session:
        return find_citizen(session, urn)


def _events(runtime) -> list[tuple[str, str, str]]:
    with Session(runtime.engine) as session:
        rows = session.exec(select(ConsentEvent).order_by(col(ConsentEvent.id)))
        return [(e.choice, e.channel, e.source) for e in rows]


def _telegram_text(text: str, update_id: int) -> dict:
    data = copy.deepcopy(update("text"))
    data["update_id"] = update_id
    data["message"]["message_id"] = update_id
    data["message"]["text"] = text
    return data


def test_td_by_sms_is_recorded_with_its_channel_and_opens_nothing(client, runtime, twilio):
    text_in(client, runtime, "TD")
    assert _citizen(runtime, "tel:" + CITIZEN).opted_out_at is not None
    assert _events(runtime) == [("out", "sms", "message")]
    text_in(client, runtime, "订阅")
    assert _events(runtime) == [("out", "sms", "message"), ("in", "sms", "message")]
    with Session(runtime.engine) as session:
        assert session.exec(select(Case)).first() is None


def test_telegram_stop_opts_out_and_start_opts_back_in_each_confirmed(client, runtime, telegram):
    post_update(client, _telegram_text("/stop", 900001))
    work(runtime)
    citizen = _citizen(runtime, f"telegram:{USER_ID}")
    assert citizen.opted_out_at is not None and citizen.opted_out_via == f"telegram:{USER_ID}"
    [confirmation] = telegram.wait_for(1)
    assert "已为您退订" in confirmation["text"] or "no more surveys or notices" in confirmation["text"]
    post_update(client, _telegram_text("/start", 900002))
    work(runtime)
    assert _citizen(runtime, f"telegram:{USER_ID}").opted_out_at is None
    texts = [m["text"] for m in telegram.wait_for(3)]
    assert any("已为您恢复" in t or "receive our surveys and notices again" in t for t in texts)
    assert any(t.startswith("您好！") for t in texts)
    assert _events(runtime) == [("out", "telegram", "command"), ("in", "telegram", "command")]
    with Session(runtime.engine) as session:
        assert session.exec(select(Case)).first() is None


def test_start_from_someone_who_never_opted_out_is_only_greeted(client, runtime, telegram):
    post_update(client, update("start"))
    work(runtime)
    [greeting] = telegram.wait_for(1)
    assert greeting["text"].startswith("您好！") and _events(runtime) == []


def test_the_stop_button_under_a_notice_opts_out(client, runtime, telegram):
    press = copy.deepcopy(update("callback_query"))
    press["callback_query"]["data"] = "/stop"
    post_update(client, press)
    work(runtime)
    assert _citizen(runtime, f"telegram:{USER_ID}").opted_out_at is not None
    assert _events(runtime) == [("out", "telegram", "button")]


def test_twilio_21610_on_a_failed_answer_is_recorded_as_the_citizens_opt_out(client, runtime, twilio):
    case_id = quick_case(runtime)
    twilio.fail_next(400, 21610, "Attempt to send to unsubscribed recipient")
    with runtime.session() as session:
        resolve_with_answer(session, session.get(Case, case_id), "路灯已修好。", "agent")
    work(runtime)
    [answer] = outbound(runtime, "answer")
    assert answer.status == "undeliverable" and "21610" in answer.error
    assert _citizen(runtime, "tel:" + CITIZEN).opted_out_at is not None
    assert _events(runtime) == [("out", "sms", "provider")]


def test_an_email_unsubscribe_link_asks_then_records_the_choice(client, runtime):
    from router.identity import recognise

    with runtime.session() as session:
        recognise.resolve(session, "mailto:li@example.cn", "zh")
    url = links.unsubscribe_url(runtime.settings, "mailto:li@example.cn")
    path = url.removeprefix(runtime.settings.public_url)
    page = client.get(path)
    assert page.status_code == 200 and "确认退订" in page.get_data(as_text=True)
    assert _citizen(runtime, "mailto:li@example.cn").opted_out_at is None  # a mail scanner opening it changes nothing
    done = client.post(path)
    assert done.status_code == 200 and "已为您退订" in done.get_data(as_text=True)
    assert _events(runtime) == [("out", "email", "link")]
    assert client.get(path[:-3] + "xyz").status_code == 404
    assert client.post(path[:-3] + "xyz").status_code == 404


def test_the_citizen_page_shows_the_opt_out_with_its_channel(client, runtime, twilio):
    text_in(client, runtime, "退订")
    citizen = _citizen(runtime, "tel:" + CITIZEN)
    sign_in_with_cookie(client, make_user(runtime, "lead", role="supervisor"))
    page = client.get(f"/citizens/{citizen.id}").get_data(as_text=True)
    assert "Opted out of notices and surveys since" in page
    row = re.search(r'<table class="consent-history">.*?</table>', page, re.S).group(0)
    assert "Opted out" in row and "sms" in row and "Message" in row


def test_an_opted_out_citizen_still_gets_their_case_answer(client, runtime, twilio):
    case = text_in(client, runtime, "村口的路灯坏了三天了")
    text_in(client, runtime, "STOP")
    with runtime.session() as session:
        resolve_with_answer(session, session.get(Case, case.id), "路灯已修好。", "agent")
    work(runtime)
    with Session(runtime.engine) as session:
        answer = session.exec(select(Interaction).where(Interaction.purpose == "answer")).one()
    assert answer.status in ("sent", "delivered")
