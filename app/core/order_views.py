"""What the order, lookup and putaway-rule pages read and do, by id and plain values: orders
for a table, creating, cancelling, allocating, picking and shipping them, putaway rules, and
the lots a receiving session took in.

Each one returns plain records or raises `BinwiseError` with a message for the person at the
screen. The rules stay in the core modules (orders, allocation, picking); these call them and
shape what comes back, so the pages never touch the database.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from app.core import allocation, orders, picking, putaway_rules
from app.core.catalog import find_item_by_sku
from app.core.errors import BinwiseError
from app.core.orders import OrderSummary
from app.core.stock_words import as_date
from app.db.models import (
    Item,
    Location,
    PutawayRule,
    SalesOrder,
    SalesOrderLine,
    database,
)
from app.scanning.decode import DecodeConfig, decode
from app.scanning.resolve import resolve


def now() -> datetime:
    """The database's clock: naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


# -- orders ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderLineRow:
    line_id: int
    sku: str
    name: str
    ordered: int
    picked: int
    reserved: int

    @property
    def backorder(self) -> int:
        return max(0, self.ordered - self.picked - self.reserved)


@dataclass(frozen=True)
class ReservationRow:
    reservation_id: int
    line_id: int
    sku: str
    bin: str
    lot: str | None
    expiry: date | None
    qty: int
    reason: str


def order_summaries() -> list[OrderSummary]:
    """Orders in work and recently closed, soonest ship-by first."""
    return orders.order_summaries()


def order_summary(order_id: int) -> OrderSummary | None:
    """One order's row as order_summaries() gives it, whether or not that list holds it (a
    busy shop has more orders in work than the list shows)."""
    found = orders.order_summaries(order_id=order_id)
    return found[0] if found else None


_LINES = """
SELECT ol.id, i.sku, i.name, ol.qty_ordered
  FROM sales_order_line ol JOIN item i ON i.id = ol.item_id
 WHERE ol.order_id = ? ORDER BY ol.id
"""


def order_lines(order_id: int) -> list[OrderLineRow]:
    # Plain SQL: read at every scan at Orders, where building the query took longer than
    # running it.
    needs = {n.line_id: n for n in allocation.line_needs(order_id)}
    return [OrderLineRow(line_id, sku, name, ordered, needs[line_id].picked,
                         needs[line_id].reserved)
            for line_id, sku, name, ordered in database.execute_sql(_LINES, (order_id,))
            if line_id in needs]


_RESERVATIONS = """
SELECT r.id, r.line_id, i.sku, loc.code, l.code, l.expiry, r.qty, r.reason
  FROM reservation r JOIN sales_order_line ol ON ol.id = r.line_id
  JOIN item i ON i.id = r.item_id JOIN location loc ON loc.id = r.location_id
  LEFT JOIN lot l ON l.id = r.lot_id
 WHERE ol.order_id = ?
 ORDER BY r.line_id, loc.sequence, loc.code
"""


def order_reservations(order_id: int) -> list[ReservationRow]:
    """What is promised to the order: which bin, which lot, and why that one."""
    return [ReservationRow(id_, line_id, sku, bin_, lot, as_date(expiry), qty, reason)
            for id_, line_id, sku, bin_, lot, expiry, qty, reason
            in database.execute_sql(_RESERVATIONS, (order_id,))]


def order_statuses(numbers: list[str] | tuple[str, ...]) -> dict[str, str]:
    if not numbers:
        return {}
    query = SalesOrder.select(SalesOrder.number, SalesOrder.status).where(
        SalesOrder.number.in_(list(numbers)))
    return {order.number: order.status for order in query}


def find_order(code: str, config: DecodeConfig | None = None) -> int | None:
    """The order a scanned or typed code names, if it names one."""
    found = resolve(decode(code, config or DecodeConfig()))
    matches = found.of("order")
    return matches[0].id if matches else None


def create_order(number: str, lines: list[tuple[str, int]], *, channel: str = "",
                 ship_by: date | None = None) -> OrderSummary:
    order = orders.create_order(number, [orders.OrderLineInput(sku, qty) for sku, qty in lines],
                                channel=channel, ship_by=ship_by)
    return orders.order_summaries(order_id=order.id)[0]


def cancel_order(order_id: int, user_id: int | None = None,
                 approver_id: int | None = None) -> str:
    """Cancel it (a supervisor's action); returns its number."""
    order = SalesOrder.get_by_id(order_id)
    orders.cancel_order(order, user_id, approver_id)
    return order.number


AllocationRun = orders.AllocationRun


def set_line_quantity(line_id: int, qty: int) -> str:
    """Change how many units an order line wants; returns the order's new status."""
    return orders.set_line_quantity(SalesOrderLine.get_by_id(line_id), qty)


def allocate_waiting(today: date | None = None) -> AllocationRun:
    """Try again for every order still waiting for stock."""
    return orders.allocate_waiting(today)


def create_pick_list(order_ids: list[int]) -> str:
    """One pick list for the orders; returns its number."""
    return picking.create_pick_list(order_ids).number


def packed_orders() -> list[str]:
    """The numbers of the orders packed and waiting to ship."""
    return [o.number for o in SalesOrder.select(SalesOrder.number).where(
        SalesOrder.status == "packed").order_by(SalesOrder.number)]


def ship_packed(user_id: int, numbers: list[str] | None = None) -> tuple[int, int]:
    """Ship the packed orders (only those of `numbers` when given); returns (orders, units)."""
    return picking.ship_packed(user_id, numbers)


def sku_for_code(code: str, config: DecodeConfig | None = None) -> str | None:
    """The SKU of the one item a scanned barcode or typed SKU names."""
    items = resolve(decode(code, config or DecodeConfig())).of("item")
    skus = {m.code for m in items}
    return skus.pop() if len(skus) == 1 else None


# -- putaway rules ---------------------------------------------------------------------------


def _item(sku: str) -> Item:
    item = find_item_by_sku(sku)
    if item is None:
        raise BinwiseError(f"No item with SKU '{sku.strip()}'. Check the SKU and try again.")
    return item


def putaway_rule(sku: str) -> str | None:
    """Where the item should go, in words ("zone A", "bin A-01-01"), or None."""
    rule = PutawayRule.get_or_none(PutawayRule.item == _item(sku).id)
    if rule is None:
        return None
    if rule.bin_id is not None:
        return f"bin {Location.get_by_id(rule.bin_id).code}"
    return f"zone {Location.get_by_id(rule.zone_id).code}"


def set_putaway_rule(sku: str, code: str, user_id: int | None = None,
                     approver_id: int | None = None) -> str:
    """Make a zone or a bin the item's preferred place; returns the rule in words."""
    return putaway_rules.set_preferred_place(_item(sku), code, user_id, approver_id)


def clear_putaway_rule(sku: str, user_id: int | None = None,
                       approver_id: int | None = None) -> bool:
    """Forget the item's preferred place; False when it had none."""
    return putaway_rules.clear_rule(_item(sku), user_id, approver_id)


# -- receiving -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedLot:
    receipt_id: int
    lot_id: int
    item_id: int
    sku: str
    lot: str
    expiry: date | None
    qty: int


_RECEIVED_LOTS = """
SELECT r.id, m.lot_id, m.item_id, i.sku, l.code, l.expiry,
       SUM(CASE WHEN m.reverses_id IS NULL THEN m.qty ELSE -m.qty END) AS net
  FROM move m JOIN receipt r ON r.id = m.doc_id
  JOIN purchase_order p ON p.id = r.po_id
  JOIN item i ON i.id = m.item_id JOIN lot l ON l.id = m.lot_id
 WHERE m.doc_type = 'receipt' AND m.kind = 'receipt' AND p.number = ?
   AND r.started_at >= ? AND (? IS NULL OR r.user_id = ?)
 GROUP BY r.id, m.lot_id, m.item_id, i.sku, l.code, l.expiry
HAVING SUM(CASE WHEN m.reverses_id IS NULL THEN m.qty ELSE -m.qty END) > 0 ORDER BY MIN(m.id)
"""


def received_lots(po_number: str, since: datetime, user_id: int | None = None) \
        -> list[ReceivedLot]:
    """The lots received on `po_number` in receipts started since `since` (by `user_id`)."""
    rows = database.execute_sql(_RECEIVED_LOTS, (po_number, since.isoformat(sep=" "),
                                                 user_id, user_id))
    return [ReceivedLot(receipt_id, lot_id, item_id, sku, code,
                        date.fromisoformat(str(expiry)[:10]) if expiry else None, qty)
            for receipt_id, lot_id, item_id, sku, code, expiry, qty in rows]
