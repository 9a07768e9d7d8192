"""Kinds benchmark: how often intake names a matter's kind right (咨询/求助/投诉/举报/建议/表扬).

Run from the repository root:  python -m bench.kinds [messages.csv]

The CSV (text,kind,language) defaults to the development set,
tests/fixtures/kinds/development.csv. Prints accuracy, precision and recall per
kind, the commonest confusions, and the time per message.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from collections import Counter
from pathlib import Path

from router.kinds import classify

DEVELOPMENT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "kinds" / "development.csv"


def main() -> None:
    """Print the figures for the development set or the CSV given."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", type=Path, default=DEVELOPMENT)
    path = parser.parse_args().path
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    guesses, times = [], []
    for row in rows:
        started = time.perf_counter()
        guesses.append(classify(row["text"]).kind)
        times.append((time.perf_counter() - started) * 1000)
    right = [guess == row["kind"] for guess, row in zip(guesses, rows, strict=True)]
    print(f"{path.name}: {len(rows)} messages, accuracy {sum(right) / len(rows):.3f}")
    for kind in sorted({row["kind"] for row in rows}):
        said = [g == kind for g in guesses]
        truly = [row["kind"] == kind for row in rows]
        hits = sum(s and t for s, t in zip(said, truly, strict=True))
        precision, recall = hits / max(1, sum(said)), hits / max(1, sum(truly))
        print(f"  {kind:13s} precision {precision:.3f}  recall {recall:.3f}  (n={sum(truly)})")
    confusions = Counter((row["kind"], g) for row, g in zip(rows, guesses, strict=True) if row["kind"] != g)
    for (expected, guess), count in confusions.most_common(5):
        print(f"  {count} {expected} read as {guess}")
    print(f"ms per message: mean {statistics.mean(times):.3f}, max {max(times):.3f}")


if __name__ == "__main__":
    main()
