"""Measure a routing model on labelled examples the way an operator needs: how often right, and how often sure."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sklearn.metrics import accuracy_score, f1_score

from router.model.classifier import RoutingModel
from router.model.training import Examples

TARGET_PRECISION = 0.95


@dataclass
class Report:
    """What a model scores on a set of labelled examples."""

    examples: int
    accuracy: float
    macro_f1: float
    per_department_f1: dict[str, float]
    threshold: float
    coverage: float  # share of messages the router would route on its own at the threshold
    precision: float  # how many of those it routes right
    threshold_for_target: float | None  # lowest threshold reaching TARGET_PRECISION
    coverage_for_target: float
    ms_per_message: float

    def lines(self, names: dict[str, str] | None = None) -> list[str]:
        """Return the report as lines for a terminal."""
        names = names or {}
        out = [
            f"examples:            {self.examples}",
            f"accuracy:            {self.accuracy:.3f}",
            f"macro-F1:            {self.macro_f1:.3f}",
            f"routed on its own:   {self.coverage:.1%} of messages at threshold {self.threshold:.2f}, "
            f"precision {self.precision:.3f} (the rest go to triage)",
        ]
        if self.threshold_for_target is None:
            out.append(f"precision {TARGET_PRECISION:.0%}:        not reached at any threshold")
        else:
            out.append(
                f"precision {TARGET_PRECISION:.0%}:        at threshold {self.threshold_for_target:.2f}, "
                f"covering {self.coverage_for_target:.1%} of messages"
            )
        out.append(f"prediction time:     {self.ms_per_message:.2f} ms per message (segmentation included)")
        out.append("F1 per department:")
        for code, score in sorted(self.per_department_f1.items(), key=lambda item: -item[1]):
            out.append(f"  {score:.3f}  {names.get(code, code)}")
        return out


def evaluate(model: RoutingModel, examples: Examples, threshold: float, raw_seconds: float = 0.0) -> Report:
    """Score a model on prepared examples; `raw_seconds` adds the time it took to prepare them."""
    started = time.perf_counter()
    predictions = model.predict(examples.documents)
    elapsed = time.perf_counter() - started + raw_seconds
    return score(examples.labels, predictions, threshold, ms_per_message=1000 * elapsed / max(1, len(examples)))


def score(
    truth: list[str], predictions: list[tuple[str, float]], threshold: float, ms_per_message: float = 0.0
) -> Report:
    """Score (department, confidence) predictions against the right departments."""
    predicted = [label for label, _ in predictions]
    confidences = [confidence for _, confidence in predictions]
    correct = [p == t for p, t in zip(predicted, truth, strict=True)]
    labels = sorted(set(truth))
    per_department = f1_score(truth, predicted, labels=labels, average=None, zero_division=0)
    coverage, precision = _at(threshold, confidences, correct)
    target = _threshold_for(TARGET_PRECISION, confidences, correct)
    return Report(
        examples=len(truth),
        accuracy=float(accuracy_score(truth, predicted)),
        macro_f1=float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)),
        per_department_f1={label: float(f1) for label, f1 in zip(labels, per_department, strict=True)},
        threshold=threshold,
        coverage=coverage,
        precision=precision,
        threshold_for_target=target,
        coverage_for_target=_at(target, confidences, correct)[0] if target is not None else 0.0,
        ms_per_message=ms_per_message,
    )


def _at(threshold: float, confidences: list[float], correct: list[bool]) -> tuple[float, float]:
    """Return (coverage, precision) of the predictions at or above a confidence threshold."""
    sure = [ok for confidence, ok in zip(confidences, correct, strict=True) if confidence >= threshold]
    if not sure:
        return 0.0, 1.0
    return len(sure) / len(correct), sum(sure) / len(sure)


def _threshold_for(target: float, confidences: list[float], correct: list[bool]) -> float | None:
    """Return the lowest threshold (in steps of 0.01) whose routed messages reach the target precision."""
    for step in range(0, 101):
        threshold = step / 100
        coverage, precision = _at(threshold, confidences, correct)
        if coverage > 0 and precision >= target:
            return threshold
    return None
