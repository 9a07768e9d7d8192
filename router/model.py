"""The routing model: TF-IDF over words and characters with a calibrated linear SVM, saved in the data directory.

Labels are department codes. The model file is loaded once per process and
loaded again only when the file on disk changes (a retrain in another process).
"""

from __future__ import annotations

import pickle
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import joblib
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from core.clock import utcnow

MODEL_FILE = "models/router.joblib"
FORMAT_VERSION = 1


class ModelError(ValueError):
    """The training data or the model file cannot be used; the message says why."""


@dataclass
class RoutingModel:
    """A trained classifier and what it was trained on."""

    pipeline: Pipeline
    labels: list[str]
    examples: int
    csv_files: list[str] = field(default_factory=list)  # merged again when retraining from history
    trained_at: datetime = field(default_factory=utcnow)
    version: int = FORMAT_VERSION

    def predict(self, documents: list[str]) -> list[tuple[str, float]]:
        """Return (department code, probability) for each prepared document."""
        probabilities = self.pipeline.predict_proba(documents)
        classes = self.pipeline.classes_
        return [(str(classes[row.argmax()]), float(row.max())) for row in probabilities]


def _features() -> FeatureUnion:
    # Words (and word pairs) carry the topic; character n-grams catch words jieba
    # split differently and place names it has never seen.
    words = TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
    return FeatureUnion([("words", words), ("chars", chars)])


def train(documents: list[str], labels: list[str], csv_files: list[str] | None = None) -> RoutingModel:
    """Fit a model on prepared documents; needs at least two departments with a few examples each."""
    counts = Counter(labels)
    if len(counts) < 2:
        raise ModelError("training needs examples of at least two departments")
    folds = min(3, min(counts.values()))
    if folds < 2:
        rare = ", ".join(sorted(label for label, n in counts.items() if n < 2))
        raise ModelError(f"each department needs at least 2 examples; too few for: {rare}")
    classifier = CalibratedClassifierCV(LinearSVC(C=0.3), cv=folds)
    pipeline = Pipeline([("features", _features()), ("classifier", classifier)])
    pipeline.fit(documents, labels)
    return RoutingModel(pipeline, sorted(counts), len(labels), csv_files or [])


def model_path(data_dir: Path) -> Path:
    """Return where the install's routing model lives."""
    return data_dir / MODEL_FILE


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
    except (
        OSError,
        EOFError,
        ValueError,
        ImportError,
        AttributeError,
        KeyError,
        IndexError,
        TypeError,
        pickle.UnpicklingError,
    ) as exc:
        raise ModelError(f"cannot read the routing model {path}: {exc}") from exc
    if not isinstance(model, RoutingModel) or model.version != FORMAT_VERSION:
        raise ModelError(f"{path} is not a routing model of this version; train it again")
    return model


_cache: dict[Path, tuple[float, RoutingModel]] = {}
_cache_lock = threading.Lock()


def cached(data_dir: Path) -> RoutingModel | None:
    """Return the install's model, loading it only when the file is new or changed; None when there is none."""
    path = model_path(data_dir).resolve()
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return None
    with _cache_lock:
        hit = _cache.get(path)
        if hit is None or hit[0] != mtime:
            _cache[path] = (mtime, load(path))
        return _cache[path][1]
