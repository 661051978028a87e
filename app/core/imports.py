"""Importing items, bins and purchase orders from CSV files (spreadsheet and shop exports).

Every import is all or nothing: the whole file is applied in one transaction, and the first bad
value stops it with an `ImportFileError` naming the row (as a spreadsheet numbers it, header =
row 1), the column and what was expected. Nothing is written when any row is bad.

How files are read and values checked: `app.core.csv_input`.

Upserts: a row whose key (sku, bin code) already exists updates that record. An empty optional
cell keeps the record's current value (a new record gets the default).
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from peewee import fn

from app.core import users
from app.core.catalog import find_item_by_sku
from app.core.csv_input import (
    Row,
    amount,
    check_unique,
    code_value,
    iso_date,
    read_rows,
    required_text,
    whole,
)
from app.core.item_import import import_items
from app.core.quantities import MAX_OVER_RECEIPT_PCT, MAX_QTY
from app.db.models import (
    Item,
    Location,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    Supplier,
    database,
)

BIN_COLUMNS = (("code",), ("zone", "sequence", "capacity", "blocked"))
_YES_NO = {"yes": True, "y": True, "1": True, "true": True,
           "no": False, "n": False, "0": False, "false": False}
PO_COLUMNS = (("po", "supplier", "sku", "qty"), ("unit_cost", "expected", "over_receipt_pct"))


# --- bins --------------------------------------------------------------------------------------


def _warehouse() -> Location:
    return Location.get((Location.code == "WH") & (Location.kind == "warehouse"))


def _zone(row: Row, code: str, warehouse: Location, zones: dict[str, Location]) -> Location:
    zone = zones.get(code)
    if zone is not None:
        return zone
    zone = Location.get_or_none(Location.code == code)
    if zone is None:
        zone = Location.create(code=code, name=f"Zone {code}", kind="zone", parent=warehouse.id)
    elif zone.kind != "zone":
        raise row.fail("zone", f"'{code}' is already the code of the {zone.kind} "
                               f"'{zone.name or zone.code}', not a zone; choose another zone code")
    zones[code] = zone
    return zone


def _blocked(row: Row) -> bool | None:
    text = row.get("blocked").strip().lower()
    if not text:
        return None
    if text not in _YES_NO:
        raise row.fail("blocked", f"'{text}' is not yes, no, 1, 0, true or false")
    return _YES_NO[text]


def import_bins(path: str | Path, user_id: int | None = None) -> int:
    """Create or update bins from `code[,zone,sequence,capacity,blocked]`. Zones are created on
    demand under the warehouse. A file that blocks or unblocks bins needs a supervisor.
    Returns the number of bins imported."""
    rows = read_rows(path, BIN_COLUMNS, "Bin")
    if any(row.get("blocked").strip() for row in rows):
        users.require_role(user_id, "supervisor", "Blocking or unblocking bins")
    seen: dict[str, int] = {}
    zones: dict[str, Location] = {}
    with database.atomic():
        warehouse = _warehouse()
        for row in rows:
            code = code_value(row, "code", "bin", required_text(row, "code", "a bin code"))
            check_unique(row, "code", code, seen, "bin")
            zone_code = row.get("zone")
            zone = (_zone(row, code_value(row, "zone", "zone"), warehouse, zones)
                    if zone_code else None)
            sequence = whole(row, "sequence", 0)
            capacity = whole(row, "capacity", 1, MAX_QTY)
            location = Location.get_or_none(Location.code == code)
            if location is None:
                location = Location(code=code, name="", kind="bin",
                                    parent=(zone or warehouse).id, sequence=sequence or 0)
            elif location.kind != "bin":
                raise row.fail("code", f"'{code}' is already the code of the {location.kind} "
                                       f"'{location.name or location.code}'; give the bin "
                                       f"another code")
            if zone is not None:
                location.parent = zone.id
            if sequence is not None:
                location.sequence = sequence
            if capacity is not None:
                location.capacity = capacity
            blocked = _blocked(row)
            if blocked is not None:
                location.blocked = blocked
            location.save()
    return len(rows)


# --- purchase orders ---------------------------------------------------------------------------


@dataclass
class _PoDraft:
    number: str
    row: Row
    supplier: str
    # Per-PO values (expected, over_receipt_pct): the value and the row that gave it.
    header: dict[str, tuple[object, Row]]
    lines: list[tuple[Item, int, Decimal | None]]
    skus: dict[int, int]

    def value(self, column: str):
        return self.header[column][0] if column in self.header else None


def _po_value(draft: "_PoDraft", row: Row, column: str, value) -> None:
    """A PO has one supplier, expected date and tolerance: every row that gives one agrees."""
    if value is None:
        return
    if column not in draft.header:
        draft.header[column] = (value, row)
        return
    first, first_row = draft.header[column]
    if value != first:
        raise row.fail(column, f"'{row.get(column)}' differs from '{first_row.get(column)}' in "
                               f"row {first_row.number} for the same PO {draft.number}; a PO "
                               f"has one {column}")


def _check_replaceable(row: Row, number: str) -> None:
    po = PurchaseOrder.get_or_none(PurchaseOrder.number == number)
    if po is not None and Receipt.select().where(Receipt.po == po.id).exists():
        raise row.fail("po", f"'{number}' already exists and has been received against "
                             f"({po.status}), so it cannot be replaced; use a new PO number")


def _po_drafts(rows: list[Row]) -> list[_PoDraft]:
    drafts: dict[str, _PoDraft] = {}
    for row in rows:
        number = required_text(row, "po", "a PO number")
        if len(number) > 64:
            raise row.fail("po", f"'{number}' is longer than 64 characters")
        supplier = required_text(row, "supplier", "a supplier")
        sku = required_text(row, "sku", "a sku")
        qty = whole(row, "qty", 1, MAX_QTY)
        if qty is None:
            raise row.fail("qty", "is empty; every row needs a quantity (a whole number above 0)")
        unit_cost = amount(row, "unit_cost")
        expected = iso_date(row, "expected")
        over = whole(row, "over_receipt_pct", 0, MAX_OVER_RECEIPT_PCT)
        item = find_item_by_sku(sku)
        if item is None:
            raise row.fail("sku", f"no item has the sku '{sku}'; import it with "
                                  f"'binwise import items' first")
        draft = drafts.get(number.lower())
        if draft is None:
            _check_replaceable(row, number)
            draft = drafts[number.lower()] = _PoDraft(number, row, supplier, {}, [], {})
        _po_value(draft, row, "supplier", supplier.lower())
        _po_value(draft, row, "expected", expected)
        _po_value(draft, row, "over_receipt_pct", over)
        if item.id in draft.skus:
            raise row.fail("sku", f"'{sku}' is already on {draft.number} in row "
                                  f"{draft.skus[item.id]}; put its whole quantity on one row")
        draft.skus[item.id] = row.number
        draft.lines.append((item, qty, unit_cost))
    return list(drafts.values())


def _supplier(name: str) -> Supplier:
    supplier = Supplier.get_or_none(fn.LOWER(Supplier.name) == name.lower())
    return supplier or Supplier.create(name=name)


def import_pos(path: str | Path) -> int:
    """Create purchase orders from `po,supplier,sku,qty[,unit_cost,expected,over_receipt_pct]`,
    one row per line. A PO that exists without receipts gets its lines replaced; one already
    received against is refused. Returns the number of POs imported."""
    rows = read_rows(path, PO_COLUMNS, "PO")
    count = 0
    with database.atomic():
        drafts = _po_drafts(rows)
        for draft in drafts:
            po = PurchaseOrder.get_or_none(PurchaseOrder.number == draft.number)
            if po is not None:
                PurchaseOrderLine.delete().where(PurchaseOrderLine.po == po.id).execute()
            else:
                po = PurchaseOrder(number=draft.number, status="open")
            po.supplier = _supplier(draft.supplier).id
            if draft.value("expected") is not None:
                po.expected = draft.value("expected")
            if draft.value("over_receipt_pct") is not None:
                po.over_receipt_pct = draft.value("over_receipt_pct")
            po.save()
            PurchaseOrderLine.insert_many([
                {"po": po.id, "item": item.id, "qty_ordered": qty, "unit_cost": cost}
                for item, qty, cost in draft.lines
            ]).execute()
            count += 1
    return count


IMPORTERS: dict[str, Callable[[str | Path], int]] = {
    "items": import_items,
    "bins": import_bins,
    "pos": import_pos,
}
