"""Train the routing model on the shared training data and measure it on the raw messages it has never seen.

Run from the repository root:  python -m bench.routing  [--threshold 0.6] [--folds 5]
The data (third-party, not redistributable) is read from ../shared/data/routing.
`--folds K` also cross-validates on the training file itself: held-out parts of the same
collection, which is how the published figures on this data were measured.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from router import catalogue, text, training
from router import model as routing_model
from router.departments import KeywordRouter
from router.evaluation import evaluate
from router.models import Department

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "routing"


def default_departments() -> list[Department]:
    """Return the shipped catalogue's departments (the shared data's categories are its name_zh values)."""
    specs = catalogue.load(catalogue.DEFAULT_CATALOGUE)
    return [
        Department(
            id=n, code=s.code, name_zh=s.name_zh, name_en=s.name_en, keywords=list(s.keywords), is_triage=s.triage
        )
        for n, s in enumerate(specs, start=1)
    ]


def starter_keywords(departments: list[Department], rows: list[dict], labels: list[str]) -> None:
    """Print how the catalogue's starter keywords alone do, as on an install without a model."""
    keywords = KeywordRouter(departments)
    codes = {d.id: d.code for d in departments}
    decided = [
        codes[routing.department_id] == label
        for row, label in zip(rows, labels, strict=True)
        if (routing := keywords.route(f"{row.get('subject', '')} {row['text']}")).department_id != keywords.triage_id
    ]
    print("the default catalogue's starter keywords alone (an install without a model):")
    print(f"  routed {len(decided) / len(labels):.1%} of messages, precision {sum(decided) / max(1, len(decided)):.3f}")


def one_at_a_time(model, rows: list[dict], count: int = 200) -> None:
    """Print the time to route single messages as a worker does: segment, then predict, one message per call."""
    sample = rows[:count]
    started = time.perf_counter()
    for row in sample:
        model.predict([text.document(row["text"], row.get("subject", ""))])
    elapsed = time.perf_counter() - started
    print(f"one message per call: {1000 * elapsed / len(sample):.2f} ms per message ({len(sample)} messages)")


def cross_validate(train, folds: int, threshold: float) -> None:
    """Print macro-F1, accuracy and coverage at 95 % precision over K stratified held-out parts of the training file."""
    from sklearn.model_selection import StratifiedKFold

    reports = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for kept, held_out in splitter.split(train.documents, train.labels):
        part = train.subset(kept)
        model = routing_model.train(part.documents, part.labels)
        reports.append(evaluate(model, train.subset(held_out), threshold))

    def spread(values: list[float], percent: bool = False) -> str:
        mean, deviation = statistics.mean(values), statistics.stdev(values)
        return f"{mean:.1%} ± {deviation:.1%}" if percent else f"{mean:.3f} ± {deviation:.3f}"

    print(f"{folds}-fold cross-validation on the training file (same collection, as published figures are measured):")
    print(f"  macro-F1 {spread([r.macro_f1 for r in reports])}, accuracy {spread([r.accuracy for r in reports])}")
    print(f"  routed at 95 % precision: {spread([r.coverage_for_target for r in reports], percent=True)} of messages")


def main() -> int:
    """Print macro-F1, accuracy, precision and coverage at the threshold, and milliseconds per message."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threshold", type=float, default=0.6)
    parser.add_argument("--folds", type=int, default=0, help="also cross-validate on the training file (e.g. 5)")
    args = parser.parse_args()
    train_csv, dev_csv = DATA / "train_tokenized.csv", DATA / "dev_raw.csv"
    if not train_csv.exists() or not dev_csv.exists():
        print(f"shared routing data not found in {DATA}", file=sys.stderr)
        return 2
    departments = default_departments()
    names = {d.code: d.name_zh for d in departments}
    started = time.perf_counter()
    train = training.read_csv(train_csv, departments)
    model = routing_model.train(train.documents, train.labels)
    print(f"trained on {len(train)} messages in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    dev = training.read_csv(dev_csv, departments)  # segmentation of raw text, timed as part of prediction
    report = evaluate(model, dev, args.threshold, raw_seconds=time.perf_counter() - started)
    print("\n".join(report.lines(names)))
    one_at_a_time(model, training._rows(dev_csv))
    starter_keywords(departments, training._rows(dev_csv), dev.labels)
    if args.folds > 1:
        cross_validate(train, args.folds, args.threshold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
