"""Replenishment per item: demand, lead time, safety stock, reorder point and position, with
every number that went into them, so the item page and `binwise replenish --json` can explain
each figure.

Position = on hand (unexpired, bins and dock) + on order (open PO lines) - reserved -
backorders. An item is low when its position is at or below its reorder point (and it sells, or
has a reorder point set by hand, or owes customers units).
"""

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from functools import lru_cache

from app.core import tx
from app.core.replenishment import data, forecast, formulas
from app.core.replenishment.policy import ReplenishPolicy, load_policy

# Lead times are learnt from the POs of the last two years.
LEAD_HISTORY_DAYS = 730
# A lead time needs two deliveries to have a spread.
MIN_DELIVERIES = 2
# A yearly index is clamped so one odd week last year cannot multiply the order by ten.
YEARLY_CLAMP = (0.25, 4.0)

Progress = Callable[[int, int], None]
# Progress: four steps of reading, then the items in steps of ITEMS_A_STEP, then sorting.
ITEMS_A_STEP = 2000
ITEM_STEPS = 20
STEPS = 4 + ITEM_STEPS + 1


@dataclass(slots=True)
class ItemPlan:
    item_id: int
    sku: str
    name: str
    klass: str
    unit_cost: float
    supplier_id: int | None
    supplier: str
    # Demand: the forecast (d) and its spread (sd_d), over `window_days`.
    window_days: int
    method: str
    daily_demand: float
    daily_sd: float
    forecast_mae: float | None
    forecast_mape: float | None
    forecast_params: tuple[float, ...]  # Holt-Winters' alpha, beta, gamma, phi
    yearly_index: float
    # Lead time in days, and where it came from.
    lead_days: float
    lead_sd: float
    lead_source: str
    service_level: float
    z: float
    safety_stock: float
    reorder_point: int
    reorder_source: str
    order_up_to: int
    on_hand: int
    reserved: int
    on_order: int
    backorders: int
    position: int
    low: bool
    stockout: date | None
    suggested_qty: int
    moq: int
    pack_multiple: int

    def as_json(self) -> dict:
        out = asdict(self)
        out["stockout"] = self.stockout.isoformat() if self.stockout else None
        return out


def _lead(policy: ReplenishPolicy, supplier_id: int | None, supplier: str, item_id: int,
          by_item: dict, by_supplier: dict) -> tuple[float, float, str]:
    """From this item's deliveries, else the supplier's, else the default."""
    stats = by_item.get((supplier_id, item_id)) or by_supplier.get(supplier_id)
    if stats is not None:
        return stats
    source = "supplier default" if supplier in policy.supplier_lead_days else "default"
    return policy.lead_days_for(supplier), 0.0, source


def _stats(samples: dict, names: dict[int, str] | None = None) -> dict:
    """Mean, sd and where they come from, for every key with enough deliveries to have a
    spread."""
    out = {}
    for key, days in samples.items():
        if len(days) >= MIN_DELIVERIES:
            source = (f"{len(days)} deliveries of this item" if names is None
                      else f"{len(days)} deliveries from {names.get(key, '')}")
            out[key] = (*formulas.mean_sd(days), source)
    return out


_NO_FORECAST = forecast.Forecast("none", 0.0, 0.0, None, None)


def _forecast(history: data.Demand | None, window: int, horizon: int,
              yearly: dict[int, float], item_id: int) -> forecast.Forecast:
    if history is None or not history.days:
        return _NO_FORECAST
    days_sold = sum(1 for q in history.days.values() if q > 0)
    if forecast.is_daily_seller(days_sold, window):
        return forecast.holt_winters(history.series(window), horizon,
                                     yearly.get(item_id, 1.0))
    recent_days = min(window, forecast.ERROR_DAYS)
    recent_from = window - recent_days
    values = history.days.values()
    recent = [q for day, q in history.days.items() if day >= recent_from and q]
    return forecast.moving_average(sum(values), sum(q * q for q in values), window, recent,
                                   recent_days)


def _yearly_indexes(today: date, window: int, horizon: int,
                    item_ids: set[int]) -> dict[int, float]:
    """For daily sellers with a year of history: how sales moved a year ago from the window to
    the days ahead, as a factor (the window's level already carries the rest)."""
    if not item_ids:
        return {}
    ahead = max(forecast.ERROR_DAYS, horizon)
    start = today - timedelta(days=365 + window)
    last_year = data.demand(start, today - timedelta(days=365 - ahead), item_ids)
    out = {}
    for item_id, history in last_year.items():
        before = sum(q for day, q in history.days.items() if day < window) / window
        after = sum(q for day, q in history.days.items() if day >= window) / ahead
        if before > 0 and after > 0:
            out[item_id] = min(max(after / before, YEARLY_CLAMP[0]), YEARLY_CLAMP[1])
    return out


def plan_items(today: date | None = None, policy: ReplenishPolicy | None = None,
               progress: Progress | None = None) -> list[ItemPlan]:
    """The plan of every active item, most urgent first (earliest stock-out, then furthest
    below its reorder point). Stock, orders and history are read in one snapshot, so a
    receipt or a shipment committed meanwhile is counted everywhere or nowhere."""
    with tx.snapshot():
        return _plan_items(today or date.today(), policy or load_policy(), progress)


def _plan_items(today: date, policy: ReplenishPolicy,
                progress: Progress | None) -> list[ItemPlan]:
    report = progress or (lambda done, total: None)
    window = policy.window_days
    report(0, STEPS)
    items = data.items()
    history = data.demand(today - timedelta(days=window), today)
    report(1, STEPS)
    stock, ordered, owed = data.on_hand(today), data.on_order(), data.backorders()
    report(2, STEPS)
    by_item, by_supplier = data.lead_times(today - timedelta(days=LEAD_HISTORY_DAYS))
    max_lead = max([policy.default_lead_days, *policy.supplier_lead_days.values(),
                    *(max(v) for v in by_supplier.values() if v)])
    chosen, names = data.suppliers()
    by_item, by_supplier = _stats(by_item), _stats(by_supplier, names)
    report(3, STEPS)
    sellers = {item_id for item_id, h in history.items()
               if forecast.is_daily_seller(sum(1 for q in h.days.values() if q > 0), window)}
    yearly = _yearly_indexes(today, window, math.ceil(max_lead), sellers)
    report(4, STEPS)
    plans = []
    for count, item in enumerate(items, 1):
        if count % ITEMS_A_STEP == 0:
            # The items are most of the work: the progress bar moves with them.
            report(4 + round(ITEM_STEPS * count / len(items)), STEPS)
        item_id = item.item_id
        supplier_id = chosen.get(item_id)
        supplier = names.get(supplier_id, "") if supplier_id else ""
        lead, lead_sd, lead_source = _lead(policy, supplier_id, supplier, item_id, by_item,
                                           by_supplier)
        sales, owes = history.get(item_id), owed.get(item_id, 0)
        if sales is None and not owes and item.reorder_point is None and item.min_qty is None:
            # Most of a large catalogue did not sell: nothing to forecast or to reorder.
            plans.append(_quiet(item, policy, supplier_id, supplier, lead, lead_sd,
                                lead_source, stock.get(item_id, (0, 0)),
                                ordered.get(item_id, 0)))
            continue
        fc = _forecast(sales, window, math.ceil(lead), yearly, item_id)
        plans.append(_plan(item, policy, today, fc, supplier_id, supplier, lead, lead_sd,
                           lead_source, stock.get(item_id, (0, 0)),
                           ordered.get(item_id, 0), owes))
    # Most items are not low: they keep the catalogue's order after the low ones.
    low = sorted((p for p in plans if p.low), key=urgency)
    report(STEPS, STEPS)
    return low + [p for p in plans if not p.low]


def urgency(plan: ItemPlan) -> tuple:
    far = date.max
    return (not plan.low, plan.stockout or far, plan.position - plan.reorder_point, plan.sku)


def _quiet(item: data.ItemRow, policy: ReplenishPolicy, supplier_id: int | None,
           supplier: str, lead: float, lead_sd: float, lead_source: str,
           stock: tuple[int, int], on_order: int) -> ItemPlan:
    """The plan of an item that did not sell and owes nothing: what _plan would give, without
    the arithmetic (d = 0, so safety stock and reorder point are 0 and it cannot be low)."""
    on_hand, reserved = stock
    level = policy.service_level.get(item.klass, policy.service_level["C"])
    return ItemPlan(
        item.item_id, item.sku, item.name, item.klass, float(item.unit_cost or 0), supplier_id,
        supplier, policy.window_days, "none", 0.0, 0.0, None, None, (), 1.0, lead, lead_sd,
        lead_source, level, _z(level), 0.0, 0, "computed", item.max_qty or 0, on_hand,
        reserved, on_order, 0, on_hand + on_order - reserved, False, None, 0, item.moq,
        item.pack_multiple)


@lru_cache(maxsize=64)
def _z(level: float) -> float:
    return formulas.z_for(level)


def _plan(item: data.ItemRow, policy: ReplenishPolicy, today: date, fc: forecast.Forecast,
          supplier_id: int | None, supplier: str, lead: float, lead_sd: float,
          lead_source: str, stock: tuple[int, int], on_order: int,
          backorders: int) -> ItemPlan:
    on_hand, reserved = stock
    level = policy.service_level.get(item.klass, policy.service_level["C"])
    z = _z(level)
    safety = formulas.safety_stock(z, fc.daily, fc.sd, lead, lead_sd)
    if item.reorder_point is not None:
        rop, source = item.reorder_point, "set by hand"
    elif item.min_qty is not None:
        rop, source = item.min_qty, "min set by hand"
    else:
        rop, source = formulas.reorder_point(fc.daily, lead, safety), "computed"
    if item.max_qty is not None:
        up_to = item.max_qty
    else:
        up_to = rop + formulas.whole_units(fc.daily * policy.order_cycle_days)
    position = on_hand + on_order - reserved - backorders
    low = position <= rop and (rop > 0 or position < 0)
    # A low item is ordered at least one unit above its reorder point.
    suggested = (formulas.order_quantity(position, max(up_to, rop + 1), item.moq,
                                         item.pack_multiple) if low else 0)
    sellable = on_hand - reserved - backorders
    # An item that does not sell never runs out, unless customers already wait for it.
    stockout = (formulas.stockout_date(today, sellable, fc.daily)
                if fc.daily > 0 or sellable < 0 else None)
    return ItemPlan(
        item.item_id, item.sku, item.name, item.klass, float(item.unit_cost or 0), supplier_id,
        supplier,
        policy.window_days, fc.method, fc.daily, fc.sd, fc.mae, fc.mape, fc.params,
        fc.yearly_index, lead, lead_sd,
        lead_source, level, z, safety, rop, source, up_to, on_hand, reserved, on_order,
        backorders, position, low,
        stockout, suggested, item.moq, item.pack_multiple)


def daily_forecasts(today: date | None = None,
                    policy: ReplenishPolicy | None = None) -> dict[int, float]:
    """The daily demand forecast of every item that sold in the window (the d of its plan,
    over the default lead time)."""
    today = today or date.today()
    policy = policy or load_policy()
    window = policy.window_days
    history = data.demand(today - timedelta(days=window), today)
    horizon = math.ceil(policy.default_lead_days)
    return {item_id: _forecast(sales, window, horizon, {}, item_id).daily
            for item_id, sales in history.items()}
