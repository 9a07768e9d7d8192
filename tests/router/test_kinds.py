"""Every matter gets a kind — consultation, help request, complaint, report, suggestion or praise — in Chinese and
English, so the time limits of its kind apply."""

from __future__ import annotations

import csv
import time

import pytest

from router.kinds import (
    COMPLAINT,
    CONSULTATION,
    HELP_REQUEST,
    KINDS,
    PRAISE,
    REPORT,
    SUGGESTION,
    classify,
)
from tests.helpers import FIXTURES


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("请问办理居住证需要什么材料？", CONSULTATION),
        ("How do I register my newborn?", CONSULTATION),
        ("求助：我失业了，房租交不起", HELP_REQUEST),
        ("物业乱收停车费，我要投诉", COMPLAINT),
        ("The bus driver was rude to my mother", COMPLAINT),
        ("举报小区有人违章搭建", REPORT),
        ("Someone is dumping waste in the river at night, I want to report it", REPORT),
        ("建议在学校门口设置红绿灯", SUGGESTION),
        ("感谢派出所民警帮我找回了钱包", PRAISE),
        # Thanks at the end of a question or a complaint is politeness, not praise.
        ("请问公积金怎么提取？谢谢", CONSULTATION),
        ("垃圾好几天没人清运，谢谢", COMPLAINT),
    ],
)
def test_a_message_gets_the_kind_a_hotline_agent_would_give_it(text, kind):
    assert classify(text).kind == kind


def test_the_development_set_is_classified_right_nine_times_in_ten():
    with (FIXTURES / "kinds" / "development.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    right = sum(classify(row["text"]).kind == row["kind"] for row in rows)
    assert len(rows) >= 100 and {row["kind"] for row in rows} == set(KINDS)
    assert right / len(rows) >= 0.9


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂", "谢谢" * 5000, "?" * 10_000])
def test_any_text_gets_a_kind_at_once(text):
    started = time.perf_counter()
    assert classify(text).kind in KINDS
    assert time.perf_counter() - started < 0.5
