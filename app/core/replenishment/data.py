"""The bulk reads replenishment needs, a handful of queries for the whole catalogue (planning
100,000 items must not cost a query per item).

Raw times come back as str on SQLite and as datetime on PostgreSQL; `day_of` reads both.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from app.core import kits
from app.core.kit_lines import held, kits_in, line_units, surplus
from app.db.models import database

_DEMAND = """
SELECT m.item_id, m.created_at, CASE WHEN m.reverses_id IS NULL THEN m.qty ELSE -m.qty END
  FROM move m WHERE m.kind = 'ship' AND m.created_at >= ? AND m.created_at < ?
UNION ALL
SELECT m.item_id, m.created_at, -m.qty
  FROM move m JOIN location dst ON dst.id = m.dst_id
 WHERE m.kind = 'return' AND dst.kind IN ('bin', 'dock') AND m.created_at >= ?
   AND m.created_at < ?
"""
_ON_HAND = """
SELECT q.item_id, SUM(q.qty), SUM(q.reserved) FROM quant q
  JOIN location loc ON loc.id = q.location_id LEFT JOIN lot l ON l.id = q.lot_id
 WHERE loc.kind IN ('bin', 'dock') AND (l.expiry IS NULL OR l.expiry >= ?)
 GROUP BY q.item_id
"""
_RECEIVED = """COALESCE((SELECT SUM(CASE WHEN m.reverses_id IS NULL THEN m.qty ELSE -m.qty END)
                 FROM move m WHERE m.doc_type = 'receipt' AND m.line_id = l.id), 0)"""
_ON_ORDER = f"""
SELECT l.item_id, l.qty_ordered - {_RECEIVED} FROM purchase_order_line l
  JOIN purchase_order po ON po.id = l.po_id
 WHERE po.status IN ('open', 'partial') AND NOT po.dropship
"""
_OPEN_LINE = """
 WHERE so.status IN ('open', 'allocated', 'partial', 'picking')
   AND NOT EXISTS (SELECT 1 FROM dropship_line d WHERE d.order_line_id = sl.id)
"""
_IS_KIT = "EXISTS (SELECT 1 FROM kit_component k WHERE k.kit_id = sl.item_id)"
# What open orders still want and have neither reserved nor picked: the backorders.
_BACKORDERS = """
SELECT sl.item_id, sl.qty_ordered
       - COALESCE((SELECT SUM(r.qty) FROM reservation r WHERE r.line_id = sl.id), 0)
       - COALESCE((SELECT SUM(CASE WHEN m.reverses_id IS NULL THEN m.qty ELSE -m.qty END)
                     FROM move m WHERE m.doc_type = 'order' AND m.line_id = sl.id
                      AND m.kind = 'pick'), 0)
  FROM sales_order_line sl JOIN sales_order so ON so.id = sl.order_id""" + _OPEN_LINE + f"""
   AND NOT {_IS_KIT}"""
# Kit lines are counted in kits, their units being the components'.
_KIT_LINES = """
SELECT sl.id, sl.item_id, sl.qty_ordered
  FROM sales_order_line sl JOIN sales_order so ON so.id = sl.order_id""" + _OPEN_LINE + f"""
   AND {_IS_KIT}"""
# Each receiving session against a PO is one delivery: its lead time is the days from the PO's
# date to the session's start, for every item the session received.
_SESSIONS = """
SELECT r.id, po.supplier_id, po.created_at, r.started_at FROM receipt r
  JOIN purchase_order po ON po.id = r.po_id WHERE po.created_at >= ?
"""
_SESSION_ITEMS = """
SELECT DISTINCT m.doc_id, m.item_id FROM move m
 WHERE m.doc_type = 'receipt' AND m.reverses_id IS NULL AND m.doc_id >= ?
"""
# Every item's latest PO comes last: its supplier is the item's supplier.
_PO_SUPPLIERS = """
SELECT l.item_id, po.supplier_id FROM purchase_order_line l
  JOIN purchase_order po ON po.id = l.po_id ORDER BY po.created_at, po.id
"""


# Up to this many items are picked out in SQL; more are filtered while reading.
_FEW = 500
# Kit lines whose units are read in one statement.
_KIT_LINES_AT_ONCE = 500


class ItemRow(NamedTuple):
    item_id: int
    sku: str
    name: str
    unit_cost: float | Decimal | None
    klass: str
    reorder_point: int | None = None
    min_qty: int | None = None
    max_qty: int | None = None
    moq: int = 1
    pack_multiple: int = 1


@dataclass
class Demand:
    """One item's net daily demand over the window, sparse: day index -> units."""

    days: dict[int, float] = field(default_factory=dict)

    def series(self, length: int) -> list[float]:
        out = [0.0] * length
        for day, qty in self.days.items():
            out[day] = qty
        return out


def day_of(value: str | datetime | date) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value


def _since(day: date) -> str:
    return datetime.combine(day, datetime.min.time()).isoformat(" ")


def items() -> list[ItemRow]:
    # Dropship items are never stocked, so never reordered.
    rows = database.execute_sql("""
        SELECT i.id, i.sku, i.name, i.unit_cost, COALESCE(c."class", 'C'), ir.reorder_point,
               ir.min_qty, ir.max_qty, COALESCE(ir.moq, 1), COALESCE(ir.pack_multiple, 1)
          FROM item i LEFT JOIN item_class c ON c.item_id = i.id
          LEFT JOIN item_replenishment ir ON ir.item_id = i.id
         WHERE i.active AND (ir.dropship IS NULL OR NOT ir.dropship) ORDER BY i.id""")
    return list(map(ItemRow._make, rows))


def demand(start: date, end: date, item_ids: set[int] | None = None) -> dict[int, Demand]:
    """Net units shipped per item and day from `start` (day 0) up to `end` (excluded): ships
    minus reversed ships minus returns put back into sellable stock."""
    sql, params = _DEMAND, (_since(start), _since(end)) * 2
    if item_ids is not None and len(item_ids) <= _FEW:
        marks = ",".join("?" * len(item_ids))
        sql = f"SELECT * FROM ({_DEMAND}) d WHERE d.item_id IN ({marks})"
        params += tuple(sorted(item_ids))
    out: dict[int, Demand] = defaultdict(Demand)
    index: dict[str, int] = {}
    for item_id, at, qty in database.execute_sql(sql, params):
        if item_ids is not None and item_id not in item_ids:
            continue
        key = at[:10] if isinstance(at, str) else day_of(at).isoformat()
        day = index.get(key)
        if day is None:
            day = index[key] = (date.fromisoformat(key) - start).days
        days = out[item_id].days
        days[day] = days.get(day, 0.0) + qty
    return out


def on_hand(today: date) -> dict[int, tuple[int, int]]:
    """Per item: unexpired units in bins and the dock, and how many of them are reserved."""
    return {item_id: (int(qty), int(reserved)) for item_id, qty, reserved
            in database.execute_sql(_ON_HAND, (today.isoformat(),))}


def on_order() -> dict[int, int]:
    out: dict[int, int] = defaultdict(int)
    for item_id, open_qty in database.execute_sql(_ON_ORDER):
        out[item_id] += max(0, int(open_qty))
    return out


def backorders() -> dict[int, int]:
    """Units open orders still wait for, by item. A kit is owed as its components: the kits a
    line still waits for, times each component's quantity, less the component units the line
    already holds beyond whole kits."""
    out: dict[int, int] = defaultdict(int)
    for item_id, waiting in database.execute_sql(_BACKORDERS):
        out[item_id] += max(0, int(waiting))
    kit_lines = database.execute_sql(_KIT_LINES).fetchall()
    recipes = kits.recipes({kit_id for _, kit_id, _ in kit_lines})
    for start in range(0, len(kit_lines), _KIT_LINES_AT_ONCE):
        some = kit_lines[start:start + _KIT_LINES_AT_ONCE]
        units = line_units(line_id for line_id, _, _ in some)
        for line_id, kit_id, ordered in some:
            # A recipe emptied since the lines were read: the line is a plain one now.
            recipe = recipes.get(kit_id, {})
            holds = held(*units[line_id])
            waiting = ordered - kits_in(kit_id, recipe, holds)
            if waiting <= 0:
                continue
            if not recipe:
                out[kit_id] += waiting
                continue
            spare = surplus(kit_id, recipe, holds)
            for component, qty in recipe.items():
                out[component] += max(0, waiting * qty - spare.get(component, 0))
    return out


def lead_times(since: date) -> tuple[dict[tuple[int, int], list[float]],
                                     dict[int, list[float]]]:
    """Lead times in days of deliveries from POs made since `since`: per (supplier, item) and
    per supplier."""
    sessions = {receipt_id: (supplier_id, (day_of(started) - day_of(ordered)).days)
                for receipt_id, supplier_id, ordered, started
                in database.execute_sql(_SESSIONS, (_since(since),))}
    by_item: dict[tuple[int, int], list[float]] = defaultdict(list)
    by_supplier: dict[int, list[float]] = defaultdict(list)
    if not sessions:
        return by_item, by_supplier
    for receipt_id, item_id in database.execute_sql(_SESSION_ITEMS, (min(sessions),)):
        session = sessions.get(receipt_id)
        if session is not None:
            by_item[(session[0], item_id)].append(float(session[1]))
            by_supplier[session[0]].append(float(session[1]))
    return by_item, by_supplier


def suppliers() -> tuple[dict[int, int | None], dict[int, str]]:
    """Each item's supplier id (set by hand, else its latest PO's), and every supplier's name."""
    chosen = dict(database.execute_sql(_PO_SUPPLIERS).fetchall())
    chosen.update(database.execute_sql(
        "SELECT item_id, supplier_id FROM item_replenishment WHERE supplier_id IS NOT NULL"
    ).fetchall())
    names = dict(database.execute_sql("SELECT id, name FROM supplier").fetchall())
    return chosen, names
