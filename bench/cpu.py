"""CPU time used by process groups, from /proc: a figure that other load on a shared machine cannot inflate."""

from __future__ import annotations

import os
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


def group_seconds(pgids: dict[str, int]) -> dict[str, float]:
    """Return user+system CPU seconds so far of every live process in each named process group."""
    totals = dict.fromkeys(pgids, 0.0)
    by_pgid = {pgid: name for name, pgid in pgids.items()}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # the process ended while we looked
        name = by_pgid.get(int(fields[2]))
        if name is not None:
            totals[name] += (int(fields[11]) + int(fields[12])) / _TICKS
    return totals


def difference(after: dict[str, float], before: dict[str, float]) -> dict[str, float]:
    """Return the CPU seconds each group used between two readings."""
    return {name: after[name] - before.get(name, 0.0) for name in after}
