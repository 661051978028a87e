"""The forecast: Holt-Winters against statsmodels on the same series, the moving average and
its error on small hand-computed cases."""

import math
import random

import pytest

from app.core.replenishment import forecast
from app.core.replenishment.forecast import HoltWinters


def _series(days: int, seed: int = 3) -> list[float]:
    rng = random.Random(seed)
    weekly = [2, 3, 3, 4, 6, 9, 5]
    return [max(0.0, 10 + 0.05 * t + weekly[t % 7] + rng.gauss(0, 1.5)) for t in range(days)]


@pytest.mark.parametrize("phi", [1.0, 0.9])
@pytest.mark.parametrize("alpha,beta,gamma", [(0.2, 0.05, 0.1), (0.5, 0.2, 0.3)])
def test_holt_winters_matches_statsmodels(alpha, beta, gamma, phi):
    holtwinters = pytest.importorskip("statsmodels.tsa.holtwinters")
    y = _series(91)
    level0, trend0, season0 = forecast.initial_state(y, 7)
    ours = HoltWinters.fit(y, 7, alpha, beta, gamma, phi, level0, trend0, season0)
    model = holtwinters.ExponentialSmoothing(
        y, trend="add", seasonal="add", seasonal_periods=7, damped_trend=phi < 1,
        initialization_method="known", initial_level=level0, initial_trend=trend0,
        initial_seasonal=season0)
    fitted = model.fit(smoothing_level=alpha, smoothing_trend=beta, smoothing_seasonal=gamma,
                       damping_trend=phi if phi < 1 else None, optimized=False)
    assert ours.fitted == pytest.approx(list(fitted.fittedvalues), rel=1e-9, abs=1e-9)
    assert (ours.level, ours.trend) == pytest.approx((fitted.level[-1], fitted.trend[-1]))
    assert ours.season == pytest.approx(list(fitted.season[-7:]))
    # statsmodels' forecast h = 7, 14... days ahead takes the seasonal term of a season before
    # the last one (its _predict overwrites s[nobs + m - 1] with s[nobs - 1]); ours takes the
    # last one, as the textbook formula l + h b + s[t + h - m(k + 1)] does. Every other day
    # ahead must agree.
    theirs = list(fitted.forecast(30))
    days = [h for h in range(30) if (h + 1) % 7]
    assert [ours.forecast(30)[h] for h in days] == pytest.approx([theirs[h] for h in days],
                                                                 rel=1e-9, abs=1e-9)


def test_holt_winters_follows_a_weekly_pattern():
    y = [float(v) for v in [1, 1, 1, 1, 1, 10, 10] * 8]
    result = forecast.holt_winters(y, horizon=7)
    assert result.method == "holt-winters"
    # A week of it averages (5 x 1 + 2 x 10) / 7 = 3.571... a day.
    assert result.daily == pytest.approx(25 / 7, abs=0.05)
    assert result.mae == pytest.approx(0, abs=0.05)


def test_moving_average_and_its_error_by_hand():
    # Ten days: 0,0,2,0,4,0,0,2,0,2 -> total 10, sum of squares 4+16+4+4 = 28.
    # The last four days (0,2,0,2) are the error's: their non-zero days are 2 and 2.
    result = forecast.moving_average(10, 28, 10, recent=[2, 2], recent_days=4)
    assert result.method == "moving average"
    assert result.daily == 1.0
    # Sample variance: (28 - 10 x 1^2) / 9 = 2.
    assert result.sd == pytest.approx(math.sqrt(2))
    # The last four days 0,2,0,2 against 1 a day: every day is 1 off.
    assert result.mae == 1.0
    # Over the days that sold (2 and 2): |2 - 1| / 2 = 50 %.
    assert result.mape == 50.0


def test_nothing_sold_is_no_forecast():
    result = forecast.moving_average(0, 0, 90, recent=[])
    assert (result.method, result.daily, result.mae) == ("none", 0.0, None)


def test_daily_sellers():
    assert forecast.is_daily_seller(45, 90)
    assert not forecast.is_daily_seller(44, 90)
    assert not forecast.is_daily_seller(20, 21)
