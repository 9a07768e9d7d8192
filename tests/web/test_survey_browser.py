"""A citizen answers the email survey in a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select

from feedback.answers import resolution
from feedback.cases.models import Case
from feedback.surveys.models import SurveyResponse
from tests.helpers.browser import playwright_or_skip, served
from tests.helpers.cases import outbound, quick_case

pytestmark = pytest.mark.slow
playwright_or_skip()


@pytest.fixture
def live_app(app):
    with served(app) as url:
        yield url


def test_a_citizen_rates_a_case_on_the_survey_page_and_an_unhappy_answer_offers_a_reopen(runtime, live_app, page):
    case_id = quick_case(runtime, urn="mailto:zhang@example.cn", channel="email")
    with runtime.session() as session:
        resolution.resolve_with_answer(session, session.get(Case, case_id), "路灯已修复。", "agent:wang")
    path = re.search(r"(/survey/\S+)", outbound(runtime, "survey")[0].text).group(1)
    page.goto(live_app + path)
    page.get_by_label("2 · 不满意 Not satisfied").check()
    page.get_by_label("否 No").check()
    page.get_by_label("意见 Comment").fill("<script>alert(1)</script> 灯还是不亮")
    page.get_by_role("button", name="提交 Send").click()
    page.wait_for_selector("text=感谢您的评价")
    assert "重新办理" in page.content()
    page.goto(live_app + path)
    assert "You have already answered" in page.content()
    with Session(runtime.engine) as session:
        survey = session.exec(select(SurveyResponse)).one()
    assert (survey.score, survey.solved, survey.flagged, survey.answered_via) == (2, False, True, "web")
    assert survey.comment == "<script>alert(1)</script> 灯还是不亮"
