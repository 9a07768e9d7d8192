"""Suggestions for an agent answering a case: matching articles and similar resolved cases with their answers.

Resolved cases are indexed in process memory like the articles (BM25 over the citizen's words and the
answer given), rebuilt when the set of resolved cases changes. Only the most recent MAX_CASES count.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func
from sqlmodel import Session, col, select

from channels.models import INBOUND, OUTBOUND, Interaction
from core.db import id_of
from feedback.cases.models import Case
from knowledge import search, tokens
from knowledge.bm25 import BM25, top

RESOLVED = ("resolved", "closed")
MAX_CASES = 20000
MAX_CHARS = 2000  # of a case's question and of its answer: the start says what it is about
# Outbound messages the system writes on its own; what is left on a resolved case is the answer.
SYSTEM_PURPOSES = {
    "acknowledgement", "emergency", "status", "knowledge_answer", "knowledge_feedback", "survey", "survey_thanks",
}  # fmt: skip


@dataclass(frozen=True)
class PastCase:
    """A resolved case as the index keeps it."""

    id: int
    reference: str
    question: str
    answer: str
    department_id: int = 0


class CaseIndex:
    """BM25 over resolved cases: the citizen's words plus the answer they were given."""

    def __init__(self, cases: list[PastCase], known: dict[tuple, list[str]] | None = None):
        self.cases = cases
        # Segmenting a case costs milliseconds; keep each case's tokens so a rebuild only segments new ones.
        self.tokens: dict[tuple, list[str]] = {}
        for case in cases:
            key = _key(case)
            found = known.get(key) if known else None
            if found is None:
                found = tokens.tokens(f"{case.question[:MAX_CHARS]}\n{case.answer[:MAX_CHARS]}")
            self.tokens[key] = found
        self.bm25 = BM25([self.tokens[_key(c)] for c in cases])

    def similar(
        self, question: str, limit: int, exclude: int | None = None, departments: frozenset[int] | None = None
    ) -> list[tuple[PastCase, float]]:
        """Return the resolved cases most like a question, best first, with their scores.

        With `departments`, only cases of those departments: a past case carries a citizen's words.
        """
        if not self.cases:
            return []
        mask = None
        if departments is not None:
            mask = np.fromiter((c.department_id in departments for c in self.cases), dtype=bool, count=len(self.cases))
        hits = top(self.bm25.scores(tokens.tokens(question)), mask, limit + 1)
        found = [(self.cases[h.position], h.score) for h in hits if self.cases[h.position].id != exclude]
        return found[:limit]


def _key(case: PastCase) -> tuple:
    return (case.id, hash(case.question), hash(case.answer))


def case_question(session: Session, case: Case) -> str:
    """Return what the citizen said on a case: the summary and every inbound message not already in it."""
    messages = session.exec(
        select(Interaction.text)
        .where(Interaction.case_id == case.id, Interaction.direction == INBOUND)
        .order_by(col(Interaction.id))
    )
    parts = [case.summary] + [m for m in messages if m and m not in case.summary]
    return "\n".join(p for p in parts if p)


def load_past_cases(session: Session) -> list[PastCase]:
    """Read the most recent resolved cases with their question and final answer."""
    rows = list(
        session.exec(
            select(Case).where(col(Case.status).in_(RESOLVED)).order_by(col(Case.resolved_at).desc()).limit(MAX_CASES)
        )
    )
    ids = [c.id for c in rows]
    answers: dict[int | None, str] = {}  # by the messages' case_id, a nullable column
    inbound: dict[int | None, list[str]] = {}
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        for case_id, direction, purpose, body in session.exec(
            select(Interaction.case_id, Interaction.direction, Interaction.purpose, Interaction.text)
            .where(col(Interaction.case_id).in_(chunk))
            .order_by(col(Interaction.id))
        ):
            if direction == OUTBOUND and purpose not in SYSTEM_PURPOSES:
                answers[case_id] = body  # the last one wins
            elif direction == INBOUND and body:
                inbound.setdefault(case_id, []).append(body)
    return [
        PastCase(id_of(c), c.reference, _question(c.summary, inbound.get(c.id, [])), answers[c.id], c.department_id)
        for c in rows
        if c.id in answers
    ]


def _question(summary: str, messages: list[str]) -> str:
    return "\n".join([summary] + [m for m in messages if m not in summary])


_lock = threading.Lock()
_cache: dict[str, tuple[tuple, CaseIndex]] = {}
_building: set[str] = set()


def case_fingerprint(session: Session) -> tuple:
    """Return what changes when a case is resolved, reopened or updated."""
    row = session.exec(
        select(func.count(col(Case.id)), func.max(Case.updated_at)).where(col(Case.status).in_(RESOLVED))
    ).one()
    return tuple(str(v) for v in row)


def case_index_for(session: Session, wait: bool = True) -> CaseIndex | None:
    """Return this process's index of resolved cases (see `case_index_state`)."""
    return case_index_state(session, wait)[0]


def case_index_state(session: Session, wait: bool = True) -> tuple[CaseIndex | None, bool]:
    """Return this process's index of resolved cases, rebuilt when they changed, and whether it is current.

    With wait=False a missing or stale index is (re)built in a background thread and the stale one,
    or None, is returned at once with False: the first build over thousands of cases takes seconds, longer than a
    page should wait.
    """
    engine, current = session.get_bind().engine, case_fingerprint(session)
    key = str(engine.url)
    cached = _cache.get(key)
    if cached and cached[0] == current:
        return cached[1], True
    if wait:
        return _build(engine, key, current, session), True
    if key not in _building:
        _building.add(key)
        threading.Thread(target=_build_and_clear, args=(engine, key, current), daemon=True).start()
    return (cached[1] if cached else None), False


def _build(engine, key: str, current: tuple, session: Session | None = None) -> CaseIndex:
    with _lock:
        cached = _cache.get(key)
        if cached and cached[0] == current:
            return cached[1]
        if session is not None:
            past = load_past_cases(session)
        else:
            with Session(engine) as own:  # closed before segmenting: SQLite writers must not wait on us
                past = load_past_cases(own)
        index = CaseIndex(past, cached[1].tokens if cached else None)
        _cache[key] = (current, index)
        return index


def _build_and_clear(engine, key: str, current: tuple) -> None:
    try:
        _build(engine, key, current)
    finally:
        _building.discard(key)


def for_case(
    session: Session, case: Case, limit: int = 3, wait: bool = True, departments: frozenset[int] | None = None
) -> dict:
    """Return the articles and past cases an agent may use to answer this case, each with text to insert.

    With wait=False, `similar_cases_ready` is false while the resolved cases are still being indexed;
    with `departments` (an agent's), similar cases come only from those departments.
    """
    question = case_question(session, case)
    found = search.search(session, question, case.language, case.department_id, limit)
    if len(found) < limit:  # the case may be in the wrong department: fill up from all articles
        seen = {m.entry.id for m in found}
        found += [m for m in search.search(session, question, case.language, None, limit) if m.entry.id not in seen]
    articles = [_article_json(m, case.channel) for m in found[:limit]]
    index, current = case_index_state(session, wait)
    found_cases = index.similar(question, limit, case.id, departments) if index else []
    similar = [_case_json(c, score) for c, score in found_cases]
    # A stale index still answers meanwhile, but is not "ready": a caller that waits for it asks again.
    return {"case": case.reference, "articles": articles, "similar_cases": similar, "similar_cases_ready": current}


def _article_json(match: search.Match, channel: str) -> dict:
    entry = match.entry
    # SMS and the phone get the two-SMS short answer; chat and email can carry the full guide.
    insert = entry.short_answer if channel in ("sms", "voice") else (entry.body or entry.short_answer)
    return {
        "id": entry.id,
        "title": entry.title,
        "score": round(match.score, 3),
        "confidence": match.confidence,
        "short_answer": entry.short_answer,
        "insert_text": insert,
    }


def _case_json(case: PastCase, score: float) -> dict:
    return {
        "reference": case.reference,
        "question": case.question[:500],
        "answer": case.answer,
        "score": round(score, 3),
        "insert_text": case.answer,
    }
