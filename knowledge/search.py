"""Find the articles that answer a question: BM25 per language over title, question variants and keywords.

The index lives in process memory, built once and rebuilt when the articles
change: every search first reads a cheap fingerprint of the article table
(count, newest change, highest id), so an edit made by any process is seen by
every worker on its next message, with no message bus.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func
from sqlmodel import Session, col, select

from core.db import id_of, per_transaction
from knowledge import tokens
from knowledge.bm25 import BM25, top
from knowledge.models import Article

# The confidence's knobs, tuned on bench/data/knowledge_questions.csv and knowledge_negatives.csv
# (see docs/performance.md): how much the runner-up counts against the winner, how much a word
# unknown to every article counts against a match, and how coverage is bent towards 1.
MARGIN_WEIGHT = 0.5
UNSEEN_SHARE = 0.25
COVERAGE_POWER = 0.5


@dataclass(frozen=True)
class Entry:
    """What the index keeps of an article: enough to answer without going back to the database."""

    id: int
    title: str
    short_answer: str
    body: str
    language: str
    department_id: int | None

    @classmethod
    def of(cls, article: Article) -> Entry:
        return cls(
            id_of(article),
            article.title,
            article.short_answer,
            article.body,
            article.language,
            article.department_id,
        )


@dataclass(frozen=True)
class Match:
    """An article found for a question: its BM25 score and a confidence in 0..1 that it answers it."""

    entry: Entry
    score: float
    confidence: float


def searchable_text(article: Article) -> str:
    """Return the text the index matches questions against (title, every question variant, keywords)."""
    return "\n".join([article.title, *article.questions, *article.keywords])


class LanguageIndex:
    """The published articles of one language."""

    def __init__(self, articles: list[Article]):
        self.entries = [Entry.of(a) for a in articles]
        documents = [tokens.tokens(searchable_text(a)) for a in articles]
        self.vocabularies = [set(d) for d in documents]
        self.bm25 = BM25(documents)
        self.departments = np.array([a.department_id or 0 for a in articles], dtype=np.int64)

    def search(self, query: list[str], department_id: int | None, limit: int) -> list[Match]:
        """Rank articles for query tokens; with a department, only its articles and general ones."""
        if not query or not self.entries:
            return []
        mask = None
        if department_id is not None:
            mask = (self.departments == department_id) | (self.departments == 0)
        hits = top(self.bm25.scores(query), mask, max(limit, 2))
        if not hits:
            return []
        weight = self.bm25.query_weight(query, UNSEEN_SHARE)
        matches = []
        for rank, hit in enumerate(hits[:limit]):
            # The best is measured against the runner-up; the others against the best.
            rival = (hits[1].score if len(hits) > 1 else 0.0) if rank == 0 else hits[0].score
            coverage = self.bm25.matched_weight(query, self.vocabularies[hit.position]) / weight
            matches.append(Match(self.entries[hit.position], hit.score, confidence(coverage, hit.score, rival)))
        return matches


def confidence(coverage: float, score: float, rival: float) -> float:
    """Combine how much of the question an article explains with how clearly it beats its nearest rival.

    `coverage` is the share of the question's idf weight (unknown words partly included) found in the
    article; the margin is 1 - rival/score. A question fully covered by one article and no other scores
    1; a question split between two near-equal articles, or mostly made of words no article has, scores low.
    """
    if score <= 0:
        return 0.0
    margin = max(0.0, 1.0 - rival / score)
    return round(min(1.0, coverage) ** COVERAGE_POWER * ((1 - MARGIN_WEIGHT) + MARGIN_WEIGHT * margin), 4)


class KnowledgeIndex:
    """Published articles by language."""

    def __init__(self, articles: list[Article]):
        tokens.add_words([k for a in articles if a.language == "zh" for k in a.keywords])
        by_language: dict[str, list[Article]] = {}
        for article in articles:
            by_language.setdefault(article.language, []).append(article)
        self.languages = {language: LanguageIndex(items) for language, items in by_language.items()}
        self.size = len(articles)

    def search(self, question: str, language: str, department_id: int | None = None, limit: int = 3) -> list[Match]:
        """Return up to `limit` articles in the language that match the question, best first."""
        index = self.languages.get(language)
        return index.search(tokens.tokens(question), department_id, limit) if index else []


_lock = threading.Lock()
_cache: dict[str, tuple[tuple, KnowledgeIndex]] = {}
_FINGERPRINT_KEY = "civicline_knowledge_fingerprint"  # articles change rarely: look once per transaction


def fingerprint(session: Session) -> tuple:
    """Return what changes whenever an article is added, edited, (un)published or deleted."""
    # Three scalar subqueries, so each can use its own index (one SELECT with three aggregates scans the table).
    row = session.exec(
        select(
            select(func.count(col(Article.id))).scalar_subquery(),
            select(func.max(Article.updated_at)).scalar_subquery(),
            select(func.max(Article.id)).scalar_subquery(),
        )
    ).one()
    return tuple(str(v) for v in row)


def index_for(session: Session) -> KnowledgeIndex:
    """Return this process's index of published articles, rebuilding it if the articles changed."""
    key = str(session.get_bind().engine.url)
    current = per_transaction(session, _FINGERPRINT_KEY, lambda: fingerprint(session))
    cached = _cache.get(key)
    if cached and cached[0] == current:
        return cached[1]
    with _lock:
        cached = _cache.get(key)
        if cached and cached[0] == current:
            return cached[1]
        articles = list(session.exec(select(Article).where(col(Article.published).is_(True)).order_by(col(Article.id))))
        index = KnowledgeIndex(articles)
        _cache[key] = (current, index)
        return index


def search(
    session: Session, question: str, language: str, department_id: int | None = None, limit: int = 3
) -> list[Match]:
    """Search the published articles (see KnowledgeIndex.search)."""
    return index_for(session).search(question, language, department_id, limit)
