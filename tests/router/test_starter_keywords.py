"""A fresh install (no trained model) routes everyday messages with the shipped catalogue's starter keywords."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlmodel import Session

from router.decision import decide
from router.matter import has_matter
from staff.models import Department

EVERYDAY = Path(__file__).parents[1] / "fixtures" / "routing" / "everyday.csv"


def _everyday() -> list[dict[str, str]]:
    with open(EVERYDAY, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_nine_in_ten_everyday_messages_reach_the_right_department_on_a_fresh_install(runtime):
    rows = _everyday()
    wrong = []
    with Session(runtime.engine) as session:
        for row in rows:
            code = session.get(Department, decide(session, row["text"]).department_id).code
            if code != row["department"]:
                wrong.append((row["text"], row["department"], code))
    assert len(wrong) <= len(rows) // 10, wrong
    assert {row["department"] for row in rows} >= {"civil_affairs", "economy", "discipline_inspection", "science_it"}


def test_the_phrasings_that_used_to_miss_are_routed(runtime):
    with Session(runtime.engine) as session:
        codes = {
            text: session.get(Department, decide(session, text).department_id).code
            for text in ("自来水停了", "路口红绿灯不亮了", "门口有人占道经营", "pothole on the main road")
        }
    assert codes == {
        "自来水停了": "urban_rural_construction",
        "路口红绿灯不亮了": "public_security_justice",
        "门口有人占道经营": "urban_rural_construction",
        "pothole on the main road": "urban_rural_construction",
    }


def test_every_everyday_message_names_a_matter():
    assert [row["text"] for row in _everyday() if not has_matter(row["text"])] == []
