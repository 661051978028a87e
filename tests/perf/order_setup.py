"""Customer orders for the benchmarks, set up untimed on a working copy: the stock allocation
may still take, orders drawn from it (so every line can be reserved), the orders picked, and
the text a scanner sends for a unit of an order line.

Shared by bench_allocate, bench_pick, bench_pack, bench_order_import and bench_banner, so the
orders each bench times are made one way.
"""

import random
from datetime import date

import perfkit

from app.core import orders, picking
from app.core.orders import OrderLineInput
from app.db.models import SalesOrder, database


def free_stock(today: date) -> dict[str, int]:
    """SKU -> units that allocation may still take from bins (what `candidates` would offer)."""
    rows = database.execute_sql("""
        SELECT i.sku, SUM(q.qty - q.reserved) FROM quant q
          JOIN item i ON i.id = q.item_id JOIN location loc ON loc.id = q.location_id
          LEFT JOIN lot l ON l.id = q.lot_id
         WHERE loc.kind = 'bin' AND loc.blocked = 0 AND q.qty > q.reserved
           AND (l.expiry IS NULL OR l.expiry >= date(?, '+' || i.min_shelf_life_days || ' days'))
           AND NOT EXISTS (SELECT 1 FROM count_request c WHERE c.done_at IS NULL
                            AND c.kind = 'short' AND c.location_id = q.location_id
                            AND c.item_id = q.item_id)
         GROUP BY i.id""", (today.isoformat(),))
    return {sku: free for sku, free in rows if free > 0}


def order_lines(rng: random.Random, free: dict[str, int], skus: list[str], count: int,
                most: int = 3) -> list[OrderLineInput]:
    """`count` lines of different SKUs, 1 to `most` units each, never more than is still free
    (taken off `free`; a SKU with nothing left leaves `skus`)."""
    lines = []
    for sku in rng.sample(skus, count):
        qty = rng.randint(1, min(most, free[sku]))
        free[sku] -= qty
        lines.append(OrderLineInput(sku, qty))
        if free[sku] == 0:
            skus.remove(sku)
    return lines


def make_orders(rng: random.Random, count: int, prefix: str, today: date,
                free: dict[str, int], skus: list[str]) -> list[str]:
    """Create and allocate `count` orders of 1 to 6 lines, 1 to 8 units a line; returns the
    numbers of those allocated."""
    numbers = []
    for n in range(count):
        lines = order_lines(rng, free, skus, rng.randint(1, 6), most=8)
        order = orders.create_order(f"{prefix}{n:05d}", lines, channel="bench", today=today)
        if order.status in ("allocated", "partial"):
            numbers.append(order.number)
    return numbers


def pick_all(numbers: list[str], user_id: int) -> None:
    """Pick every task of each order, as the pick station would."""
    for number in numbers:
        order = SalesOrder.get(SalesOrder.number == number)
        pick_list = picking.pick_list_for_order(order)
        for task in picking.tasks(pick_list.id):
            picking.pick(task, task.qty, user_id)


def unit_scan(gtins: dict[int, str], item_id: int, sku: str, lot: str | None,
              expiry: str | None, qty: int) -> str:
    """What a scanner sends for `qty` units: a tracked item's GS1-128 lot label (AI 30 for more
    than one), else its EAN-13 (or SKU) with `,QTY` for more than one."""
    gtin = gtins.get(item_id)
    if lot is not None and gtin:
        return perfkit.gs1_label(gtin, lot, expiry, qty if qty > 1 else None)
    code = perfkit.scanned_gtin(gtin) or sku
    return f"{code},{qty}" if qty > 1 else code
