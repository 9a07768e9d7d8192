"""Monthly forecasts of report counts with intervals, and the backtest that compares them with seasonal-naive.

A county's monthly counts per kind of problem are small and noisy, so last
year's same month (seasonal-naive) repeats last year's accidents. Here a series
is read as level × season × trend:

- the season is each calendar month's share, averaged over every year of the
  series and shrunk towards the hotline's overall seasonal shape as far as the
  series' own shape is within its sampling noise of it;
- the level is the last twelve months, freed of their season;
- the trend is last year against the year before, damped, because growth
  rarely continues at full speed.

Intervals treat a month's count as negative binomial around the forecast, with
the overdispersion its own past errors show (at least Poisson).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

SEASON = 12
TREND_DAMPING = 0.25  # the trend's exponent: a quarter of the hotline's year-on-year growth is carried forward
TREND_BOUNDS = (0.67, 1.5)
COVERAGE = 0.8  # the interval holds this share of outcomes


@dataclass(frozen=True)
class Forecast:
    """Expected counts for the months after the series, with the interval around each."""

    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray


@dataclass(frozen=True)
class Backtest:
    """Mean absolute error per series-month of the model and of seasonal-naive on held-back months."""

    series: int
    months: int
    model_error: float
    naive_error: float

    @property
    def improvement(self) -> float:
        """How much smaller the model's error is than seasonal-naive's (0.2 = 20 % smaller)."""
        return 1.0 - self.model_error / self.naive_error if self.naive_error else 0.0


def shape(counts: np.ndarray, first_month: int) -> np.ndarray:
    """Return each calendar month's seasonal factor (mean 1) of a series starting at calendar month `first_month`.

    Each complete year contributes its months' shares of that year; years
    without a report contribute nothing. Without a complete year the shape is flat.
    """
    totals = np.zeros(SEASON)
    weights = np.zeros(SEASON)
    for start in range(0, len(counts) - SEASON + 1, SEASON):
        year = counts[start : start + SEASON]
        if year.sum() <= 0:
            continue
        months = (first_month + start + np.arange(SEASON)) % SEASON
        totals[months] += year / year.mean() * year.sum()
        weights[months] += year.sum()
    factors = np.where(weights > 0, totals / np.maximum(weights, 1e-9), 1.0)
    return factors / factors.mean()


def forecast(
    counts: np.ndarray,
    first_month: int,
    horizon: int,
    pooled_shape: np.ndarray | None = None,
    growth: float = 1.0,
) -> Forecast:
    """Forecast the `horizon` months after `counts` (monthly counts, the first in calendar month `first_month`).

    `growth` is the yearly growth to carry forward: the hotline's as a whole (`growth_of` all series together),
    because one kind of problem's own year-on-year change is mostly noise.
    """
    counts = np.asarray(counts, dtype=float)
    end = len(counts)
    own = shape(counts, first_month) if end >= SEASON else np.ones(SEASON)
    pooled = pooled_shape if pooled_shape is not None else np.ones(SEASON)
    trust = _trust(own, pooled, counts.sum())
    season = trust * own + (1 - trust) * pooled
    season = season / season.mean()
    month_of = (first_month + np.arange(end + horizon)) % SEASON
    recent = counts[-SEASON:]
    level = recent.sum() / max(season[month_of[max(0, end - SEASON) : end]].sum(), 1e-9)
    ahead = np.arange(1, horizon + 1) + (min(SEASON, end) - 1) / 2  # months from the level's centre
    mean = level * season[month_of[end:]] * growth ** (ahead / SEASON)
    spread = _dispersion(counts, season, month_of[:end], level)
    low, high = _interval(mean, spread)
    return Forecast(mean=mean, low=low, high=high)


def _trust(own: np.ndarray, pooled: np.ndarray, reports: float) -> float:
    """How far to trust a series' own seasonal shape over the pooled one (empirical Bayes).

    A month's factor read from N reports has a sampling variance of about 12·factor/N; whatever the
    shapes differ by beyond that is real, and the weight is real / (real + noise).
    """
    if reports <= 0:
        return 0.0
    noise = float(np.mean(SEASON * np.maximum(own, 0.1) / reports))
    real = max(0.0, float(np.mean((own - pooled) ** 2)) - noise)
    return real / (real + noise) if real + noise > 0 else 0.0


def seasonal_naive(counts: np.ndarray, horizon: int) -> np.ndarray:
    """Return last year's same months (the benchmark every seasonal forecast must beat)."""
    counts = np.asarray(counts, dtype=float)
    if len(counts) < SEASON:
        return np.full(horizon, counts.mean() if len(counts) else 0.0)
    last = counts[-SEASON:]
    return np.array([last[h % SEASON] for h in range(horizon)])


def pooled_shape(series: list[np.ndarray], first_month: int) -> np.ndarray:
    """Return the seasonal shape of all series together (what a thin series borrows)."""
    if not series:
        return np.ones(SEASON)
    return shape(np.sum(series, axis=0), first_month)


def backtest(series: list[np.ndarray], first_month: int, held_back: int = SEASON) -> Backtest:
    """Hold back each series' last `held_back` months, forecast them from the rest, and score both methods."""
    usable = [np.asarray(s, dtype=float) for s in series if len(s) >= SEASON + held_back]
    if not usable:
        raise ValueError(f"backtesting needs at least {SEASON + held_back} months of history")
    trained = [s[:-held_back] for s in usable]
    pooled = pooled_shape(trained, first_month)
    growth = growth_of(np.sum(trained, axis=0))
    model_errors, naive_errors = [], []
    for whole, past in zip(usable, trained, strict=True):
        actual = whole[-held_back:]
        model_errors.append(np.abs(forecast(past, first_month, held_back, pooled, growth).mean - actual))
        naive_errors.append(np.abs(seasonal_naive(past, held_back) - actual))
    return Backtest(
        series=len(usable),
        months=held_back,
        model_error=float(np.mean(model_errors)),
        naive_error=float(np.mean(naive_errors)),
    )


def growth_of(counts: np.ndarray) -> float:
    """Return last year's growth over the year before, damped and bounded (1.0 without two years)."""
    if len(counts) < 2 * SEASON:
        return 1.0
    last, before = counts[-SEASON:].sum(), counts[-2 * SEASON : -SEASON].sum()
    if last <= 0 or before <= 0:
        return 1.0
    return float(np.clip((last / before) ** TREND_DAMPING, *TREND_BOUNDS))


def _dispersion(counts: np.ndarray, season: np.ndarray, month_of: np.ndarray, level: float) -> float:
    """Return variance / mean of the series around its seasonal fit (1 = Poisson), from the last two years."""
    tail = slice(max(0, len(counts) - 2 * SEASON), len(counts))
    fitted = np.maximum(level * season[month_of[tail]], 0.5)
    ratio = float(np.mean((counts[tail] - fitted) ** 2 / fitted)) if len(counts) else 1.0
    return max(1.0, ratio)


def _interval(mean: np.ndarray, dispersion: float) -> tuple[np.ndarray, np.ndarray]:
    tails = ((1 - COVERAGE) / 2, (1 + COVERAGE) / 2)
    safe = np.maximum(mean, 1e-6)
    if dispersion <= 1.0 + 1e-9:
        low, high = (stats.poisson.ppf(q, safe) for q in tails)
    else:
        size = safe / (dispersion - 1.0)
        chance = size / (size + safe)
        low, high = (stats.nbinom.ppf(q, size, chance) for q in tails)
    return np.asarray(low, dtype=float), np.asarray(high, dtype=float)
