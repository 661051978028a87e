"""Daily demand forecasts and their error.

An item that sells most days gets additive Holt-Winters (level, damped trend and a weekly season)
fitted on its daily demand; a year of history or more adds a yearly index (the same weeks last
year against that year's average). Every other item gets the moving average of its window,
which is what intermittent demand is best served by. The model is small enough to write here;
tests compare it with statsmodels' ExponentialSmoothing on the same series.

The error shown beside a forecast is the mean absolute error (units a day) and the mean absolute
percentage error (over days that sold) of the forecast made the day before, over the last four
weeks of the window.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

WEEK = 7
ERROR_DAYS = 28
# Daily sellers: sold on at least this share of the window's days, and the window holds at least
# four weeks. Holt-Winters on intermittent demand forecasts noise.
HW_MIN_SHARE = 0.5
HW_MIN_DAYS = 4 * WEEK
# A small grid keeps fitting predictable and quick (fitting is a few hundred passes a second).
ALPHAS = (0.1, 0.2, 0.4)
BETAS = (0.01, 0.1)
GAMMAS = (0.05, 0.2)
PHI = 0.9


@dataclass(frozen=True)
class Forecast:
    method: str  # "holt-winters", "moving average" or "none"
    daily: float  # forecast units a day over the horizon: the d of the formulas
    sd: float  # standard deviation of daily demand around the forecast: sd_d
    mae: float | None
    mape: float | None  # percent
    params: tuple[float, ...] = ()  # alpha, beta, gamma, phi of Holt-Winters
    yearly_index: float = 1.0


@dataclass
class HoltWinters:
    """Additive Holt-Winters with a damped trend (phi = 1: not damped), as statsmodels'
    ExponentialSmoothing(trend="add", seasonal="add", damped_trend=...) with known initial
    values: `fitted[t]` is the forecast of y[t] made at t - 1."""

    alpha: float
    beta: float
    gamma: float
    phi: float
    level: float
    trend: float
    season: list[float]  # the last `period` seasonal terms, oldest first
    fitted: list[float]

    @classmethod
    def fit(cls, y: Sequence[float], period: int, alpha: float, beta: float, gamma: float,
            phi: float = 1.0, level0: float | None = None, trend0: float | None = None,
            season0: Sequence[float] | None = None) -> "HoltWinters":
        if level0 is None or trend0 is None or season0 is None:
            level0, trend0, season0 = initial_state(y, period)
        level, trend, season = level0, trend0, list(season0)
        fitted = []
        for t, value in enumerate(y):
            s = season[t % period]
            damped = phi * trend
            fitted.append(level + damped + s)
            new_level = alpha * (value - s) + (1 - alpha) * (level + damped)
            trend = beta * (new_level - level) + (1 - beta) * damped
            season[t % period] = gamma * (value - level - damped) + (1 - gamma) * s
            level = new_level
        # Rotate so the next day's seasonal term comes first.
        shift = len(y) % period
        return cls(alpha, beta, gamma, phi, level, trend, season[shift:] + season[:shift],
                   fitted)

    def forecast(self, horizon: int) -> list[float]:
        out, damped_sum, power = [], 0.0, 1.0
        for h in range(1, horizon + 1):
            power *= self.phi
            damped_sum += power
            out.append(self.level + damped_sum * self.trend + self.season[(h - 1) % len(
                self.season)])
        return out


def initial_state(y: Sequence[float], period: int) -> tuple[float, float, list[float]]:
    """Level: the first season's mean; trend: the change to the second season's mean per day;
    season: the first season's deviations from its mean."""
    first = y[:period]
    level = sum(first) / period
    trend = 0.0
    if len(y) >= 2 * period:
        trend = (sum(y[period:2 * period]) / period - level) / period
    return level, trend, [v - level for v in first]


def errors(actual: Sequence[float], predicted: Sequence[float]) -> tuple[float | None,
                                                                         float | None]:
    """MAE and MAPE (over the days with demand) of `predicted` against `actual`."""
    if not actual:
        return None, None
    mae = sum(abs(a - p) for a, p in zip(actual, predicted, strict=True)) / len(actual)
    sold = [(a, p) for a, p in zip(actual, predicted, strict=True) if a > 0]
    mape = 100 * sum(abs(a - p) / a for a, p in sold) / len(sold) if sold else None
    return mae, mape


def moving_average(total: float, sum_sq: float, days: int, recent: Sequence[float],
                   recent_days: int = ERROR_DAYS) -> Forecast:
    """The window's mean, from its sums (most days of most items sold nothing, so the daily
    series is never built). `recent` holds the non-zero days among the last `recent_days`."""
    if days <= 0 or (total == 0 and sum_sq == 0):
        return Forecast("none", 0.0, 0.0, None, None)
    mean = total / days
    variance = (sum_sq - days * mean ** 2) / (days - 1) if days > 1 else 0.0
    # Days without a sale were each `mean` off.
    quiet = recent_days - len(recent)
    mae = (sum(abs(q - mean) for q in recent) + quiet * mean) / recent_days
    sold = [q for q in recent if q > 0]
    mape = 100 * sum(abs(q - mean) / q for q in sold) / len(sold) if sold else None
    return Forecast("moving average", max(0.0, mean), math.sqrt(max(0.0, variance)), mae, mape)


def is_daily_seller(days_sold: int, days: int) -> bool:
    return days >= HW_MIN_DAYS and days_sold >= HW_MIN_SHARE * days


def holt_winters(y: Sequence[float], horizon: int, yearly_index: float = 1.0) -> Forecast:
    """Fit the grid, keep the parameters with the least squared one-step error, and forecast
    the mean daily demand over `horizon` days (never below zero)."""
    best: HoltWinters | None = None
    best_sse = math.inf
    for alpha in ALPHAS:
        for beta in BETAS:
            for gamma in GAMMAS:
                model = HoltWinters.fit(y, WEEK, alpha, beta, gamma, PHI)
                sse = sum((a - f) ** 2 for a, f in zip(y[WEEK:], model.fitted[WEEK:],
                                                        strict=True))
                if sse < best_sse:
                    best, best_sse = model, sse
    assert best is not None
    residual_days = len(y) - WEEK
    sd = math.sqrt(best_sse / (residual_days - 1)) if residual_days > 1 else 0.0
    ahead = best.forecast(max(1, horizon))
    daily = max(0.0, sum(ahead) / len(ahead)) * yearly_index
    mae, mape = errors(y[-ERROR_DAYS:], best.fitted[-ERROR_DAYS:])
    return Forecast("holt-winters", daily, sd, mae, mape,
                    (best.alpha, best.beta, best.gamma, best.phi), yearly_index)
