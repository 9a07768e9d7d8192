"""A compact BM25 index over short documents, with scores accumulated in numpy for speed."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class Hit:
    """One document's place in a ranking."""

    position: int
    score: float


class BM25:
    """BM25 (Okapi) over token lists; `score` ranks them for a query in well under a millisecond."""

    def __init__(self, documents: list[list[str]]):
        self.size = len(documents)
        lengths = np.array([len(d) for d in documents], dtype=np.float64)
        average = float(lengths.mean()) if self.size and lengths.sum() else 1.0
        norms = K1 * (1 - B + B * lengths / average)
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for position, document in enumerate(documents):
            for term, count in Counter(document).items():
                docs, weights = postings.setdefault(term, ([], []))
                docs.append(position)
                weights.append(count * (K1 + 1) / (count + norms[position]))
        self.idf = {term: self._idf(len(docs)) for term, (docs, _) in postings.items()}
        # Each posting's weight already includes the term's idf, so a query only adds arrays.
        self.postings = {
            term: (np.array(docs, dtype=np.int32), np.array(weights) * self.idf[term])
            for term, (docs, weights) in postings.items()
        }
        self.unseen_idf = self._idf(0)

    def _idf(self, frequency: int) -> float:
        # The "+1" form never goes negative, so very common words still count a little.
        return math.log(1 + (self.size - frequency + 0.5) / (frequency + 0.5))

    def scores(self, query: list[str]) -> np.ndarray:
        """Return every document's BM25 score for the query tokens."""
        totals = np.zeros(self.size)
        for term, count in Counter(query).items():
            posting = self.postings.get(term)
            if posting is not None:
                totals[posting[0]] += posting[1] * count
        return totals

    def query_weight(self, query: list[str], unseen_share: float) -> float:
        """Return the idf mass of the query: how much a perfect match could explain.

        Words no document has count `unseen_share` of a rare word's idf: they make a match less
        certain (a question about passports is not answered by the ID card article), but a
        colloquial word or a typo should not sink an otherwise clear match.
        """
        return sum(self.idf.get(term, self.unseen_idf * unseen_share) for term in set(query))

    def matched_weight(self, query: list[str], document: set[str]) -> float:
        """Return the idf mass of the query tokens a document contains."""
        return sum(self.idf[term] for term in set(query) if term in document)


def top(scores: np.ndarray, mask: np.ndarray | None, limit: int) -> list[Hit]:
    """Return the best `limit` positions with a positive score, best first, among those the mask allows."""
    if mask is not None:
        scores = np.where(mask, scores, 0.0)
    limit = min(limit, len(scores))
    if limit <= 0:
        return []
    best = np.argpartition(-scores, limit - 1)[:limit]
    best = best[np.argsort(-scores[best], kind="stable")]
    return [Hit(int(p), float(scores[p])) for p in best if scores[p] > 0]
