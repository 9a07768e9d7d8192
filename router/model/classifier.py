"""The routing model: TF-IDF over words and characters, a linear SVM, and a calibration of its scores.

The SVM's scores are turned into probabilities by a small multinomial logistic
regression fitted on out-of-fold scores (so it learns how far to trust the SVM
on messages it has not seen). Prediction is plain sparse algebra over the
fitted parts, which keeps one message to a few milliseconds. Labels are
department codes. Versions are published to the blob store and followed by
every process (`router.model.published`).
"""

from __future__ import annotations

import pickle
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import joblib
import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
from sklearn.svm import LinearSVC

from core.clock import utcnow

FORMAT_VERSION = 2
SVM_C = 0.3


class ModelError(ValueError):
    """The training data or the model file cannot be used; the message says why."""


@dataclass
class RoutingModel:
    """A trained classifier and what it was trained on."""

    vectorizers: list[TfidfVectorizer]
    svm_weights: np.ndarray  # classes × features
    svm_bias: np.ndarray
    calibration_weights: np.ndarray  # classes × classes, over the SVM's scores
    calibration_bias: np.ndarray
    labels: list[str]
    examples: int
    csv_files: list[str] = field(default_factory=list)  # merged again when retraining from history
    trained_at: datetime = field(default_factory=utcnow)
    # What it learnt from (examples by source: csv:<file>, archive:<file>, transfer, resolved) and how it
    # scored on examples held out from its training (`router.model.evaluation.Report` as a dict), for the
    # admin page. Models saved before these existed lack them: read them with getattr.
    trained_on: dict[str, int] = field(default_factory=dict)
    evaluation: dict | None = None
    version: int = FORMAT_VERSION

    def predict(self, documents: list[str]) -> list[tuple[str, float]]:
        """Return (department code, probability) for each prepared document."""
        probabilities = self.probabilities(documents)
        return [(self.labels[row.argmax()], float(row.max())) for row in probabilities]

    def probabilities(self, documents: list[str]) -> np.ndarray:
        """Return each document's probability for every department (rows sum to 1)."""
        features = sparse.hstack([v.transform(documents) for v in self.vectorizers], format="csr")
        scores = features @ self.svm_weights.T + self.svm_bias
        logits = scores @ self.calibration_weights.T + self.calibration_bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


def _vectorizers() -> list[TfidfVectorizer]:
    # Words (and word pairs) carry the topic; character n-grams catch words jieba
    # split differently and place names it has never seen.
    words = TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True, min_df=2, dtype=np.float32)
    chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2, dtype=np.float32)
    return [words, chars]


def train(
    documents: list[str],
    labels: list[str],
    csv_files: list[str] | None = None,
    weights: list[float] | None = None,
) -> RoutingModel:
    """Fit a model on prepared documents; `weights` lets some examples count more (agents' labels over a file's)."""
    counts = Counter(labels)
    if len(counts) < 2:
        raise ModelError("training needs examples of at least two departments")
    folds = min(3, min(counts.values()))
    if folds < 2:
        rare = ", ".join(sorted(label for label, n in counts.items() if n < 2))
        raise ModelError(f"each department needs at least 2 examples; too few for: {rare}")
    weight = None if weights is None else _mean_one(weights, len(labels))
    vectorizers = _vectorizers()
    features = sparse.hstack([v.fit_transform(documents) for v in vectorizers], format="csr")
    target = np.asarray(labels)
    held_out = cross_val_predict(
        LinearSVC(C=SVM_C), features, target, cv=folds, method="decision_function", params={"sample_weight": weight}
    )
    svm = LinearSVC(C=SVM_C).fit(features, target, sample_weight=weight)
    calibration = LogisticRegression(C=1.0, max_iter=1000).fit(_score_columns(held_out), target, sample_weight=weight)
    svm_weights, svm_bias = _per_class(svm.coef_, svm.intercept_, mirror=True)
    calibration_weights, calibration_bias = _per_class(calibration.coef_, calibration.intercept_, mirror=False)
    return RoutingModel(
        vectorizers=vectorizers,
        svm_weights=svm_weights.astype(np.float32),
        svm_bias=svm_bias.astype(np.float32),
        calibration_weights=calibration_weights,
        calibration_bias=calibration_bias,
        labels=[str(c) for c in svm.classes_],
        examples=len(labels),
        csv_files=csv_files or [],
    )


def _mean_one(weights: list[float], examples: int) -> np.ndarray:
    """Scale weights to average 1, so they shift the balance between examples but not the SVM's tuned C."""
    weight = np.asarray(weights, dtype=np.float64)
    if weight.shape != (examples,) or not np.all(weight > 0):
        raise ModelError("example weights must be positive numbers, one per example")
    return weight / weight.mean()


def _score_columns(scores: np.ndarray) -> np.ndarray:
    """Return SVM scores as one column per department (sklearn gives a single column for two)."""
    return np.column_stack([-scores, scores]) if scores.ndim == 1 else scores


def _per_class(weights: np.ndarray, bias: np.ndarray, mirror: bool) -> tuple[np.ndarray, np.ndarray]:
    """Return one row of weights per department; two-department models come from sklearn as one row."""
    if weights.shape[0] != 1:
        return weights, bias
    if mirror:  # the SVM's one score is "second, not first": first gets its negative
        return np.vstack([-weights, weights]), np.concatenate([-bias, bias])
    return np.vstack([np.zeros_like(weights), weights]), np.concatenate([np.zeros_like(bias), bias])


def save(model: RoutingModel, path: Path) -> None:
    """Write the model atomically, so a worker never loads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    joblib.dump(model, partial, compress=3)
    partial.replace(path)


def load(path: Path) -> RoutingModel:
    """Read a model file, refusing one from another format version."""
    try:
        model = joblib.load(path)
    # A damaged pickle can fail in any of these ways; all mean "train again".
    except (OSError, EOFError, ValueError, ImportError, AttributeError, KeyError, IndexError, TypeError,
            pickle.UnpicklingError) as exc:  # fmt: skip
        raise ModelError(f"cannot read the routing model {path}: {exc}") from exc
    if not isinstance(model, RoutingModel) or model.version != FORMAT_VERSION:
        raise ModelError(f"{path} is not a routing model of this version; train it again")
    return model
