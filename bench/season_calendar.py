"""The seasonal calendar's backtest: forecast a held-back year and compare with last-year's-same-month.

Run from the repository root:  python -m bench.season_calendar [--years 4] [--seed 5]

Two sources, each forecast for every held-back year it allows:

- the public message-board data in ../shared/data (2,801 + 2,816 messages over
  2011–2020; kinds of problem and places read from the text, as the calendar
  reads cases), when it is there;
- a synthetic county: twelve kinds of problem with their own seasons (floods in
  summer, heating in winter, flat ones), Poisson counts, a few years long.

It prints, per held-back year, the mean absolute error per (kind, month) of the
model and of seasonal-naive. The model should be below seasonal-naive.
"""

from __future__ import annotations

import argparse
from datetime import UTC
from pathlib import Path

import numpy as np

from feedback.hotspots import reading
from feedback.seasons import calendar, forecasting, history
from feedback.seasons.models import EVERYWHERE

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
FILES = ("traffic/messages_unlabelled.csv", "replies/messages_with_replies.csv")
SHAPES = {
    "summer": [1, 1, 2, 3, 6, 14, 18, 12, 4, 2, 1, 1],
    "winter": [14, 10, 4, 1, 0, 0, 0, 0, 1, 6, 12, 16],
    "spring": [2, 3, 8, 9, 6, 3, 2, 2, 2, 2, 2, 2],
    "flat": [4] * 12,
}


def public_series() -> history.Series | None:
    found: list[history.Report] = []
    for name in FILES:
        path = DATA / name
        if not path.exists():
            return None
        for message in reading.messages(path, UTC):
            found.append(history.Report(history.month_index(message.time, UTC), message.mark.problems, ()))
    last = max(report.month for report in found)
    return history.series(found, until=last - 1)  # the last month is incomplete


def synthetic_series(years: int, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    series = []
    for shape in list(SHAPES.values()) * 3:
        scale = rng.uniform(0.5, 2.0)
        series.append(np.concatenate([rng.poisson(np.array(shape) * scale) for _ in range(years)]).astype(float))
    return series


def report(label: str, series: list[np.ndarray], first_month: int, years_back: int) -> None:
    for back in range(years_back):
        cut = [s[: len(s) - 12 * back] if back else s for s in series]
        try:
            result = forecasting.backtest(cut, first_month)
        except ValueError:
            break
        print(f"  {label}, held back: year {back + 1} from the end ({result.series} series): "
              f"model {result.model_error:.2f}, seasonal-naive {result.naive_error:.2f}, "
              f"{result.improvement:+.0%}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    print("mean absolute error per (kind of problem, month), held-back year forecast from the years before it")
    public = public_series()
    if public is None:
        print("  public data: not found beside the repository (../shared/data); skipped")
    else:
        kept = [c for (p, place), c in public.counts.items() if place == EVERYWHERE and c.sum() >= 30]
        print(f"  public data: {public.months} months from {history.month_label(public.first)}, {len(kept)} series")
        report("public data", kept, public.first % 12, years_back=4)
    report("synthetic county", synthetic_series(args.years, args.seed), 0, years_back=args.years - 2)
    print(f"(a series needs {calendar.AT_LEAST_REPORTS} reports and {calendar.AT_LEAST_MONTHS} months to be forecast)")


if __name__ == "__main__":
    main()
