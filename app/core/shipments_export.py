"""`binwise export shipments`: what the shop needs to mark orders fulfilled.

One entry per shipped box with a tracking number. The Shopify format is the bulk-fulfillment
import's: `Order Name`, `Tracking Number`, `Tracking Company` (Shopify's own carrier names, so
it builds the tracking link), `Notify Customer`, and a row per SKU in the box with its
`Quantity`, so a box shipped in part fulfils only what it holds. The plain format is one row a
box: order, shipment, box, tracking, carrier, shipped_at and its lines as `SKU x QTY`.
"""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.core.csv_output import write_csv
from app.db.models import database

FORMATS = ("shopify", "plain")
SHOPIFY_HEADER = ["Order Name", "Tracking Number", "Tracking Company", "Notify Customer", "SKU",
                  "Quantity"]
PLAIN_HEADER = ["order", "shipment", "box", "tracking", "carrier", "shipped_at", "lines"]
# Shopify's names for the carriers Binwise recognises; any other is "Other".
SHOPIFY_CARRIERS = {"UPS": "UPS", "USPS": "USPS", "FedEx": "FedEx", "DHL Express": "DHL Express"}

_BOXES = """
SELECT o.number, s.number, b.id, b.number, b.tracking, b.carrier, s.shipped_at
  FROM pack_box b JOIN shipment s ON s.id = b.shipment_id
  JOIN sales_order o ON o.id = s.order_id
 WHERE s.status = 'shipped' AND b.tracking <> '' AND s.shipped_at >= ?
 ORDER BY s.shipped_at, o.number, s.number, b.number
"""
_CONTENTS = """
SELECT u.box_id, i.sku, SUM(u.qty) FROM pack_unit u JOIN item i ON i.id = u.item_id
  JOIN pack_box b ON b.id = u.box_id JOIN shipment s ON s.id = b.shipment_id
 WHERE s.status = 'shipped' AND b.tracking <> '' AND s.shipped_at >= ?
 GROUP BY u.box_id, i.sku ORDER BY u.box_id, i.sku
"""


@dataclass(frozen=True)
class ShippedBox:
    order: str
    shipment: int
    box: int
    tracking: str
    carrier: str
    shipped_at: str  # ISO date and time, UTC
    lines: tuple[tuple[str, int], ...]  # (sku, qty)


def _iso(value) -> str:
    # SQLite gives the stored text, PostgreSQL a datetime.
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    return str(value)[:19]


def shipped_boxes(since: date | None = None) -> list[ShippedBox]:
    """Every shipped box with a tracking number, shipped on or after `since`, oldest first."""
    start = datetime.combine(since or date(1970, 1, 1), datetime.min.time()).isoformat(" ")
    contents: dict[int, list[tuple[str, int]]] = {}
    for box_id, sku, qty in database.execute_sql(_CONTENTS, (start,)):
        contents.setdefault(box_id, []).append((sku, int(qty)))
    return [ShippedBox(order, shipment, number, tracking, carrier, _iso(shipped_at),
                       tuple(contents.get(box_id, ())))
            for order, shipment, box_id, number, tracking, carrier, shipped_at
            in database.execute_sql(_BOXES, (start,))]


def export_shipments(path: str | Path, since: date | None = None,
                     fmt: str = "shopify") -> int:
    """Write the shipped boxes to `path`; returns how many boxes."""
    boxes = shipped_boxes(since)
    if fmt == "plain":
        write_csv(path, PLAIN_HEADER, (
            (b.order, b.shipment, b.box, b.tracking, b.carrier, b.shipped_at,
             "; ".join(f"{sku} x {qty}" for sku, qty in b.lines)) for b in boxes))
    else:
        write_csv(path, SHOPIFY_HEADER, (
            (b.order, b.tracking, SHOPIFY_CARRIERS.get(b.carrier, "Other"), "true", sku, qty)
            for b in boxes for sku, qty in b.lines))
    return len(boxes)
