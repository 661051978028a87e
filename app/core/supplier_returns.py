"""Return to supplier: quarantined stock (damaged customer returns) sent back to a supplier,
under a document number, with a printout listing what went back (app/labels).

Each line moves quarantine -> the supplier location as a `return` move of doc
"supplier_return". The stock is re-read inside the write transaction, so two desks sending the
same units end in one shipment and one refusal.
"""

from dataclasses import dataclass
from datetime import date, datetime

from app.core import ledger
from app.core.catalog import find_item_by_sku
from app.core.errors import BinwiseError
from app.core.locations import SUPPLIER, system_location
from app.core.replenishment.po_document import load_seller
from app.core.returns import quarantine_id
from app.db.models import Supplier, SupplierReturn, database, utcnow


@dataclass(frozen=True)
class Quarantined:
    sku: str
    name: str
    lot: str | None
    expiry: date | None
    qty: int
    # Where the item comes from: its supplier set by hand, else its latest PO's (None: never
    # bought here).
    supplier: str | None = None


@dataclass(frozen=True)
class SentLine:
    sku: str
    name: str
    lot: str | None
    qty: int


@dataclass(frozen=True)
class SupplierReturnDoc:
    seller: str
    number: str
    supplier: str
    created: date
    user: str
    lines: tuple[SentLine, ...]

    @property
    def units(self) -> int:
        return sum(line.qty for line in self.lines)


def _day(value) -> date | None:
    """A raw date or time as a date: str on SQLite, date or datetime on PostgreSQL."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def supplier_names() -> list[str]:
    return [row[0] for row in database.execute_sql("SELECT name FROM supplier ORDER BY name")]


def quarantined() -> list[Quarantined]:
    """What waits in quarantine, per item and lot."""
    location = quarantine_id()
    if location is None:
        return []
    return [Quarantined(sku, name, lot, _day(expiry), qty, supplier)
            for sku, name, lot, expiry, qty, supplier
            in database.execute_sql(_QUARANTINED, (location,)).fetchall()]


_QUARANTINED = """
SELECT i.sku, i.name, l.code, l.expiry, q.qty,
       COALESCE((SELECT s.name FROM item_replenishment r JOIN supplier s ON s.id = r.supplier_id
                  WHERE r.item_id = i.id),
                (SELECT s.name FROM purchase_order_line pl
                   JOIN purchase_order po ON po.id = pl.po_id
                   JOIN supplier s ON s.id = po.supplier_id
                  WHERE pl.item_id = i.id ORDER BY po.created_at DESC, po.id DESC LIMIT 1))
  FROM quant q JOIN item i ON i.id = q.item_id LEFT JOIN lot l ON l.id = q.lot_id
 WHERE q.location_id = ? AND q.qty > 0
 ORDER BY i.sku, l.code
"""


def _takes(item_id: int, sku: str, lot: str | None, qty: int) -> list[tuple[int | None, int]]:
    """(lot id, qty) to send of an item: the lot asked for, or the oldest quarantined first."""
    rows = database.execute_sql(
        "SELECT q.lot_id, l.code, q.qty - q.reserved FROM quant q "
        "LEFT JOIN lot l ON l.id = q.lot_id WHERE q.location_id = ? AND q.item_id = ? "
        "ORDER BY q.in_date, q.id", (quarantine_id() or 0, item_id)).fetchall()
    if lot is not None:
        rows = [r for r in rows if r[1] == lot]
    held = sum(r[2] for r in rows)
    if held < qty:
        what = f"{sku} lot {lot}" if lot else sku
        raise BinwiseError(f"Only {held} × {what} in quarantine, not {qty}: check the "
                           f"quantity (binwise return-to-supplier --list shows what is there).")
    takes = []
    for lot_id, _, free in rows:
        take = min(free, qty)
        if take > 0:
            takes.append((lot_id, take))
            qty -= take
    return takes


def return_to_supplier(supplier_name: str, lines: list[tuple[str, str | None, int]],
                       user_id: int) -> SupplierReturnDoc:
    """Send (sku, lot or None, qty) lines from quarantine back to a supplier, all or nothing.
    Returns the document to print."""
    if not lines:
        raise BinwiseError("Name at least one item to send back.")
    with database.atomic():
        supplier = Supplier.get_or_none(Supplier.name == supplier_name.strip())
        if supplier is None:
            raise BinwiseError(f"No supplier named '{supplier_name.strip()}': check the name "
                               f"as it is on its purchase orders.")
        requests = []
        for sku, lot, qty in lines:
            item = find_item_by_sku(sku)
            if item is None:
                raise BinwiseError(f"No item '{sku}'.")
            if qty <= 0:
                raise BinwiseError(f"Send at least 1 × {sku}, not {qty}.")
            requests += [(item.id, lot_id, take) for lot_id, take
                         in _takes(item.id, item.sku, lot, qty)]
        doc_id = SupplierReturn.insert(number=f"RTS-NEW-{user_id}-{utcnow().timestamp()}",
                                       supplier=supplier.id, user=user_id).execute()
        number = f"RTS-{doc_id:05d}"
        SupplierReturn.update(number=number).where(SupplierReturn.id == doc_id).execute()
        dst = system_location(SUPPLIER).id
        ledger.post([ledger.MoveRequest(item_id, lot_id, quarantine_id(), dst, qty, "return",
                                        doc_type="supplier_return", doc_id=doc_id,
                                        note=f"to {supplier.name}")
                     for item_id, lot_id, qty in requests], user_id)
    return document(number)


def document(number: str) -> SupplierReturnDoc:
    """A supplier return as printed: what went back, to whom, when."""
    row = database.execute_sql(
        "SELECT r.id, r.number, s.name, r.created_at, u.name FROM supplier_return r "
        "JOIN supplier s ON s.id = r.supplier_id JOIN \"user\" u ON u.id = r.user_id "
        "WHERE r.number = ?", (number.strip(),)).fetchone()
    if row is None:
        raise BinwiseError(f"No supplier return '{number.strip()}'.")
    doc_id, number, supplier, created, user = row
    lines = tuple(SentLine(*r) for r in database.execute_sql(
        "SELECT i.sku, i.name, l.code, SUM(m.qty) FROM move m JOIN item i ON i.id = m.item_id "
        "LEFT JOIN lot l ON l.id = m.lot_id WHERE m.doc_type = 'supplier_return' "
        "AND m.doc_id = ? AND m.reverses_id IS NULL GROUP BY i.sku, i.name, l.code "
        "ORDER BY i.sku, l.code", (doc_id,)).fetchall())
    return SupplierReturnDoc(load_seller().name, number, supplier, _day(created), user, lines)
