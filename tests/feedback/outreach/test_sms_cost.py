"""The notice form's SMS cost estimate: segments × reachable SMS recipients × OUTREACH_SMS_SEGMENT_PRICE."""

from __future__ import annotations

from core.clock import utcnow
from router.identity.models import Citizen
from tests.helpers.outreach import citizen, segment
from tests.helpers.staff import make_user, sign_in_with_cookie

LONG_ZH = "各位村民：" + "因主干管道维修，城关镇全镇将于周二上午八点至下午六点停水，请提前储水。" * 2  # two segments


def test_the_estimate_counts_reachable_sms_recipients_in_their_language(client, runtime):
    citizen(runtime, "tel:+8613900000001", township="城关镇")  # zh, by SMS
    citizen(runtime, "tel:+8613900000002", language="en", township="城关镇")  # en, by SMS
    citizen(runtime, "telegram:5550001", township="城关镇")  # reached in Telegram: no SMS cost
    gone = citizen(runtime, "tel:+8613900000004", township="城关镇")
    with runtime.session() as session:
        session.get(Citizen, gone).opted_out_at = utcnow()  # opted out: gets nothing, costs nothing
    seg = segment(runtime, township="城关镇")
    sign_in_with_cookie(client, make_user(runtime, "lead", role="supervisor"))
    form = client.get("/outreach/campaigns/new").get_data(as_text=True)
    assert 'data-sms-cost="/outreach/sms-cost"' in form and 'class="sms-cost"' in form and "× 0.05 =" in form
    query = {"segment_id": seg, "channel": "preferred", "text_zh": LONG_ZH, "text_en": "Water is off on Tuesday."}
    found = client.get("/outreach/sms-cost", query_string=query).get_json()
    assert found == {"recipients": 2, "segments": {"zh": 2, "en": 1}, "total_segments": 3, "cost": 0.15,
                     "price": 0.05}  # fmt: skip
    by_telegram = client.get("/outreach/sms-cost", query_string={**query, "channel": "telegram"}).get_json()
    assert by_telegram["recipients"] == 0 and by_telegram["cost"] == 0


def test_an_estimate_without_a_segment_is_refused_clearly(client, runtime):
    sign_in_with_cookie(client, make_user(runtime, "lead", role="supervisor"))
    answer = client.get("/outreach/sms-cost", query_string={"segment_id": "", "text_zh": "停水"})
    assert answer.status_code == 400 and answer.get_json()["error"] == "choose a segment"
