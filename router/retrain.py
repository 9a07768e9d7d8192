"""Retrain the routing model from agents' corrections, and replace the old one only if the new one is better.

Both models are scored on the same held-out fifth of the examples (the new
one never saw it; the old one may have, which only favours keeping it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sklearn.model_selection import train_test_split
from sqlmodel import Session, select

from router import model as routing_model
from router import training
from router.evaluation import Report, evaluate
from router.models import Department
from router.training import DataError, Examples

log = logging.getLogger(__name__)
MIN_EXAMPLES = 40
HELD_OUT = 0.2


@dataclass
class Outcome:
    """What a retrain did and the scores it decided on."""

    replaced: bool
    examples: int
    candidate: Report
    current: Report | None

    def summary(self) -> str:
        """Return one line saying which model the install now uses and why."""
        new = f"new model macro-F1 {self.candidate.macro_f1:.3f}"
        if self.current is None:
            return f"{new}; there was no model before: saved"
        old = f"current model macro-F1 {self.current.macro_f1:.3f}"
        verdict = "saved the new model" if self.replaced else "kept the current model"
        return f"{new}, {old} on the same {self.candidate.examples} held-out messages: {verdict}"


def gather(session: Session, csv_files: list[Path]) -> Examples:
    """Return the history's labels plus those of any CSV files still present."""
    departments = list(session.exec(select(Department)))
    examples = training.from_history(session)
    for path in csv_files:
        examples = examples + training.read_csv(path, departments)
    return examples


def retrain(
    examples: Examples, data_dir: Path, threshold: float, csv_files: list[Path], force: bool = False
) -> Outcome:
    """Train a candidate, compare it with the current model on held-out examples, and save it if it is not worse."""
    if len(examples) < MIN_EXAMPLES or len(examples.counts()) < 2:
        raise DataError(
            f"retraining needs at least {MIN_EXAMPLES} labelled messages in 2 or more departments; "
            f"found {len(examples)} in {len(examples.counts())}"
        )
    learn, held_out = _split(examples)
    candidate = evaluate(routing_model.train(learn.documents, learn.labels), held_out, threshold)
    current_model = _current(data_dir)
    current = evaluate(current_model, held_out, threshold) if current_model else None
    replace = force or current is None or candidate.macro_f1 >= current.macro_f1
    if replace:
        final = routing_model.train(examples.documents, examples.labels, [str(p.resolve()) for p in csv_files])
        routing_model.save(final, routing_model.model_path(data_dir))
    return Outcome(replace, len(examples), candidate, current)


def _split(examples: Examples) -> tuple[Examples, Examples]:
    counts = examples.counts()
    stratify = examples.labels if min(counts.values()) >= 2 else None
    indices = list(range(len(examples)))
    learn, held = train_test_split(indices, test_size=HELD_OUT, random_state=12345, stratify=stratify)
    return _subset(examples, learn), _subset(examples, held)


def _subset(examples: Examples, indices: list[int]) -> Examples:
    return Examples(
        [examples.documents[i] for i in indices],
        [examples.labels[i] for i in indices],
        [examples.sources[i] for i in indices],
    )


def _current(data_dir: Path) -> routing_model.RoutingModel | None:
    try:
        return routing_model.cached(data_dir)
    except routing_model.ModelError as exc:
        log.warning("the current routing model cannot be read, so any new one replaces it: %s", exc)
        return None


def remembered_csv_files(data_dir: Path) -> list[Path]:
    """Return the CSV files the current model was trained with that still exist."""
    current = _current(data_dir)
    return [Path(p) for p in (current.csv_files if current else []) if Path(p).is_file()]
