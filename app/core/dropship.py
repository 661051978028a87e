"""Dropship: items the supplier ships straight to the customer.

An order line for a dropship item is never reserved or picked. Allocating its order puts it on
its supplier's open dropship PO (one per supplier, created on demand; one PO line per order
line, so the supplier sees every parcel). The line is fulfilled when the supplier confirms it
(`binwise dropship confirm`); no stock moves, as the goods never touch the warehouse. An order
whose stocked lines are shipped and whose dropship lines are confirmed is shipped.
"""

from datetime import date, datetime

from app.core import tx
from app.core.errors import BinwiseError
from app.core.po_numbers import next_po_number
from app.db.models import (
    DropshipLine,
    Item,
    PurchaseOrder,
    PurchaseOrderLine,
    SalesOrder,
    SalesOrderLine,
    database,
    utcnow,
)

_UNRAISED = """
SELECT ol.id, ol.item_id, ol.qty_ordered, r.supplier_id FROM sales_order_line ol
  JOIN item_replenishment r ON r.item_id = ol.item_id
 WHERE ol.order_id = ? AND r.dropship
   AND NOT EXISTS (SELECT 1 FROM dropship_line d WHERE d.order_line_id = ol.id)
 ORDER BY ol.id
"""


def dropship_line_ids(order_id: int) -> set[int]:
    """The order's lines the supplier ships (raised on a dropship PO)."""
    return {row[0] for row in database.execute_sql(
        "SELECT d.order_line_id FROM dropship_line d JOIN sales_order_line ol "
        "ON ol.id = d.order_line_id WHERE ol.order_id = ?", (order_id,))}


def unconfirmed(order_id: int) -> int:
    """How many of the order's dropship lines the supplier has not confirmed yet."""
    return database.execute_sql(
        "SELECT COUNT(*) FROM dropship_line d JOIN sales_order_line ol "
        "ON ol.id = d.order_line_id WHERE ol.order_id = ? AND d.confirmed_at IS NULL",
        (order_id,)).fetchone()[0]


def withdraw(order_id: int) -> None:
    """The order is cancelled: take its dropship lines off their POs (inside the caller's write
    transaction). Refused when the supplier already shipped one."""
    lines = list(DropshipLine.select(DropshipLine, PurchaseOrderLine, PurchaseOrder)
                 .join(PurchaseOrderLine).join(PurchaseOrder)
                 .switch(DropshipLine).join(SalesOrderLine)
                 .where(SalesOrderLine.order == order_id))
    shipped = [d for d in lines if d.confirmed_at is not None]
    if shipped:
        raise BinwiseError(f"The supplier has shipped a line of this order "
                           f"({shipped[0].po_line.po.number}): it can no longer be cancelled.")
    for line in lines:
        DropshipLine.delete().where(DropshipLine.order_line == line.order_line_id).execute()
        PurchaseOrderLine.delete().where(PurchaseOrderLine.id == line.po_line_id).execute()


def refuse_change(line_id: int) -> None:
    """A dropship line's quantity is on the supplier's PO: it is not changed here."""
    row = (DropshipLine.select(DropshipLine, PurchaseOrderLine, PurchaseOrder)
           .join(PurchaseOrderLine).join(PurchaseOrder)
           .where(DropshipLine.order_line == line_id).first())
    if row is not None:
        raise BinwiseError(f"This line is dropshipped on {row.po_line.po.number}: cancel the "
                           f"order and enter it again to change it.")


def _open_po(supplier_id: int, today: date) -> PurchaseOrder:
    """The supplier's open dropship PO, created when there is none. Inside the caller's write
    transaction; the partial unique index keeps it to one per supplier."""
    query = PurchaseOrder.select().where(
        (PurchaseOrder.supplier == supplier_id) & PurchaseOrder.dropship
        & (PurchaseOrder.status == "open"))
    po = tx.locked(query).first()
    if po is None:
        po = PurchaseOrder.create(number=next_po_number("DS", today), supplier=supplier_id,
                                  dropship=True, expected=None)
    return po


def raise_lines(order_id: int, today: date | None = None) -> int:
    """Put the order's dropship lines not yet raised on their suppliers' dropship POs (inside
    the caller's write transaction). Returns how many lines were raised."""
    today = today or date.today()
    rows = database.execute_sql(_UNRAISED, (order_id,)).fetchall()
    for line_id, item_id, qty, supplier_id in rows:
        if supplier_id is None:
            sku = Item.get_by_id(item_id).sku
            raise BinwiseError(f"{sku} is dropshipped but has no supplier: set one with "
                               f"`binwise import replenishment`.")
        po = _open_po(supplier_id, today)
        po_line = PurchaseOrderLine.create(po=po.id, item=item_id, qty_ordered=qty,
                                           unit_cost=Item.get_by_id(item_id).unit_cost)
        DropshipLine.create(order_line=line_id, po_line=po_line.id)
    return len(rows)


def confirm(number: str, sku: str | None = None, tracking: str = "",
            now: datetime | None = None) -> list[str]:
    """The supplier shipped the PO's lines (only those of `sku` when given): record it, with
    the tracking number, and ship every order that has nothing else left. Returns the orders
    that became shipped."""
    tracking = tracking.strip()
    with database.atomic():
        po = tx.locked(PurchaseOrder.select().where(
            PurchaseOrder.number == number.strip())).first()
        if po is None:
            raise BinwiseError(f"No purchase order '{number}'.")
        if not po.dropship:
            raise BinwiseError(f"{po.number} is not a dropship PO: receive it at the Receive "
                               f"station.")
        query = (DropshipLine.select(DropshipLine, PurchaseOrderLine, Item)
                 .join(PurchaseOrderLine).join(Item)
                 .where((PurchaseOrderLine.po == po.id) & DropshipLine.confirmed_at.is_null()))
        if sku is not None:
            query = query.where(Item.sku == sku.strip())
        lines = list(query.order_by(DropshipLine.order_line))
        if not lines:
            what = f" of {sku}" if sku is not None else ""
            raise BinwiseError(f"{po.number} has no line{what} waiting for confirmation.")
        ids = [line.order_line_id for line in lines]
        changed = (DropshipLine.update(confirmed_at=now or utcnow(), tracking=tracking)
                   .where(DropshipLine.order_line.in_(ids) & DropshipLine.confirmed_at.is_null())
                   .execute())
        if changed != len(ids):
            raise tx.ConflictError(f"{po.number} was confirmed by another station meanwhile: "
                                   f"look again.")
        _refresh_po(po)
        order_ids = sorted({row.order_id for row in SalesOrderLine.select(
            SalesOrderLine.order).where(SalesOrderLine.id.in_(ids))})
        return [number for number in (_ship_if_done(o) for o in order_ids) if number]


def _refresh_po(po: PurchaseOrder) -> None:
    left = database.execute_sql(
        "SELECT COUNT(*) FROM dropship_line d JOIN purchase_order_line l ON l.id = d.po_line_id "
        "WHERE l.po_id = ? AND d.confirmed_at IS NULL", (po.id,)).fetchone()[0]
    # Once the supplier confirmed anything the PO was sent: new lines go on a new one.
    PurchaseOrder.update(status="partial" if left else "received").where(
        PurchaseOrder.id == po.id).execute()


def _ship_if_done(order_id: int) -> str | None:
    """Mark the order shipped when its last dropship line is confirmed and its stocked lines
    (if any) have left the warehouse; returns its number when it did."""
    order = tx.reread(SalesOrder, order_id)
    if order is None or order.status in ("shipped", "cancelled") or unconfirmed(order_id):
        return None
    if has_stocked_lines(order_id) and not stocked_part_shipped(order_id):
        return None
    SalesOrder.update(status="shipped").where(SalesOrder.id == order_id).execute()
    return order.number


def has_stocked_lines(order_id: int) -> bool:
    return database.execute_sql(
        "SELECT 1 FROM sales_order_line ol WHERE ol.order_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM dropship_line d WHERE d.order_line_id = ol.id)",
        (order_id,)).fetchone() is not None


def stocked_part_shipped(order_id: int) -> bool:
    """The order's stocked goods have been shipped (any ship move for it)."""
    return database.execute_sql(
        "SELECT 1 FROM move m WHERE m.doc_type = 'order' AND m.doc_id = ? AND m.kind = 'ship'",
        (order_id,)).fetchone() is not None
