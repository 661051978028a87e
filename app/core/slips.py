"""The packing slip's data for one shipment of an order: the seller, where it goes, what is in
its boxes (with lots where tracked) and prices as the shop sent them, the order's note and gift
message. Read in one snapshot; app/labels/packing_slip.py draws it.

An order with a gift message always gets the gift version (no prices); so does every order when
the station's settings ask for it.
"""

from datetime import date, datetime
from decimal import Decimal

from app.core import seller as sellers
from app.core import tx
from app.core.errors import BinwiseError
from app.db.models import database
from app.labels.slip_data import FollowLine, Slip, SlipLine

_ORDER = ("SELECT id, number, created_at, ship_to_name, ship_to_address, currency, note, "
          "gift_message FROM sales_order WHERE id = ?")

# What the shipment's boxes hold, per order line and lot.
_PACKED = """
SELECT ol.id, i.sku, i.name, l.code, l.expiry, SUM(u.qty), ol.unit_price
  FROM pack_unit u JOIN pack_box b ON b.id = u.box_id
  JOIN sales_order_line ol ON ol.id = u.line_id JOIN item i ON i.id = ol.item_id
  LEFT JOIN lot l ON l.id = u.lot_id
 WHERE b.shipment_id = ?
 GROUP BY ol.id, i.sku, i.name, l.code, l.expiry, ol.unit_price
 ORDER BY i.sku, ol.id, l.code
"""

# Per order line: ordered, and packed into any other shipment of the order.
_ELSEWHERE = """
SELECT ol.id, i.sku, i.name, ol.qty_ordered,
       COALESCE((SELECT SUM(u.qty) FROM pack_unit u JOIN pack_box b ON b.id = u.box_id
                  WHERE u.line_id = ol.id AND b.shipment_id <> ?), 0)
  FROM sales_order_line ol JOIN item i ON i.id = ol.item_id
 WHERE ol.order_id = ?
 ORDER BY i.sku, ol.id
"""


def _day(value) -> date | None:
    # SQLite hands back text, PostgreSQL a date or datetime.
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _money(value) -> Decimal | None:
    # SQLite keeps a DECIMAL column as a float, PostgreSQL hands back a Decimal.
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def order_id_for(number: str) -> int:
    row = database.execute_sql("SELECT id FROM sales_order WHERE number = ?",
                               (number.strip(),)).fetchone()
    if row is None:
        raise BinwiseError(f"No order {number.strip()}.")
    return row[0]


def _shipment(order_id: int, number: str, wanted: int | None) -> tuple[int, int, int]:
    """(id, number, count of the order's shipments): the one asked for, else the latest."""
    rows = database.execute_sql("SELECT id, number FROM shipment WHERE order_id = ? "
                                "ORDER BY number", (order_id,)).fetchall()
    if not rows:
        raise BinwiseError(f"Nothing of order {number} is packed yet: a slip lists what is "
                           f"in the boxes.")
    if wanted is None:
        return (*rows[-1], len(rows))
    found = next((r for r in rows if r[1] == wanted), None)
    if found is None:
        raise BinwiseError(f"Order {number} has no shipment {wanted} (it has "
                           f"{len(rows)}).")
    return (*found, len(rows))


def _lot_text(code: str, expiry, qty: int, several: bool) -> str:
    day = _day(expiry)
    text = f"Lot {code}" + (f" exp {day.isoformat()}" if day else "")
    return f"{text} × {qty}" if several else text


def slip(order_id: int, shipment: int | None = None, gift: bool = False) -> Slip:
    """The slip of one shipment (the latest when not named). `gift` leaves out every price,
    as an order with a gift message always does."""
    with tx.snapshot():
        row = database.execute_sql(_ORDER, (order_id,)).fetchone()
        if row is None:
            raise BinwiseError("That order is gone.")
        _, number, created, name, address, currency, note, gift_message = row
        shipment_id, shipment_number, count = _shipment(order_id, number, shipment)
        packed = database.execute_sql(_PACKED, (shipment_id,)).fetchall()
        elsewhere = database.execute_sql(_ELSEWHERE, (shipment_id, order_id)).fetchall()
        boxes = database.execute_sql("SELECT COUNT(*) FROM pack_box b WHERE b.shipment_id = ? "
                                     "AND EXISTS (SELECT 1 FROM pack_unit u WHERE "
                                     "u.box_id = b.id)", (shipment_id,)).fetchone()[0]
        seller = sellers.load()
    lines: list[SlipLine] = []
    here: dict[int, int] = {}
    by_line: dict[int, list] = {}
    for line_id, *rest in packed:
        by_line.setdefault(line_id, []).append(rest)
    for line_id, rows in by_line.items():
        sku, item_name, _, _, _, price = rows[0]
        qty = sum(r[4] for r in rows)
        here[line_id] = qty
        lots = tuple(_lot_text(r[2], r[3], r[4], len(rows) > 1) for r in rows if r[2])
        lines.append(SlipLine(sku, item_name, qty, lots, _money(price)))
    follow = tuple(FollowLine(sku, item_name, left) for line_id, sku, item_name, ordered, other
                   in elsewhere if (left := ordered - other - here.get(line_id, 0)) > 0)
    # A part still to come is one more parcel, at least.
    shipments = max(count, shipment_number + (1 if follow else 0))
    return Slip(number, _day(created), shipment_number, shipments, boxes, seller.name,
                seller.address, seller.logo, name,
                tuple(x for x in address.split("\n") if x.strip()), currency, tuple(lines),
                follow, note, gift_message, gift or bool(gift_message.strip()))
