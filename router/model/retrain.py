"""Retrain the routing model from agents' corrections, and replace the old one only if the new one is better.

A fair comparison needs messages neither model learnt from. The current model
has seen everything labelled before it was trained, so the held-out messages
are half of the labels agents gave since then, drawn at random; the new model
learns from everything else. It replaces the current one only if it scores a
better macro-F1 on them. With no current model, a random fifth is held out.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from core.runtime import Runtime
from router.model import classifier as routing_model
from router.model import published, training
from router.model.evaluation import Report, evaluate
from router.model.training import DataError, Examples
from staff.models import Department

log = logging.getLogger(__name__)
MIN_EXAMPLES = 40
MIN_NEW_LABELS = 10
# A department with one or two labels (a new one, a rare transfer) cannot be learnt yet; it must
# not stop the others from being retrained.
MIN_PER_DEPARTMENT = 3
HELD_OUT = 0.2
# An agent's label counts as five rows of a file: a file says how some other collection was filed, the
# agents say how this site files its cases. Five was chosen on raw messages from another collection than
# the training file, as site labels (docs/performance.md, "What the site's own labels do").
SITE_LABEL_WEIGHT = 5.0
SEED = 12345


@dataclass
class Outcome:
    """What a retrain did and the scores it decided on."""

    replaced: bool
    examples: int
    candidate: Report | None
    current: Report | None
    new_labels: int = 0
    left_out: dict[str, int] = field(default_factory=dict)  # departments with too few labels, and how many

    def summary(self) -> str:
        """Return one line saying which model the install now uses and why."""
        return self._left_out_note() + self._verdict()

    def _left_out_note(self) -> str:
        if not self.left_out:
            return ""
        listed = ", ".join(f"{code} ({n})" for code, n in sorted(self.left_out.items()))
        return f"left out departments with fewer than {MIN_PER_DEPARTMENT} labelled messages: {listed}; "

    def _verdict(self) -> str:
        if self.candidate is None:
            return (
                f"only {self.new_labels} label(s) given since the current model was trained "
                f"(at least {MIN_NEW_LABELS} are needed to compare fairly): kept the current model"
            )
        new = f"new model macro-F1 {self.candidate.macro_f1:.3f}"
        if self.current is None:
            return f"{new}; there was no model before: saved"
        old = f"current model macro-F1 {self.current.macro_f1:.3f}"
        verdict = "saved the new model" if self.replaced else "kept the current model (the new one is no better)"
        return f"{new}, {old} on the same {self.candidate.examples} held-out messages: {verdict}"


def gather(session: Session, history: Examples, csv_files: list[Path]) -> Examples:
    """Return the history's labels (from the case layer) plus those of any CSV files still present."""
    departments = list(session.exec(select(Department)))
    examples = history
    for path in csv_files:
        examples = examples + training.read_csv(path, departments)
    return examples


def retrain(
    examples: Examples, runtime: Runtime, threshold: float, csv_files: list[Path], force: bool = False
) -> Outcome:
    """Train a candidate, compare it with the current model on held-out examples, and save it if it is better."""
    examples, left_out = _without_rare(examples)
    if len(examples) < MIN_EXAMPLES or len(examples.counts()) < 2:
        raise DataError(
            f"retraining needs at least {MIN_EXAMPLES} labelled messages in 2 or more departments; "
            f"found {len(examples)} in {len(examples.counts())}"
        )
    current_model = _current(runtime)
    held = _held_out(examples, current_model, force)
    if held is None:
        assert current_model is not None  # nothing is held out only when a current model is kept
        new_labels = len(_labelled_since(examples, current_model))
        return Outcome(False, len(examples), None, None, new_labels, left_out)
    learn = examples.subset(i for i in range(len(examples)) if i not in held)
    held_out = examples.subset(sorted(held))
    candidate = evaluate(
        routing_model.train(learn.documents, learn.labels, weights=site_weights(learn)), held_out, threshold
    )
    current = evaluate(current_model, held_out, threshold) if current_model else None
    replace = force or current is None or candidate.macro_f1 > current.macro_f1
    if replace:
        files = [str(p.resolve()) for p in csv_files]
        final = routing_model.train(examples.documents, examples.labels, files, weights=site_weights(examples))
        final.trained_on, final.evaluation = dict(Counter(examples.sources)), asdict(candidate)
        published.publish(runtime, final, "retrain")
    new_labels = len(_labelled_since(examples, current_model)) if current_model else 0
    return Outcome(replace, len(examples), candidate, current, new_labels, left_out)


def held_out_report(examples: Examples, threshold: float) -> Report:
    """Score a model trained on four fifths of the examples on the last fifth (what the admin page shows)."""
    held = _held_out(examples, None, force=True) or set()
    learn = examples.subset(i for i in range(len(examples)) if i not in held)
    return evaluate(routing_model.train(learn.documents, learn.labels), examples.subset(sorted(held)), threshold)


def site_weights(examples: Examples) -> list[float]:
    """Return each example's weight: the site's own labels (transfers, finished cases) count more than a file's."""
    return [1.0 if source.startswith("csv:") else SITE_LABEL_WEIGHT for source in examples.sources]


def _without_rare(examples: Examples) -> tuple[Examples, dict[str, int]]:
    """Drop the departments too rare to learn; return what is left and what was dropped."""
    rare = {code: n for code, n in examples.counts().items() if n < MIN_PER_DEPARTMENT}
    kept = examples.subset(i for i, code in enumerate(examples.labels) if code not in rare)
    return kept, rare


def _labelled_since(examples: Examples, model: routing_model.RoutingModel) -> list[int]:
    return [i for i, when in enumerate(examples.labelled_at) if when is not None and when > model.trained_at]


def _held_out(examples: Examples, current, force: bool) -> set[int] | None:
    """Return the positions to hold out: half the labels the current model never saw, or a fifth when there is none."""
    rng = random.Random(SEED)
    if current is not None:
        unseen = _labelled_since(examples, current)
        if len(unseen) >= MIN_NEW_LABELS:
            return _leave_two_to_learn(examples, set(rng.sample(unseen, len(unseen) // 2)))
        if not force:
            return None
    held = set(rng.sample(range(len(examples)), max(1, round(HELD_OUT * len(examples)))))
    return _leave_two_to_learn(examples, held)


def _leave_two_to_learn(examples: Examples, held: set[int]) -> set[int]:
    """Give back held-out examples until every department keeps two to learn from (training needs two)."""
    learning = Counter(label for i, label in enumerate(examples.labels) if i not in held)
    for i in sorted(held):
        if learning[examples.labels[i]] < 2:
            held.discard(i)
            learning[examples.labels[i]] += 1
    return held


def _current(runtime: Runtime) -> routing_model.RoutingModel | None:
    published.forget(runtime)  # compare with the version active now, not the one this process saw last
    return published.active_model(runtime)


def remembered_csv_files(runtime: Runtime) -> list[Path]:
    """Return the CSV files the current model was trained with that still exist (on this host)."""
    current = _current(runtime)
    return [Path(p) for p in (current.csv_files if current else []) if Path(p).is_file()]
