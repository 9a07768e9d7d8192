"""Urgency benchmark: how many emergencies the lexicon recognises, how many look-alikes it raises, how fast.

Run from the repository root:  python -m bench.urgency [messages.csv]

The CSV (text,level,kind,language) defaults to the written development set,
router/data/urgency/written.csv, which the second-opinion model also trains on:
give it a held-out file to measure the model (`--lexicon-only` measures the
lexicon alone). Prints recall per kind of the urgent and
high messages (an urgent answer counts for a high message), the share of
look-alikes raised, and the time per message. Then, when the shared real traffic
is present (../shared/data/traffic/messages_unlabelled.csv, third-party, not
redistributable), the share of real messages judged urgent or high: almost none
of them are emergencies, so that share is the false-alarm rate a site would see.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from collections import defaultdict
from pathlib import Path

from router.priority import HIGH, NORMAL, URGENT, assess

ROOT = Path(__file__).resolve().parents[1]
DEVELOPMENT = ROOT / "router" / "data" / "urgency" / "written.csv"
TRAFFIC = ROOT.parent / "shared" / "data" / "traffic" / "messages_unlabelled.csv"


def recognised(level: str, expected: str) -> bool:
    """Tell whether the answer meets the expected level (urgent meets high; a look-alike must stay normal)."""
    if expected == HIGH:
        return level in (URGENT, HIGH)
    return level == expected


SECOND_OPINION = True  # False with --lexicon-only


def timed(texts: list[str]) -> tuple[list[str], list[float]]:
    """Return each text's level and the milliseconds it took."""
    levels, times = [], []
    for text in texts:
        started = time.perf_counter()
        levels.append(assess(text, second_opinion=SECOND_OPINION).level)
        times.append((time.perf_counter() - started) * 1000)
    return levels, times


def report_labelled(path: Path) -> None:
    """Print recall per kind, the look-alikes raised and the speed on a labelled CSV."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    levels, times = timed([row["text"] for row in rows])
    by_kind: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for row, level in zip(rows, levels, strict=True):
        by_kind[(row["level"], row["kind"])].append(recognised(level, row["level"]))
    print(f"{path.name}: {len(rows)} messages")
    for (expected, kind), hits in sorted(by_kind.items()):
        if expected != NORMAL:
            print(f"  {expected:6s} {kind:15s} recall {sum(hits) / len(hits):.3f}  ({sum(hits)}/{len(hits)})")
    for expected, label in ((URGENT, "urgent recall"), (HIGH, "high recall (urgent counts)")):
        hits = [h for (level, _), found in by_kind.items() if level == expected for h in found]
        if hits:
            print(f"  {label:28s} {sum(hits) / len(hits):.3f}  ({sum(hits)}/{len(hits)})")
    normal = [not h for (level, _), found in by_kind.items() if level == NORMAL for h in found]
    if normal:
        print(f"  {'look-alikes raised':28s} {sum(normal) / len(normal):.3f}  ({sum(normal)}/{len(normal)})")
    print(f"  ms per message: mean {statistics.mean(times):.3f}, 99th percentile {percentile(times, 99):.3f}")


def report_traffic(path: Path) -> None:
    """Print the share of real messages judged urgent or high, and the speed on them."""
    if not path.exists():
        print(f"real traffic: {path} is absent, skipped (the shared data is not redistributable)")
        return
    with path.open(encoding="utf-8") as handle:
        texts = [f"{row['subject']}。{row['text']}" for row in csv.DictReader(handle)]
    levels, times = timed(texts)
    share = {level: levels.count(level) / len(levels) for level in (URGENT, HIGH)}
    print(
        f"real traffic: {len(texts)} messages (subject + text), mean {statistics.mean(len(t) for t in texts):.0f} chars"
    )
    print(f"  judged urgent {share[URGENT]:.1%}, high {share[HIGH]:.1%}")
    print(f"  ms per message: mean {statistics.mean(times):.3f}, 99th percentile {percentile(times, 99):.3f}")
    long_texts = [t * (10_000 // len(t) + 1) for t in texts[:200]]
    _, long_times = timed([t[:10_000] for t in long_texts])
    print(f"  10,000-character messages: mean {statistics.mean(long_times):.3f} ms")


def percentile(values: list[float], share: int) -> float:
    """Return the value below which `share` per cent of the values lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, len(ordered) * share // 100)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEVELOPMENT, help="text,level,kind,language")
    parser.add_argument("--lexicon-only", action="store_true", help="without the model's second opinion")
    args = parser.parse_args(argv)
    global SECOND_OPINION
    SECOND_OPINION = not args.lexicon_only
    print("lexicon alone" if args.lexicon_only else "lexicon with the model's second opinion")
    assess("warm up the compiled patterns and train the model")
    report_labelled(args.csv)
    report_traffic(TRAFFIC)


if __name__ == "__main__":
    main()
