"""Suggestions for agents: matching articles and similar resolved cases with their answers, ready to insert."""

from __future__ import annotations

import csv
import time

import pytest
from sqlmodel import Session

from feedback.answers import suggestions
from tests.helpers import REPO
from tests.helpers.knowledge import load_seed, resolved_case
from tests.helpers.staff import department_id, make_user, sign_in_with_cookie

TOKEN = "test-api-token"
REPLIES = REPO.parent / "shared" / "data" / "replies" / "messages_with_replies.csv"


def open_case(runtime, reference: str, text: str, code: str = "labour_social_security") -> None:
    dept = department_id(runtime, code)
    with Session(runtime.engine) as session:
        resolved = resolved_case(session, "TMP" + reference, text, "-", dept)
        resolved.status, resolved.resolved_at, resolved.reference = "new", None, reference
        session.add(resolved)
        session.commit()


@pytest.fixture
def history(runtime):
    load_seed(runtime)
    dept = department_id(runtime, "labour_social_security")
    with Session(runtime.engine) as session:
        resolved_case(
            session, "1001", "我的社保卡丢了，补办要多久？", "您好，补办社保卡当场可取，请带身份证到政务中心。", dept
        )
        resolved_case(session, "1002", "小区路灯不亮", "已安排维修，路灯于3日内修复。", dept)
        session.commit()
    open_case(runtime, "2001", "社保卡掉了怎么补办")
    return runtime


def suggestions_when_ready(client, reference: str) -> dict:
    """Ask for suggestions until the resolved cases are indexed (a background thread builds the index)."""
    deadline = time.monotonic() + 20
    while True:
        response = client.get(
            f"/knowledge/suggest?case={reference}", headers={"Authorization": "Bearer test-api-token"}
        )
        assert response.status_code == 200
        body = response.get_json()
        if body["similar_cases_ready"] or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def test_suggestions_list_matching_articles_and_the_similar_past_case_with_text_to_insert(history, client):
    body = suggestions_when_ready(client, "2001")
    assert body["articles"][0]["title"] == "社保卡办理与补办"
    assert body["articles"][0]["insert_text"].startswith("社保卡丢失请先拨打12333")  # an SMS case gets the short answer
    assert body["similar_cases"][0]["reference"] == "1001"
    assert body["similar_cases"][0]["insert_text"] == "您好，补办社保卡当场可取，请带身份证到政务中心。"
    assert "2001" not in [c["reference"] for c in body["similar_cases"]]


def test_suggestions_need_an_api_token_or_a_staff_session(history, client):
    assert client.get("/knowledge/suggest?case=2001").status_code == 401
    assert client.get("/knowledge/suggest?case=2001", headers={"Authorization": "Bearer wrong"}).status_code == 401
    sign_in_with_cookie(client, make_user(history, "supervisor", role="supervisor"))
    assert client.get("/knowledge/suggest?case=2001").status_code == 200


def test_an_agent_gets_404_for_another_departments_case(history, client):
    sign_in_with_cookie(client, make_user(history, "agent", role="agent"))
    assert client.get("/knowledge/suggest?case=2001").status_code == 404  # as if it did not exist


def test_an_unknown_or_missing_case_is_a_clear_error(history, client):
    headers = {"Authorization": "Bearer test-api-token"}
    assert client.get("/knowledge/suggest?case=999999", headers=headers).status_code == 404
    assert "give the case reference" in client.get("/knowledge/suggest", headers=headers).get_json()["error"]


# Paraphrases written for four messages of the real hotline data, in other words than the citizen used.
PARAPHRASES = {
    "4931": "坐公交能不能用手机扫码付钱？希望开通扫码乘车",
    "4876": "公积金每月缴存从400元涨到了600元，首套房公积金贷款按哪个算，大概能贷多少",
    "4840": "孩子在外地上六年级，想回A市读初中，要怎么办手续",
    "4824": "街上厕所太少了，能不能多建几个公共厕所",
}


def test_a_paraphrased_question_finds_the_right_case_in_real_hotline_history(runtime):
    if not REPLIES.exists():
        pytest.skip(f"the hotline replies data set is not at {REPLIES} (it is never committed)")
    with REPLIES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    sample = [r for n, r in enumerate(rows) if n % 8 == 0 or r["id"] in PARAPHRASES]
    dept = department_id(runtime, "triage")
    with Session(runtime.engine) as session:
        for row in sample:
            resolved_case(session, "H" + row["id"], f"{row['subject']}\n{row['text']}", row["reply"], dept)
        session.commit()
    with Session(runtime.engine) as session:
        index = suggestions.case_index_for(session)
        assert len(index.cases) == len(sample) > 350
        for reference, question in PARAPHRASES.items():
            found = [c.reference for c, _ in index.similar(question, 3)]
            assert "H" + reference in found, (question, found)
        [hit] = [c for c, _ in index.similar(PARAPHRASES["4876"], 1)]
        assert "公积金" in hit.answer  # the official answer comes along, ready to insert


def test_a_case_resolved_after_the_index_was_built_is_found_next_time(history):
    triage = department_id(history, "triage")
    with Session(history.engine) as session:
        assert "1003" not in [c.reference for c, _ in suggestions.case_index_for(session).similar("水表漏水了", 3)]
        resolved_case(session, "1003", "家里水表漏水了", "自来水公司已上门更换水表。", triage)
        session.commit()
    with Session(history.engine) as session:
        assert [c.reference for c, _ in suggestions.case_index_for(session).similar("水表漏水了", 1)] == ["1003"]
