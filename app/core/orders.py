"""Customer orders: creating, editing and cancelling them, and what the shop may still sell.

Editing or cancelling an order releases its reservations; an edited order is allocated again.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from app.core import allocation
from app.core.errors import BinwiseError
from app.db.models import Item, Reservation, SalesOrder, SalesOrderLine, database


@dataclass(frozen=True)
class OrderLineInput:
    sku: str
    qty: int


def create_order(number: str, lines: list[OrderLineInput], *, channel: str = "",
                 ship_by: date | None = None, shipping_method: str = "",
                 allocate: bool = True, today: date | None = None) -> SalesOrder:
    number = number.strip()
    if not number:
        raise BinwiseError("An order needs a number.")
    if not lines:
        raise BinwiseError(f"Order {number} has no lines.")
    with database.atomic():
        if SalesOrder.get_or_none(SalesOrder.number == number):
            raise BinwiseError(f"Order {number} already exists.")
        order = SalesOrder.create(number=number, channel=channel, ship_by=ship_by,
                                  shipping_method=shipping_method)
        skus = [line.sku.strip() for line in lines]
        # One query for all the SKUs (they match without case, like the column).
        items = {i.sku.lower(): i.id for i in Item.select(Item.id, Item.sku)
                 .where(Item.sku.in_(skus))}
        rows = []
        for line, sku in zip(lines, skus, strict=True):
            if sku.lower() not in items:
                raise BinwiseError(f"Order {number}: no item with SKU '{line.sku}'.")
            if line.qty <= 0:
                raise BinwiseError(f"Order {number}: the quantity of {line.sku} must be at "
                                   f"least 1.")
            rows.append({"order": order.id, "item": items[sku.lower()],
                         "qty_ordered": line.qty})
        SalesOrderLine.insert_many(rows).execute()
        if allocate:
            allocation.allocate_order(order.id, today)
    return SalesOrder.get_by_id(order.id)


def _editable(order: SalesOrder) -> None:
    if order.status in ("picking", "picked", "packed", "shipped", "cancelled"):
        raise BinwiseError(f"Order {order.number} is {order.status}: it can no longer be "
                           f"changed.")


def cancel_order(order: SalesOrder) -> None:
    """Cancel an order that is not being picked yet; its reservations are released."""
    with database.atomic():
        _editable(order)
        allocation.release_order(order.id)
        SalesOrder.update(status="cancelled").where(SalesOrder.id == order.id).execute()
    order.status = "cancelled"


def set_line_quantity(line: SalesOrderLine, qty: int, today: date | None = None) -> str:
    """Change how many units a line wants; its reservations are redone. Returns the status."""
    if qty <= 0:
        raise BinwiseError("The quantity must be at least 1; cancel the order to drop it.")
    with database.atomic():
        _editable(line.order)
        for reservation in Reservation.select().where(Reservation.line == line.id):
            allocation.release(reservation)
        SalesOrderLine.update(qty_ordered=qty).where(SalesOrderLine.id == line.id).execute()
        return allocation.allocate_order(line.order_id, today).status


def allocate_open_orders(today: date | None = None) -> int:
    """Try again for every order still waiting for stock, oldest ship-by first."""
    # An order being picked can still wait for units (after a short pick, say).
    waiting = (SalesOrder.select(SalesOrder.id)
               .where(SalesOrder.status.in_(["open", "partial", "picking"]))
               .order_by(SalesOrder.ship_by.is_null(), SalesOrder.ship_by, SalesOrder.id))
    for order in waiting:
        allocation.allocate_order(order.id, today)
    return len(waiting)


@dataclass(frozen=True)
class Availability:
    sku: str
    on_hand: int
    reserved: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


def available_to_promise(today: date | None = None) -> list[Availability]:
    """Per item: sellable stock in bins and the dock, what is reserved, and what is left to
    sell. Expired lots are not sellable; stock in packing already belongs to picked orders."""
    today = today or date.today()
    rows = database.execute_sql("""
        SELECT i.sku, COALESCE(SUM(s.qty), 0), COALESCE(SUM(s.reserved), 0)
          FROM item i LEFT JOIN (
               SELECT q.item_id, q.qty, q.reserved FROM quant q
                 JOIN location loc ON loc.id = q.location_id
                 LEFT JOIN lot l ON l.id = q.lot_id
                WHERE loc.kind IN ('bin', 'dock') AND (l.expiry IS NULL OR l.expiry >= ?)
               ) s ON s.item_id = i.id
         WHERE i.active
         GROUP BY i.id ORDER BY i.sku""", (today.isoformat(),))
    return [Availability(*row) for row in rows]


@dataclass(frozen=True)
class OrderSummary:
    order_id: int
    number: str
    channel: str
    ship_by: date | None
    status: str
    lines: int
    ordered: int
    reserved: int
    picked: int


_SUMMARIES = """
SELECT o.id, o.number, o.channel, o.ship_by, o.status, COUNT(ol.id), SUM(ol.qty_ordered),
       COALESCE(SUM((SELECT SUM(r.qty) FROM reservation r WHERE r.line_id = ol.id)), 0),
       COALESCE(SUM((SELECT SUM(CASE WHEN m.reverses_id IS NULL THEN m.qty ELSE -m.qty END)
                     FROM move m WHERE m.doc_type = 'order' AND m.line_id = ol.id
                      AND m.kind = 'pick')), 0)
  FROM sales_order o JOIN sales_order_line ol ON ol.order_id = o.id
 WHERE {where}
 GROUP BY o.id ORDER BY o.ship_by IS NULL, o.ship_by, o.number
 LIMIT ?
"""


def order_summaries(recent_days: int = 14, limit: int = 5000,
                    order_id: int | None = None) -> list[OrderSummary]:
    """Orders still in work, and those shipped or cancelled in the last `recent_days` days,
    most urgent first, with their units ordered, reserved and picked (one query; years of
    shipped orders are left out)."""
    if order_id is not None:
        where, params = "o.id = ?", [order_id]
    else:
        since = (date.today() - timedelta(days=recent_days)).isoformat()
        where = "o.status NOT IN ('shipped', 'cancelled') OR o.created_at >= ?"
        params = [since]
    rows = database.execute_sql(_SUMMARIES.format(where=where), (*params, limit))
    return [OrderSummary(id_, number, channel,
                         date.fromisoformat(ship_by) if isinstance(ship_by, str) else ship_by,
                         status, lines, ordered, reserved, picked)
            for id_, number, channel, ship_by, status, lines, ordered, reserved, picked in rows]
