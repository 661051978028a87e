"""Importing items, bins and purchase orders from CSV files (spreadsheet and shop exports).

Every import is all or nothing: the whole file is checked before anything is written, and the
first bad value stops it with an `ImportFileError` naming the row (as a spreadsheet numbers it,
header = row 1), the column and what was expected. Nothing is written when any row is bad. The
file is then written in short transactions, so stations keep scanning meanwhile; a late failure
takes back what was written (app/core/bulk.py).

How files are read and values checked: `app.core.csv_input`; items: `app.core.item_import`.

Upserts: a row whose key (sku, bin code) already exists updates that record. An empty optional
cell keeps the record's current value (a new record gets the default).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from peewee import fn

from app.core import users
from app.core.bulk import Progress, write_in_chunks
from app.core.catalog import find_item_by_sku
from app.core.csv_input import (
    Row,
    amount,
    batches,
    check_unique,
    code_value,
    iso_date,
    iter_rows,
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
)

BIN_COLUMNS = (("code",), ("zone", "sequence", "capacity", "blocked"))
_YES_NO = {"yes": True, "y": True, "1": True, "true": True,
           "no": False, "n": False, "0": False, "false": False}
PO_COLUMNS = (("po", "supplier", "sku", "qty"), ("unit_cost", "expected", "over_receipt_pct"))


# --- bins --------------------------------------------------------------------------------------


def _warehouse() -> Location:
    return Location.get((Location.code == "WH") & (Location.kind == "warehouse"))


BIN_BATCH = 200


@dataclass
class _BinJournal:
    """What a batch of bin rows wrote, to take it back: new zones and bins, old values."""

    zones: list[int] = field(default_factory=list)
    bins: list[int] = field(default_factory=list)
    updated: list[tuple[int, int | None, int, int | None, bool]] = field(default_factory=list)

    def undo(self) -> None:
        for location_id, parent, sequence, capacity, blocked in self.updated:
            Location.update(parent=parent, sequence=sequence, capacity=capacity,
                            blocked=blocked).where(Location.id == location_id).execute()
        for ids in (self.bins, self.zones):
            if ids:
                Location.delete().where(Location.id.in_(ids)).execute()


def _zone(row: Row, code: str, warehouse: Location, zones: dict[str, Location | None],
          journal: _BinJournal | None) -> Location | None:
    """The zone of that code, created when missing (only when writing, `journal` given)."""
    if zones.get(code) is not None or (journal is None and code in zones):
        return zones[code]
    zone = Location.get_or_none(Location.code == code)
    if zone is None and journal is not None:
        zone = Location.create(code=code, name=f"Zone {code}", kind="zone", parent=warehouse.id)
        journal.zones.append(zone.id)
    elif zone is not None and zone.kind != "zone":
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


def _bin_rows(rows: list[Row], seen: dict[str, int], zones: dict[str, Location | None],
              journal: _BinJournal | None) -> None:
    """Check a batch of bin rows; with a `journal`, also write them and note how to undo."""
    warehouse = _warehouse()
    for row in rows:
        code = code_value(row, "code", "bin", required_text(row, "code", "a bin code"))
        check_unique(row, "code", code, seen, "bin")
        zone_code = row.get("zone")
        zone = (_zone(row, code_value(row, "zone", "zone"), warehouse, zones, journal)
                if zone_code else None)
        sequence = whole(row, "sequence", 0)
        capacity = whole(row, "capacity", 1, MAX_QTY)
        blocked = _blocked(row)
        location = Location.get_or_none(Location.code == code)
        if location is not None and location.kind != "bin":
            raise row.fail("code", f"'{code}' is already the code of the {location.kind} "
                                   f"'{location.name or location.code}'; give the bin "
                                   f"another code")
        if journal is None:
            continue
        created = location is None
        if location is None:
            location = Location(code=code, name="", kind="bin",
                                parent=(zone or warehouse).id, sequence=sequence or 0)
        else:
            journal.updated.append((location.id, location.parent_id, location.sequence,
                                    location.capacity, location.blocked))
        if zone is not None:
            location.parent = zone.id
        if sequence is not None:
            location.sequence = sequence
        if capacity is not None:
            location.capacity = capacity
        if blocked is not None:
            location.blocked = blocked
        location.save()
        if created:
            journal.bins.append(location.id)


def import_bins(path: str | Path, user_id: int | None = None,
                progress: Progress | None = None) -> int:
    """Create or update bins from `code[,zone,sequence,capacity,blocked]`. Zones are created on
    demand under the warehouse. A file that blocks or unblocks bins needs a supervisor. Returns
    the number of bins imported.

    The whole file is checked first, then written in short transactions that are all taken
    back if a late one fails (app/core/bulk.py)."""
    checked: dict[str, Location | None] = {}
    seen: dict[str, int] = {}
    blocking = False
    for rows in batches(iter_rows(path, BIN_COLUMNS, "Bin"), BIN_BATCH):
        _bin_rows(rows, seen, checked, None)
        blocking = blocking or any(row.get("blocked").strip() for row in rows)
    if blocking:
        users.require_role(user_id, "supervisor", "Blocking or unblocking bins")
    seen, zones = {}, {}

    def write(rows: list[Row]) -> Callable[[], None]:
        journal = _BinJournal()
        _bin_rows(rows, seen, zones, journal)
        return journal.undo

    return write_in_chunks(batches(iter_rows(path, BIN_COLUMNS, "Bin"), BIN_BATCH), write,
                           progress=progress)


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


PO_BATCH = 20


def _write_po(draft: _PoDraft) -> Callable[[], None]:
    """Create or replace one PO (re-checked: it may have been received against since); returns
    how to take it back."""
    _check_replaceable(draft.row, draft.number)
    po = PurchaseOrder.get_or_none(PurchaseOrder.number == draft.number)
    old_lines: list[dict] = []
    old_header = None
    if po is not None:
        old_header = (po.supplier_id, po.expected, po.over_receipt_pct)
        old_lines = list(PurchaseOrderLine.select().where(PurchaseOrderLine.po == po.id).dicts())
        PurchaseOrderLine.delete().where(PurchaseOrderLine.po == po.id).execute()
    else:
        po = PurchaseOrder(number=draft.number, status="open")
    new_supplier = Supplier.get_or_none(fn.LOWER(Supplier.name) == draft.supplier.lower()) is None
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
    po_id, supplier_id = po.id, po.supplier_id

    def undo() -> None:
        PurchaseOrderLine.delete().where(PurchaseOrderLine.po == po_id).execute()
        if old_header is None:
            PurchaseOrder.delete().where(PurchaseOrder.id == po_id).execute()
        else:
            supplier, expected, over = old_header
            PurchaseOrder.update(supplier=supplier, expected=expected,
                                 over_receipt_pct=over).where(
                PurchaseOrder.id == po_id).execute()
            if old_lines:
                PurchaseOrderLine.insert_many(old_lines).execute()
        if new_supplier:
            Supplier.delete().where((Supplier.id == supplier_id) & ~fn.EXISTS(
                PurchaseOrder.select().where(PurchaseOrder.supplier == supplier_id))).execute()

    return undo


def import_pos(path: str | Path, progress: Progress | None = None) -> int:
    """Create purchase orders from `po,supplier,sku,qty[,unit_cost,expected,over_receipt_pct]`,
    one row per line. A PO that exists without receipts gets its lines replaced; one already
    received against is refused. Returns the number of POs imported.

    The whole file is checked before the write lock is taken; the POs are then written a few
    at a time, all taken back if a late one fails (app/core/bulk.py)."""
    drafts = _po_drafts(read_rows(path, PO_COLUMNS, "PO"))

    def write(batch: list[_PoDraft]) -> Callable[[], None]:
        undos = [_write_po(draft) for draft in batch]

        def undo() -> None:
            for each in reversed(undos):
                each()

        return undo

    write_in_chunks(batches(drafts, PO_BATCH), write, progress=progress)
    return len(drafts)


IMPORTERS: dict[str, Callable[[str | Path], int]] = {
    "items": import_items,
    "bins": import_bins,
    "pos": import_pos,
}
