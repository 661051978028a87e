"""What the demo barcode sheet shows, read from the open database: the open POs and their
lines, bins to put the first PO away into, and the first allocated orders with their picks.

app.labels.demo_sheet draws it; it reads nothing itself.
"""

from datetime import date, datetime
from pathlib import Path

from app.core.putaway import suggest_bin
from app.db.models import Item, database
from app.labels.demo_data import OpenPoRow, OrderPicks, PickRow, PoLineRow, SheetData

BIN_LABELS = 6
PICK_ORDERS = 2



def _barcodes(item_ids: set[int]) -> dict[int, tuple[str | None, str | None]]:
    """Per item: its first GTIN-14 (14 digits) and its first barcode of any kind."""
    found: dict[int, list] = {i: [None, None] for i in item_ids}
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    for item_id, code in database.execute_sql(
            f"SELECT item_id, code FROM item_barcode WHERE item_id IN ({marks}) ORDER BY id",
            tuple(sorted(item_ids))).fetchall():
        first = found[item_id]
        if first[0] is None and len(code) == 14 and code.isdigit():
            first[0] = code
        if first[1] is None:
            first[1] = code
    return {item_id: (gtin, other) for item_id, (gtin, other) in found.items()}


def _as_date(value) -> date:
    """A date from what the database returns for a date or timestamp column."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def open_pos() -> list[OpenPoRow]:
    pos = []
    rows = database.execute_sql(
        "SELECT p.id, p.number, s.name, p.created_at FROM purchase_order p "
        "JOIN supplier s ON s.id = p.supplier_id WHERE p.status IN ('open', 'partial') "
        "ORDER BY p.number").fetchall()
    for po_id, number, supplier, created in rows:
        lines = database.execute_sql(
            "SELECT i.id, i.sku, i.name, i.tracking, l.qty_ordered "
            "FROM purchase_order_line l JOIN item i ON i.id = l.item_id "
            "WHERE l.po_id = ? ORDER BY l.id", (po_id,)).fetchall()
        codes = _barcodes({line[0] for line in lines})
        pos.append(OpenPoRow(number, supplier, _as_date(created),
                             [PoLineRow(*line[1:], *codes[line[0]]) for line in lines]))
    return pos


def putaway_bins(lines: list[PoLineRow], limit: int = BIN_LABELS) -> list[tuple[str, str]]:
    """Bins for putting these lines away: the bin putaway suggests for each item, then empty
    bins in walking order."""
    chosen: dict[str, str] = {}
    for line in lines:
        item = Item.get_or_none(Item.sku == line.sku)
        suggestion = suggest_bin(item, None, line.ordered) if item else None
        if suggestion is not None and suggestion.code not in chosen:
            chosen[suggestion.code] = f"for {line.sku}"
    for (code,) in database.execute_sql(
            "SELECT code FROM location loc WHERE kind = 'bin' AND NOT blocked "
            "AND NOT EXISTS (SELECT 1 FROM quant q WHERE q.location_id = loc.id) "
            "ORDER BY sequence, code LIMIT ?", (limit,)).fetchall():
        if len(chosen) >= limit:
            break
        chosen.setdefault(code, "empty")
    return list(chosen.items())


def allocated_orders(limit: int = PICK_ORDERS) -> list[OrderPicks]:
    """The first allocated orders, each with its picks in walking order."""
    found = []
    for order_id, number in database.execute_sql(
            "SELECT id, number FROM sales_order WHERE status = 'allocated' "
            "ORDER BY ship_by, number LIMIT ?", (limit,)).fetchall():
        rows = database.execute_sql(
            "SELECT loc.code, i.id, i.sku, l.code, l.expiry, r.qty "
            "FROM reservation r JOIN sales_order_line ol ON ol.id = r.line_id "
            "JOIN item i ON i.id = r.item_id JOIN location loc ON loc.id = r.location_id "
            "LEFT JOIN lot l ON l.id = r.lot_id WHERE ol.order_id = ? "
            "ORDER BY loc.sequence, loc.code", (order_id,)).fetchall()
        codes = _barcodes({row[1] for row in rows})
        found.append(OrderPicks(number, [
            PickRow(bin_, sku, *codes[item_id], lot, _as_date(expiry) if expiry else None, qty)
            for bin_, item_id, sku, lot, expiry, qty in rows]))
    return found


def badges() -> list[tuple[str, str, str, str | None]]:
    """Everyone active with a badge, with the PIN of the demo's people (printed to try them)."""
    from app.core.demo import DEMO_USERS

    pins = {name: pin for name, _role, pin, _badge in DEMO_USERS}
    rows = database.execute_sql(
        'SELECT name, role, badge FROM "user" WHERE badge IS NOT NULL AND active '
        "ORDER BY name").fetchall()
    return [(name, role, badge, pins.get(name)) for name, role, badge in rows]


def sheet_data() -> SheetData:
    """Everything the demo sheet shows, read in one snapshot."""
    from app.core import tx

    with tx.snapshot():
        pos = open_pos()
        bins = putaway_bins(pos[0].lines) if pos else putaway_bins([])
        orders = allocated_orders()
        people = badges()
    source = Path(str(database.obj.database)).name if database.obj else ""
    return SheetData(source, pos, bins, orders, people)
