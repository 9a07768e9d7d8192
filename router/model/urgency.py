"""A second opinion on danger: a classifier over the hotline's own written examples, that may only raise.

The lexicon (`router.dangers`, `router.outages`) knows the phrasings someone
thought of; people in danger write in endless others. This model learns the
kinds of danger from the examples shipped in `router/data/urgency/` (written
for the purpose: emergencies, outages, look-alikes and everyday matters, in
Chinese and English) over character and word n-grams, and reads the same
filtered text the lexicon reads (`router.priority.current_text`: figures of
speech, what-ifs, denials and the past already taken out). It speaks only when
it is sure, only for short messages (an emergency is written in a few words; a
long letter retelling a past event is not one), and only to raise a level.

It is trained when a process first needs it (a few seconds) and kept for the
life of the process; workers warm it at start and keep the trained model in
the data directory, so that the next worker loads it instead of training.
"""

from __future__ import annotations

import csv
import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "urgency"
NORMAL = "normal"
SURE = 0.8  # the share of the model's belief a level needs before it counts
SHORT = 80  # characters of the whole message: longer ones are left to the lexicon
EXAMPLE_WEIGHT = 3.0  # a written emergency or look-alike counts this many everyday messages


@dataclass(frozen=True)
class Opinion:
    """What the model is sure of: the level, and the kind of danger it most believes."""

    level: str
    kind: str


class UrgencyModel:
    """Kinds of danger (and 'normal') learnt from examples; levels are the kinds' levels in the examples."""

    def __init__(self, rows: list[dict[str, str]]):
        labels = [row["kind"] if row["level"] != NORMAL else NORMAL for row in rows]
        self.level_of = {label: row["level"] for label, row in zip(labels, rows, strict=True)}
        weights = [1.0 if row["kind"] == "everyday" else EXAMPLE_WEIGHT for row in rows]
        self.pipeline: Pipeline = make_pipeline(
            make_union(
                TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, min_df=2),
                TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"[a-z']+", sublinear_tf=True),
            ),
            LogisticRegression(C=8, max_iter=3000, class_weight="balanced"),
        )
        self.pipeline.fit([row["text"] for row in rows], labels, logisticregression__sample_weight=weights)
        self.labels: list[str] = list(self.pipeline.classes_)
        self._prepare()

    def _prepare(self) -> None:
        """Keep what scoring one text needs in plain form: sklearn's checks cost far more than the sums themselves."""
        union, regression = self.pipeline.steps[0][1], self.pipeline.steps[1][1]
        self._weights = np.ascontiguousarray(regression.coef_.T)
        self._intercept = regression.intercept_
        self._parts = []
        offset = 0
        for _name, vectorizer in union.transformer_list:
            self._parts.append((vectorizer.build_analyzer(), vectorizer.vocabulary_, vectorizer.idf_, offset))
            offset += len(vectorizer.vocabulary_)

    def probabilities(self, text: str) -> np.ndarray:
        """Return the probability of each label for one text: the pipeline's predict_proba, computed directly."""
        scores = self._intercept.copy()
        for analyze, vocabulary, idf, offset in self._parts:
            counts: dict[int, int] = {}
            for token in analyze(text):
                index = vocabulary.get(token)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            if not counts:
                continue
            indices = np.fromiter(counts, dtype=np.int64, count=len(counts))
            values = (1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * idf[indices]
            values /= np.sqrt(values @ values)
            scores += values @ self._weights[indices + offset]
        exp = np.exp(scores - scores.max())
        return exp / exp.sum()

    def opinion(self, current: str) -> Opinion | None:
        """Return the level the filtered text is surely at (urgent before high), or None when not sure."""
        if not current.strip():
            return None
        probabilities = self.probabilities(current)
        for level in ("urgent", "high"):
            mine = [i for i, label in enumerate(self.labels) if self.level_of.get(label) == level]
            if mine and probabilities[mine].sum() >= SURE:
                best = mine[int(np.argmax(probabilities[mine]))]
                return Opinion(level, self.labels[best])
        return None


def examples(folder: Path = EXAMPLES) -> list[dict[str, str]]:
    """Read every examples file (text, level, kind, language), skipping rows without text."""
    rows: list[dict[str, str]] = []
    for path in sorted(folder.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            rows.extend(row for row in csv.DictReader(handle) if row.get("text", "").strip())
    return rows


_model: UrgencyModel | None = None
_lock = threading.Lock()


def model(cache: Path | None = None) -> UrgencyModel:
    """Return the process's model, training it from the shipped examples the first time.

    With a `cache` folder (the data directory's), a model trained from the same examples by the same
    scikit-learn is loaded from there instead of trained again: every worker after the first starts at once.
    """
    global _model
    with _lock:
        if _model is None:
            _model = _load(cache) if cache is not None else None
        if _model is None:
            _model = _train()
            if cache is not None:
                _save(_model, cache)
        return _model


def _train() -> UrgencyModel:
    from router.priority import current_text  # the model reads what the lexicon reads

    return UrgencyModel([{**row, "text": current_text(row["text"]) or " "} for row in examples()])


def _cache_path(cache: Path) -> Path:
    import sklearn

    digest = hashlib.sha1(sklearn.__version__.encode())
    for path in sorted(EXAMPLES.glob("*.csv")):
        digest.update(path.read_bytes())
    return cache / "models" / f"urgency-{digest.hexdigest()[:16]}.joblib"


def _load(cache: Path) -> UrgencyModel | None:
    import joblib

    path = _cache_path(cache)
    try:
        loaded = joblib.load(path) if path.exists() else None
    except Exception:  # a damaged or foreign file: train afresh (and overwrite it)
        loaded = None
    if not isinstance(loaded, UrgencyModel):
        return None
    loaded._prepare()  # from the pipeline, so that a file saved by an older release scores the same way
    return loaded


def _save(trained: UrgencyModel, cache: Path) -> None:
    import joblib

    path = _cache_path(cache)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    joblib.dump(trained, partial)
    os.replace(partial, path)  # atomic: a worker starting meanwhile reads the old file or the new, never half
