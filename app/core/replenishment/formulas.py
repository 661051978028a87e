"""The arithmetic of replenishment, free of the database so each formula is tested on numbers
worked out by hand.

Safety stock = z x sqrt(L x sd_d^2 + d^2 x sd_L^2), reorder point = d x L + safety stock, with d
and sd_d the mean and standard deviation of daily demand and L and sd_L of the lead time in days.
"""

import math
from collections.abc import Sequence
from datetime import date, timedelta
from statistics import NormalDist

# Floating point noise must not round 10.000000001 units up to 11.
_EPSILON = 1e-9


def z_for(service_level_pct: float) -> float:
    """The standard normal quantile of a service level: 95 % -> 1.645."""
    return NormalDist().inv_cdf(service_level_pct / 100)


def mean_sd(values: Sequence[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (0 with fewer than two values)."""
    n = len(values)
    if n == 0:
        return 0.0, 0.0
    mean = sum(values) / n
    if n < 2:
        return mean, 0.0
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))


def safety_stock(z: float, d: float, sd_d: float, lead: float, sd_lead: float) -> float:
    return z * math.sqrt(lead * sd_d ** 2 + d ** 2 * sd_lead ** 2)


def reorder_point(d: float, lead: float, safety: float) -> int:
    """Whole units, rounded up: a fraction of a unit short is still short."""
    return whole_units(d * lead + safety)


def whole_units(value: float) -> int:
    return max(0, math.ceil(value - _EPSILON))


def order_quantity(position: int, order_up_to: int, moq: int = 1, pack: int = 1) -> int:
    """What to order to bring the position up to `order_up_to`: at least the minimum order
    quantity, in whole packs. Nothing when the position already reaches it."""
    need = order_up_to - position
    if need <= 0:
        return 0
    need = max(need, moq)
    pack = max(1, pack)
    return -(-need // pack) * pack


def stockout_date(today: date, sellable: int, d: float) -> date | None:
    """The day the sellable stock runs out at d units a day (today when there is none left);
    None when nothing sells."""
    if sellable <= 0:
        return today
    if d <= 0:
        return None
    return today + timedelta(days=math.floor(sellable / d + _EPSILON))
