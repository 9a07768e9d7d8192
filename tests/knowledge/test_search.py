"""Knowledge search in Chinese and English: paraphrases find their article, filters hold, confidence is honest."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from core.clock import utcnow
from knowledge import complaints, drafts, formats, search
from knowledge.models import Article
from knowledge.search import KnowledgeIndex
from tests.helpers.knowledge import SEED, article, load_seed

DEPARTMENTS = {
    "": 0,
    "public_security_justice": 1,
    "labour_social_security": 2,
    "civil_affairs": 3,
    "economy": 4,
    "agriculture_rural": 5,
    "education_culture_sport": 6,
    "land_resources": 7,
    "health": 8,
    "urban_rural_construction": 9,
}


@pytest.fixture(scope="module")
def index() -> KnowledgeIndex:
    articles = []
    for path in sorted(SEED.glob("*.md")):
        for draft in formats.read(path.name, path.read_text(encoding="utf-8")):
            articles.append(Article(id=len(articles) + 1, **drafts.values(draft, DEPARTMENTS)))
    return KnowledgeIndex(articles)


def titles(matches) -> list[str]:
    return [m.entry.title for m in matches]


def test_a_colloquial_chinese_question_finds_the_lost_id_card_article(index):
    found = index.search("钱包被偷了，身份证也没了，咋办", "zh")
    assert titles(found)[0] == "身份证丢失补办"


def test_an_english_paraphrase_finds_its_article(index):
    found = index.search("Can I take money out of my provident fund to pay my rent?", "en")
    assert titles(found)[0] == "Withdrawing the housing provident fund"


def test_search_only_returns_articles_in_the_asked_language(index):
    assert all(m.entry.language == "en" for m in index.search("How do I renew my ID card?", "en"))
    assert index.search("身份证过期了怎么换", "en") == []
    assert index.search("How do I renew my ID card?", "fr") == []


def test_a_department_filter_keeps_that_departments_articles_and_general_ones(index):
    found = index.search("政务中心几点上班，社保卡在哪里办", "zh", department_id=DEPARTMENTS["civil_affairs"], limit=5)
    assert found and {m.entry.department_id for m in found} <= {DEPARTMENTS["civil_affairs"], None}
    assert "社保卡办理与补办" not in titles(found)


def test_a_clear_question_gets_high_confidence_and_unrelated_text_gets_none(index):
    [best] = index.search("失业金怎么申请", "zh", limit=1)
    assert best.entry.title == "失业登记与失业保险金" and best.confidence >= 0.75
    assert index.search("今天天气怎么样", "zh") == []
    assert index.search("Can you recommend a good restaurant?", "en") == []


def test_a_question_between_two_articles_gets_low_confidence(index):
    # "身份证" alone fits first application, replacement and renewal equally: no one answer is safe.
    [best] = index.search("身份证", "zh", limit=1)
    assert best.confidence < 0.6


def test_confidence_is_always_between_0_and_1(index):
    for question in ("身份证", "身份证丢失补办", "How do I register a company?", "pension pension pension"):
        for match in index.search(question, "zh" if question[0] > "~" else "en", limit=5):
            assert 0.0 <= match.confidence <= 1.0


@pytest.mark.parametrize(
    "message",
    [
        "我要投诉窗口工作人员态度很差",
        "举报有人冒用我的身份证",
        "反映一下社保卡办了两个月还没拿到的问题",
        "村口的路灯坏了",
        "I want to make a complaint about the ID card office",
        "The self-service machine is broken",
        "The pension website is not working",
    ],
)
def test_complaints_and_reports_are_recognised(message):
    assert complaints.looks_like_complaint(message)


@pytest.mark.parametrize("message", ["身份证丢了怎么补办？", "社保卡在哪里办", "How do I renew my ID card?"])
def test_plain_questions_are_not_taken_for_complaints(message):
    assert not complaints.looks_like_complaint(message)


def test_a_short_answer_longer_than_two_sms_is_refused():
    zh = drafts.Draft(title="t", language="zh", short_answer="办" * 135)
    en = drafts.Draft(title="t", language="en", short_answer="a" * 307)
    assert any("two SMS" in p for p in drafts.problems(zh, {}))
    assert any("two SMS" in p for p in drafts.problems(en, {}))
    assert drafts.problems(drafts.Draft(title="t", language="en", short_answer="a" * 300), {}) == []


def test_the_index_follows_article_edits_made_anywhere(runtime):
    load_seed(runtime)
    question = "驾照到期了怎么换"
    with Session(runtime.engine) as session:
        assert "驾驶证换证" not in titles(search.search(session, question, "zh"))
    with Session(runtime.engine) as session:  # another process adds an article...
        session.add(
            Article(
                title="驾驶证换证",
                questions=["驾照到期了怎么换？"],
                short_answer="带身份证到车管所换证。",
                language="zh",
                keywords=["驾照", "驾驶证"],
            )
        )
        session.commit()
    with Session(runtime.engine) as session:  # ...and the next search here finds it
        assert titles(search.search(session, question, "zh"))[0] == "驾驶证换证"
    with Session(runtime.engine) as session:
        added = session.get(Article, article(runtime, "驾驶证换证").id)
        added.published, added.updated_at = False, utcnow()
        session.add(added)
        session.commit()
    with Session(runtime.engine) as session:
        assert "驾驶证换证" not in titles(search.search(session, question, "zh"))
