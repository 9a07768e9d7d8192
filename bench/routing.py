"""Train the routing model on the shared training data and measure it on the raw messages it has never seen.

Run from the repository root:  python -m bench.routing  [--threshold 0.6] [--folds 5] [--neighbours] [--site-labels 5]
The data (third-party, not redistributable) is read from ../shared/data/routing.
`--folds K` also cross-validates on the training file itself: held-out parts of the same
collection, which is how the published figures on this data were measured.
`--neighbours` asks, for each raw message the model gets wrong, what the most similar training
messages are labelled: an error against its neighbours is one the training file itself argues for.
`--site-labels K` plays a site whose agents have labelled some raw messages: K-1 parts of the
raw messages join the training file as agents' labels, and the model is scored on the last part.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from router.decision import KeywordRouter
from router.model import classifier as routing_model
from router.model import features, retrain, training
from router.model.evaluation import evaluate, score
from staff import catalogue
from staff.models import Department

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
        model.predict([features.document(row["text"], row.get("subject", ""))])
    elapsed = time.perf_counter() - started
    print(f"one message per call: {1000 * elapsed / len(sample):.2f} ms per message ({len(sample)} messages)")


def _splits(examples, folds: int):
    from sklearn.model_selection import StratifiedKFold

    return StratifiedKFold(n_splits=folds, shuffle=True, random_state=0).split(examples.documents, examples.labels)


def _print_spread(reports) -> None:
    def spread(values: list[float], percent: bool = False) -> str:
        mean, deviation = statistics.mean(values), statistics.stdev(values)
        return f"{mean:.1%} ± {deviation:.1%}" if percent else f"{mean:.3f} ± {deviation:.3f}"

    print(f"  macro-F1 {spread([r.macro_f1 for r in reports])}, accuracy {spread([r.accuracy for r in reports])}")
    print(f"  routed at 95 % precision: {spread([r.coverage_for_target for r in reports], percent=True)} of messages")


def cross_validate(train, folds: int, threshold: float) -> None:
    """Print macro-F1, accuracy and coverage at 95 % precision over K stratified held-out parts of the training file."""
    reports = []
    for kept, held_out in _splits(train, folds):
        part = train.subset(kept)
        model = routing_model.train(part.documents, part.labels)
        reports.append(evaluate(model, train.subset(held_out), threshold))
    print(f"{folds}-fold cross-validation on the training file (same collection, as published figures are measured):")
    _print_spread(reports)


def neighbours(model, train, dev, k: int = 15) -> None:
    """Print how often a raw message's own label is rare among its k most similar training messages."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    words = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True, min_df=2)
    train_vectors = words.fit_transform(train.documents)
    nearest = np.argsort(-(words.transform(dev.documents) @ train_vectors.T).toarray(), axis=1)[:, :k]
    agreeing = (np.asarray(train.labels)[nearest] == np.asarray(dev.labels)[:, None]).sum(axis=1)
    predicted = [label for label, _ in model.predict(dev.documents)]
    wrong = np.asarray(predicted) != np.asarray(dev.labels)
    few = agreeing <= k // 5
    print(f"raw messages whose own label at most {k // 5} of their {k} most similar training messages carry:")
    print(f"  {few[wrong].sum()} of the {wrong.sum()} the model gets wrong")
    print(f"  {few[~wrong].sum()} of the {(~wrong).sum()} it gets right")


def with_site_labels(train, dev, folds: int, threshold: float) -> None:
    """Print how the raw messages score when agents have labelled the other K-1 parts of them, as a retrain learns."""
    site = training.Examples(dev.documents, dev.labels, ["transfer"] * len(dev))
    for weighted in (False, True):
        predictions: list[tuple[str, float]] = [("", 0.0)] * len(site)
        for kept, held_out in _splits(site, folds):
            learn = train + site.subset(kept)
            weights = retrain.site_weights(learn) if weighted else None
            model = routing_model.train(learn.documents, learn.labels, weights=weights)
            for position, prediction in zip(held_out, model.predict(site.subset(held_out).documents), strict=True):
                predictions[position] = prediction
        report = score(site.labels, predictions, threshold)
        weight = retrain.SITE_LABEL_WEIGHT if weighted else 1
        print(f"raw messages, each scored by a model that learnt the other {folds - 1}/{folds} as agents' labels")
        print(f"  (each agent's label counts {weight:g}x a file's row; the {folds} parts pooled):")
        print(
            f"  macro-F1 {report.macro_f1:.3f}, accuracy {report.accuracy:.3f}, "
            f"routed at 95 % precision: {report.coverage_for_target:.1%} of messages"
        )


def main() -> int:
    """Print macro-F1, accuracy, precision and coverage at the threshold, and milliseconds per message."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threshold", type=float, default=0.6)
    parser.add_argument("--folds", type=int, default=0, help="also cross-validate on the training file (e.g. 5)")
    parser.add_argument("--neighbours", action="store_true", help="also look at the errors' nearest training messages")
    parser.add_argument(
        "--site-labels",
        type=int,
        default=0,
        help="also score with K-1 parts of the raw messages as agents' labels (e.g. 5)",
    )
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
    if args.neighbours:
        neighbours(model, train, dev)
    if args.site_labels > 1:
        with_site_labels(train, dev, args.site_labels, args.threshold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
