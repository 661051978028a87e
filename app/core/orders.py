"""Customer orders: creating, editing and cancelling them, and what the shop may still sell.

Editing or cancelling an order releases its reservations; an edited order is allocated again.
"""

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta

from app.core import allocation, dropship, ledger, tx, users
from app.core.bulk import Pacer
from app.core.errors import BinwiseError
from app.core.kit_available import with_kits
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


EDITABLE = ("open", "allocated", "partial")


def _editable(order: SalesOrder) -> None:
    if order.status not in EDITABLE:
        raise BinwiseError(f"Order {order.number} is {order.status}: it can no longer be "
                           f"changed.")


def _current(order_id: int) -> SalesOrder:
    order = tx.reread(SalesOrder, order_id)
    if order is None:
        raise BinwiseError("That order is gone.")
    return order


def cancel_order(order: SalesOrder, user_id: int | None = None,
                 approver_id: int | None = None) -> None:
    """Cancel an order that is not being picked yet; its reservations are released. Needs a
    supervisor (`approver_id` when one approved it on the spot for `user_id`).

    Decided on the order as it is inside the transaction: an order another station started
    picking or cancelled meanwhile is refused, and nothing is released twice."""
    users.approve(user_id, approver_id, "supervisor", f"Cancelling order {order.number}")
    with database.atomic():
        current = _current(order.id)
        _editable(current)
        tx.compare_and_set(SalesOrder, order.id, "status", current.status, "cancelled",
                           f"Order {current.number} was changed by another station: look "
                           f"again.")
        allocation.release_order(order.id)
        dropship.withdraw(order.id)
    order.status = "cancelled"


def set_line_quantity(line: SalesOrderLine, qty: int, today: date | None = None) -> str:
    """Change how many units a line wants; its reservations are redone. Returns the status."""
    if qty <= 0:
        raise BinwiseError("The quantity must be at least 1; cancel the order to drop it.")
    with database.atomic():
        _editable(_current(line.order_id))
        dropship.refuse_change(line.id)
        ids = [r.id for r in Reservation.select(Reservation.id)
               .where(Reservation.line == line.id).order_by(Reservation.id)]
        for reservation_id in ids:
            ledger.release(reservation_id)
        SalesOrderLine.update(qty_ordered=qty).where(SalesOrderLine.id == line.id).execute()
        return allocation.allocate_order(line.order_id, today).status


def allocate_open_orders(today: date | None = None) -> int:
    """Try again for every order still waiting for stock, oldest ship-by first.

    The list is read first; each order is then allocated in its own short transaction, which
    re-reads the order, so another station's commits in between are neither lost nor locked
    out."""
    # An order being picked can still wait for units (after a short pick, say).
    waiting = [o.id for o in SalesOrder.select(SalesOrder.id)
               .where(SalesOrder.status.in_(["open", "partial", "picking"]))
               .order_by(SalesOrder.ship_by.is_null(), SalesOrder.ship_by, SalesOrder.id)]
    pacer = Pacer()
    for order_id in waiting:
        try:
            allocation.allocate_order(order_id, today)
        except BinwiseError:
            continue  # packed, shipped or cancelled by another station meanwhile
        pacer.tick()
    return len(waiting)


@dataclass(frozen=True)
class AllocationRun:
    tried: int
    statuses: dict[str, int]  # how many of the tried orders ended in each status


def allocate_waiting(today: date | None = None) -> AllocationRun:
    """Try again for every order still waiting for stock (`binwise allocate`, the Orders
    page); says how the tried orders ended."""
    waiting = [o.id for o in SalesOrder.select(SalesOrder.id).where(
        SalesOrder.status.in_(["open", "partial"]))]
    tried = allocate_open_orders(today)
    after = Counter(o.status for o in SalesOrder.select(SalesOrder.status).where(
        SalesOrder.id.in_(waiting))) if waiting else Counter()
    return AllocationRun(tried, dict(after))


@dataclass(frozen=True)
class Availability:
    sku: str
    on_hand: int
    reserved: int
    # A kit: how many more can be made of the components free now (app/core/kit_available.py).
    from_components: int = 0

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved + self.from_components


def available_to_promise(today: date | None = None) -> list[Availability]:
    """Per item: sellable stock in bins and the dock, what is reserved, and what is left to
    sell. Expired lots are not sellable; stock in packing already belongs to picked orders.
    A kit adds what its free components make (whole kits only)."""
    today = today or date.today()
    with tx.snapshot():  # the stock and the kits' recipes as of one moment
        rows = database.execute_sql("""
        SELECT i.id, i.sku, COALESCE(SUM(s.qty), 0), COALESCE(SUM(s.reserved), 0)
          FROM item i LEFT JOIN (
               SELECT q.item_id, q.qty, q.reserved FROM quant q
                 JOIN location loc ON loc.id = q.location_id
                 LEFT JOIN lot l ON l.id = q.lot_id
                WHERE loc.kind IN ('bin', 'dock') AND (l.expiry IS NULL OR l.expiry >= ?)
               ) s ON s.item_id = i.id
         WHERE i.active
         GROUP BY i.id ORDER BY i.sku""", (today.isoformat(),)).fetchall()
        return with_kits([Availability(*row[1:]) for row in rows], [row[0] for row in rows])


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
    changed: str = ""  # what the shop changed since the import


_SUMMARIES = """
SELECT o.id, o.number, o.channel, o.ship_by, o.status, o.changed, COUNT(ol.id),
       SUM(ol.qty_ordered),
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
    return _in_whole_kits([
        OrderSummary(id_, number, channel,
                     date.fromisoformat(ship_by) if isinstance(ship_by, str) else ship_by,
                     status, lines, ordered, reserved, picked, changed)
        for id_, number, channel, ship_by, status, changed, lines, ordered, reserved, picked
        in rows])


def _in_whole_kits(summaries: list[OrderSummary]) -> list[OrderSummary]:
    """Orders with kit lines count those lines in kits, as they were ordered (the query above
    counts the components' units)."""
    if not summaries or database.execute_sql(
            "SELECT 1 FROM kit_component LIMIT 1").fetchone() is None:
        return summaries
    with_kits = {row[0] for row in database.execute_sql(
        "SELECT DISTINCT order_id FROM sales_order_line "
        "WHERE item_id IN (SELECT kit_id FROM kit_component)")}
    out = []
    for summary in summaries:
        if summary.order_id in with_kits:
            needs = allocation.line_needs(summary.order_id)
            summary = replace(summary, reserved=sum(n.reserved for n in needs),
                              picked=sum(n.picked for n in needs))
        out.append(summary)
    return out
