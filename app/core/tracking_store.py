"""Tracking numbers on boxes: scanned from the carrier's label at Pack, or read from the label
file when it is printed.

A scanned tracking number goes on the box just finished: the latest box when it is closed or
the order is packed, else the latest closed box still without one. One tracking number names
one parcel, so a number already on another box is refused.
"""

from dataclasses import dataclass

from app.core.errors import BinwiseError
from app.core.packing import _order
from app.db.models import PackBox, database

_BOXES = """
SELECT b.id, b.number, b.closed, b.tracking, s.number FROM pack_box b
  JOIN shipment s ON s.id = b.shipment_id
 WHERE s.order_id = ? ORDER BY s.number DESC, b.number DESC
"""


@dataclass(frozen=True)
class _Box:
    id: int
    number: int
    closed: bool
    tracking: str
    shipment: int


def _boxes(order_id: int) -> list[_Box]:
    """The boxes of the order's latest shipment, newest first."""
    rows = [_Box(i, n, bool(c), t, s) for i, n, c, t, s in
            database.execute_sql(_BOXES, (order_id,)).fetchall()]
    return [b for b in rows if b.shipment == rows[0].shipment] if rows else []


def latest_box(order_id: int) -> int | None:
    """The number of the order's latest box (of its latest shipment), None before the first."""
    boxes = _boxes(order_id)
    return boxes[0].number if boxes else None


def fill_box_tracking(order_id: int, box: int, number: str, carrier: str) -> None:
    """Put a label file's tracking number on box `box` of the latest shipment, unless the box
    has one already (a scanned number wins over the file's)."""
    target = next((b for b in _boxes(order_id) if b.number == box), None)
    if target is not None and not target.tracking:
        PackBox.update(tracking=number[:60], carrier=carrier[:60]).where(
            (PackBox.id == target.id) & (PackBox.tracking == "")).execute()


@dataclass(frozen=True)
class Stored:
    box: int
    replaced: str  # the number the box had before, "" when none
    already: bool  # the box had this very number


def store_scanned(order_id: int, number: str, carrier: str) -> Stored:
    """Store a tracking number scanned at Pack on the box just finished."""
    with database.atomic():
        order = _order(order_id)
        boxes = _boxes(order_id)
        if not boxes:
            raise BinwiseError(f"No box of order {order.number} is packed yet: a tracking "
                               f"number goes on a box once it is closed.")
        latest = boxes[0]
        if latest.closed or order.status in ("packed", "shipped"):
            target = latest
        else:
            target = next((b for b in boxes if b.closed and not b.tracking), None)
            if target is None:
                raise BinwiseError(f"Box {latest.number} of order {order.number} is still "
                                   f"open: close it (Ctrl+B) or pack its last unit, then scan "
                                   f"its tracking number.")
        if target.tracking == number:
            return Stored(target.number, "", True)
        other = database.execute_sql(
            "SELECT o.number, b.number FROM pack_box b JOIN shipment s ON s.id = b.shipment_id "
            "JOIN sales_order o ON o.id = s.order_id WHERE b.tracking = ? AND b.id <> ?",
            (number, target.id)).fetchone()
        if other:
            raise BinwiseError(f"Tracking number {number} is already on box {other[1]} of "
                               f"order {other[0]}: scan the label of this box.")
        PackBox.update(tracking=number[:60], carrier=carrier[:60]).where(
            PackBox.id == target.id).execute()
    return Stored(target.number, target.tracking, False)
