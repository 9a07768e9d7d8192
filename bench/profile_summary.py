"""`python -m bench.profile_summary DIR`: the hottest functions in the py-spy profiles bench/ingest.py recorded.

For each process it prints where the samples were taken (self time) and
which of CivicLine's own functions they were under (inclusive time), so the
hot path reads at a glance without a flame graph viewer.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

OURS = ("channels/", "core/", "feedback/", "jobs/", "router/", "web/", "app.py", "worker.py")
IDLE = ("select (", "poll (", "wait (", "_wait_for_tstate_lock", "epoll", "accept (", "sleep (", "dequeue_any")


def summarise(path: Path, top: int = 15) -> str:
    """Return the self and inclusive tables for one raw py-spy profile."""
    own, inclusive, total = Counter(), Counter(), 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if not count.isdigit() or any(mark in frames[-1] for mark in IDLE):
            continue
        total += int(count)
        own[_short(frames[-1])] += int(count)
        for frame in {_short(f) for f in frames if any(part in f for part in OURS)}:
            inclusive[frame] += int(count)
    lines = [f"== {path.stem}: {total} busy samples"]
    lines += [f"  self {n / total:6.1%}  {name}" for name, n in own.most_common(top)]
    lines += [f"  incl {n / total:6.1%}  {name}" for name, n in inclusive.most_common(top)]
    return "\n".join(lines)


def _short(frame: str) -> str:
    name, _, where = frame.partition(" (")
    where = where.rstrip(")")
    for marker in ("site-packages/", "wt-spine/", "python3.11/"):
        if marker in where:
            where = where.split(marker, 1)[1]
    return f"{name} ({where.rsplit(':', 1)[0]})"


if __name__ == "__main__":
    for profile in sorted(Path(sys.argv[1]).glob("*.txt")):
        print(summarise(profile))
