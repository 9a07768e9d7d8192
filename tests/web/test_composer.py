"""The composer's helpers on the case page: canned replies filled in, articles and past answers to insert."""

from __future__ import annotations

import html
import time

import pytest

from feedback.answers import suggestions
from tests.helpers.cases import text_in
from tests.helpers.knowledge import load_seed, resolved_case
from tests.helpers.staff import assign_by_hand, department_id, make_user, sign_in_with_form
from web.composer import fill

URBAN = "urban_rural_construction"


def test_a_canned_reply_fills_the_five_variables_and_leaves_other_braces_alone():
    values = {"citizen": "王秀英", "reference": "123456789", "department": "城乡建设", "due": "", "agent": "li"}
    text = fill("{citizen}您好，工单 {reference} 由{department}办理 {unknown} {{x}} —{agent}", values)
    assert text == "王秀英您好，工单 123456789 由城乡建设办理 {unknown} {{x}} —li"


@pytest.fixture
def _index_left_behind_cleared():
    """The page indexes resolved cases in a background thread, per database URL: let it finish and forget it,
    so that the next test on the same database builds its own."""
    yield
    deadline = time.monotonic() + 20
    while suggestions._building and time.monotonic() < deadline:
        time.sleep(0.05)
    suggestions._cache.clear()


@pytest.mark.usefixtures("_index_left_behind_cleared")
def test_the_case_page_offers_articles_and_only_its_departments_past_answers(client, runtime, twilio):
    assign_by_hand(runtime)
    load_seed(runtime)
    urban, environment = department_id(runtime, URBAN), department_id(runtime, "environment")
    with runtime.session() as session:
        resolved_case(session, "111111111", "村口路灯坏了", "已安排电工更换灯泡，今晚恢复照明。", urban)
        resolved_case(session, "222222222", "路灯坏了不亮", "环保站的回答：不应出现在城建坐席", environment)
    make_user(runtime, "li.agent", departments=(URBAN,))
    case = text_in(client, runtime)
    sign_in_with_form(client, "li.agent")
    for _attempt in range(50):  # the first view starts indexing the resolved cases in the background
        page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
        answers = page[page.index('class="answers"') : page.index("</section>", page.index('class="answers"'))]
        if "111111111" in answers:
            break
        time.sleep(0.1)
    assert "111111111" in answers and html.escape("已安排电工更换灯泡，今晚恢复照明。") in answers
    assert "222222222" not in answers and "环保站的回答" not in answers
    assert 'data-insert="' in answers
