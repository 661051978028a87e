"""Stock at cost, first in first out: the units on hand are the last ones received, each at the
unit cost of its receipt (the PO line's, else the item's cost). Units with no receipt left to
explain them (stock counted in, say) are valued at the item's cost.
"""

from datetime import date, timedelta

from app.core.reports.base import items, on_hand_at, start_of
from app.db.models import database

_LAYERS = """
SELECT m.item_id, m.qty, COALESCE(l.unit_cost, i.unit_cost) FROM move m
  JOIN item i ON i.id = m.item_id
  LEFT JOIN purchase_order_line l ON m.doc_type = 'receipt' AND l.id = m.line_id
 WHERE m.kind = 'receipt' AND m.reverses_id IS NULL AND m.created_at < ?
 ORDER BY m.item_id, m.created_at DESC, m.id DESC
"""


def held_values(day: date, today: date | None = None) -> tuple[dict[int, int],
                                                                dict[int, float]]:
    """Units on hand per item at the end of `day` and their FIFO value."""
    today = today or date.today()
    held = on_hand_at(day, today)
    values: dict[int, float] = {}
    left = {item_id: qty for item_id, qty in held.items() if qty > 0}
    for item_id, qty, cost in database.execute_sql(
            _LAYERS, (start_of(day + timedelta(days=1)),)):
        need = left.get(item_id)
        if need:
            take = need if need < qty else qty
            values[item_id] = values.get(item_id, 0.0) + take * float(cost or 0)
            left[item_id] = need - take
    if any(left.values()):
        cost = {item_id: row[3] for item_id, row in items().items()}
        for item_id, need in left.items():
            if need:
                values[item_id] = values.get(item_id, 0.0) + need * cost.get(item_id, 0.0)
    return held, values


def unit_costs(day: date) -> dict[int, float]:
    """The FIFO value per unit on hand, for reports that value part of the stock."""
    held, values = held_values(day)
    return {item_id: values.get(item_id, 0.0) / qty for item_id, qty in held.items() if qty}
