"""Importing items, bins and purchase orders from CSV files (spreadsheet and shop exports).

Every import is all or nothing: the whole file is applied in one transaction, and the first bad
value stops it with an `ImportFileError` naming the row (as a spreadsheet numbers it, header =
row 1), the column and what was expected. Nothing is written when any row is bad.

Files are UTF-8 (a byte order mark is fine) with a header row; the delimiter is a comma or a
semicolon, whichever the header uses. Column names ignore case and surrounding spaces.

Upserts: a row whose key (sku, bin code) already exists updates that record. An empty optional
cell keeps the record's current value (a new record gets the default).
"""

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from peewee import fn

from app.core.catalog import barcode_key, find_item_by_sku, gtin_check_digit, normalize_gtin
from app.core.errors import BinwiseError, ImportFileError
from app.db.models import (
    REMOVAL,
    TRACKING,
    Item,
    ItemBarcode,
    Location,
    PurchaseOrder,
    PurchaseOrderLine,
    Quant,
    Receipt,
    Supplier,
    database,
)

ITEM_COLUMNS = (("sku", "name"),
                ("barcode", "tracking", "unit_cost", "uom", "removal", "min_shelf_life_days"))
BIN_COLUMNS = (("code",), ("zone", "sequence", "capacity"))
PO_COLUMNS = (("po", "supplier", "sku", "qty"), ("unit_cost", "expected", "over_receipt_pct"))

# Bin and zone codes are printed on labels and typed on keyboards; keep them plain.
CODE_CHARS = re.compile(r"[A-Za-z0-9\-_./]+")
MAX_CODE = 32
MAX_TEXT = 200
_WHOLE = re.compile(r"[+]?\d+(\.0+)?")
_AMOUNT = re.compile(r"\d+([.,]\d+)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Values above this do not fit the DecimalField (12 digits, 4 decimals).
MAX_AMOUNT = Decimal("99999999")


# --- reading the file --------------------------------------------------------------------------


@dataclass
class Row:
    """One data row: its number as a spreadsheet shows it, and its cells by column name."""

    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def fail(self, column: str, problem: str) -> ImportFileError:
        return ImportFileError(self.number, column, problem)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise BinwiseError(f"File not found: {path}") from error
    except OSError as error:
        raise BinwiseError(f"Cannot read {path}: {error.strerror or error}") from error
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BinwiseError(f"{path.name} is saved as UTF-16 text. Save it as 'CSV UTF-8' "
                           f"(comma or semicolon separated) and import it again.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise BinwiseError(
            f"{path.name} is not UTF-8 text (unreadable byte on line {line}). Save it as "
            f"'CSV UTF-8' from your spreadsheet and import it again.") from error
    if not text.strip():
        raise BinwiseError(f"{path.name} is empty: it needs a header row and at least one row.")
    return text


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _normalise_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def read_rows(path: str | Path, columns: tuple[tuple[str, ...], tuple[str, ...]],
              what: str) -> list[Row]:
    """Parse a CSV file into rows keyed by (normalised) column names; check the header."""
    path = Path(path)
    text = _read_text(path)
    lines = text.splitlines(keepends=True)
    delimiter = _delimiter(next(line for line in lines if line.strip()))
    # Excel writes a "sep=;" line first and hides it: the header is still row 1 there.
    if lines and re.fullmatch(r"sep=.", lines[0].strip()):
        delimiter, lines = lines[0].strip()[-1], lines[1:]
    records = csv.reader(lines, delimiter=delimiter)
    required, optional = columns
    header: list[str] | None = None
    header_number = 0
    rows = []
    try:
        for number, record in enumerate(records, start=1):
            if header is None:
                if not any(cell.strip() for cell in record):
                    continue
                header, header_number = [_normalise_header(c) for c in record], number
                _check_header(path, header, required, optional, what)
                continue
            if not any(cell.strip() for cell in record):
                continue
            cells = {}
            for index, cell in enumerate(record):
                # A line break typed inside a spreadsheet cell is a space in a name.
                cell = re.sub(r"[\r\n\t]+", " ", cell).strip()
                if index < len(header):
                    if header[index]:
                        cells[header[index]] = cell
                elif cell:
                    raise ImportFileError(
                        number, _column_letter(index),
                        f"'{cell}' is beyond the header's {len(header)} columns "
                        f"(a stray delimiter or an unquoted comma?)")
            rows.append(Row(number, cells))
    except csv.Error as error:
        raise BinwiseError(f"{path.name}: row {number} cannot be read as CSV: {error}") from error
    if header is None:
        raise BinwiseError(f"{path.name} has no header row; {what.lower()} files start with "
                           f"the column names: {', '.join(required)}.")
    if not rows:
        raise BinwiseError(f"{path.name} has a header (row {header_number}) but no rows below it.")
    return rows


def _check_header(path: Path, header: list[str], required: tuple[str, ...],
                  optional: tuple[str, ...], what: str) -> None:
    known = set(required) | set(optional)
    expected = (f"{what} files need the columns {', '.join(required)}"
                + (f" and may have {', '.join(optional)}" if optional else ""))
    seen = set()
    for name in header:
        if name and name in seen:
            raise BinwiseError(f"{path.name}: the column '{name}' appears twice in the header.")
        seen.add(name)
    missing = [c for c in required if c not in seen]
    if missing:
        names = ", ".join(f"'{c}'" for c in missing)
        raise BinwiseError(f"{path.name}: missing column{'s' if len(missing) > 1 else ''} "
                           f"{names}. {expected}.")
    # An unknown column is most often a misspelt optional one; importing without it would
    # silently drop that data.
    unknown = [c for c in header if c and c not in known]
    if unknown:
        names = ", ".join(f"'{c}'" for c in unknown)
        raise BinwiseError(f"{path.name}: unknown column{'s' if len(unknown) > 1 else ''} "
                           f"{names}. {expected}.")


# --- values ------------------------------------------------------------------------------------


def _required(row: Row, column: str, what: str) -> str:
    value = row.get(column)
    if not value:
        raise row.fail(column, f"is empty; every row needs {what}")
    if len(value) > MAX_TEXT:
        raise row.fail(column, f"is {len(value)} characters long; at most {MAX_TEXT} fit")
    if any(ord(c) < 32 for c in value):
        raise row.fail(column, f"{value!r} contains control characters")
    return value


def _whole(row: Row, column: str, minimum: int) -> int | None:
    value = row.get(column)
    if not value:
        return None
    if not _WHOLE.fullmatch(value) or int(value.split(".")[0]) < minimum:
        above = "above 0" if minimum == 1 else f"of {minimum} or more"
        raise row.fail(column, f"'{value}' is not a whole number {above}")
    number = int(value.split(".")[0])
    if number > 2**31 - 1:
        raise row.fail(column, f"'{value}' is too large")
    return number


def _amount(row: Row, column: str) -> Decimal | None:
    value = row.get(column)
    if not value:
        return None
    if not _AMOUNT.fullmatch(value):
        raise row.fail(column, f"'{value}' is not an amount like 12.50 (digits, one decimal "
                               f"point, no currency sign)")
    try:
        amount = Decimal(value.replace(",", "."))
    except InvalidOperation as error:
        raise row.fail(column, f"'{value}' is not an amount like 12.50") from error
    if amount > MAX_AMOUNT:
        raise row.fail(column, f"'{value}' is too large (at most {MAX_AMOUNT})")
    return amount


def _date(row: Row, column: str) -> date | None:
    value = row.get(column)
    if not value:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError as error:
        raise row.fail(column, f"'{value}' is not a date like 2025-03-31 (YYYY-MM-DD)") from error


def _choice(row: Row, column: str, choices: tuple[str, ...]) -> str | None:
    value = row.get(column)
    if not value:
        return None
    if value.lower() not in choices:
        raise row.fail(column, f"'{value}' is not one of {', '.join(choices)}")
    return value.lower()


def _code(row: Row, column: str, what: str, value: str | None = None) -> str:
    value = row.get(column) if value is None else value
    if " " in value:
        raise row.fail(column, f"'{value}' contains a space; {what} codes use letters, digits "
                               f"and - _ . / only")
    if not CODE_CHARS.fullmatch(value):
        raise row.fail(column, f"'{value}' has characters a {what} code cannot have; use "
                               f"letters, digits and - _ . / only")
    if len(value) > MAX_CODE:
        raise row.fail(column, f"'{value}' is longer than {MAX_CODE} characters")
    return value.upper()


def _check_unique(row: Row, column: str, key: str, seen: dict[str, int], what: str) -> None:
    first = seen.get(key.lower())
    if first is not None:
        raise row.fail(column, f"{what} '{key}' is already in row {first}; "
                               f"each {what} may appear once")
    seen[key.lower()] = row.number


# --- items -------------------------------------------------------------------------------------


def _barcodes(row: Row) -> list[str]:
    """The codes of a barcode cell (several separated by | or spaces), GTINs validated."""
    codes = []
    for code in re.split(r"[|\s]+", row.get("barcode")):
        if not code:
            continue
        if any(ord(c) < 32 or ord(c) == 127 for c in code) or len(code) > 64:
            raise row.fail("barcode", f"{code!r} is not a printable barcode of up to 64 "
                                      f"characters")
        if code.isdigit() and len(code) in (8, 12, 13, 14) and normalize_gtin(code) is None:
            raise row.fail("barcode", f"'{code}' is not a valid GTIN: its check digit should be "
                                      f"{gtin_check_digit(code[:-1])}, not {code[-1]} "
                                      f"(a typo in the number?)")
        key = barcode_key(code)
        if key not in codes:
            codes.append(key)
    return codes


def _item_row(row: Row, seen: dict[str, int]) -> Item:
    sku = _required(row, "sku", "a sku")
    if len(sku) > 64:
        raise row.fail("sku", f"'{sku}' is longer than 64 characters")
    _check_unique(row, "sku", sku, seen, "sku")
    name = row.get("name")
    item = Item.get_or_none(Item.sku == sku)
    if item is None or name:
        name = _required(row, "name", "a name")
    tracking = _choice(row, "tracking", TRACKING)
    removal = _choice(row, "removal", REMOVAL)
    unit_cost = _amount(row, "unit_cost")
    uom = row.get("uom")
    if uom and (len(uom) > 20 or any(ord(c) < 32 for c in uom)):
        raise row.fail("uom", f"'{uom}' is not a unit name of up to 20 characters (e.g. unit)")
    min_shelf = _whole(row, "min_shelf_life_days", 0)
    barcodes = _barcodes(row)

    if item is None:
        item = Item(sku=sku)
        old_tracking = None
    else:
        old_tracking = item.tracking
    if tracking is not None and old_tracking is not None and tracking != old_tracking:
        # Stock on hand was recorded with (or without) lots; changing tracking under it would
        # leave quants the ledger can no longer move.
        if Quant.select().where(Quant.item == item.id).exists():
            raise row.fail("tracking", f"'{tracking}': {sku} has stock on hand tracked as "
                                       f"'{old_tracking}'; tracking can only change when the "
                                       f"item has no stock")
    item.tracking = tracking or old_tracking or "none"
    if removal is not None:
        item.removal = removal
    elif old_tracking is None or (tracking is not None and tracking != old_tracking):
        item.removal = "fefo" if item.tracking == "expiry" else "fifo"
    if item.removal == "fefo" and item.tracking != "expiry":
        raise row.fail("removal" if removal else "tracking",
                       f"'fefo' picks by expiry date, but {sku} is tracked as "
                       f"'{item.tracking}'; use fifo or lifo, or tracking 'expiry'")
    if min_shelf is not None:
        item.min_shelf_life_days = min_shelf
    if item.min_shelf_life_days and item.tracking != "expiry":
        raise row.fail("min_shelf_life_days",
                       f"'{item.min_shelf_life_days}' needs expiry dates, but {sku} is tracked "
                       f"as '{item.tracking}'; leave it empty or 0, or use tracking 'expiry'")
    if name:
        item.name = name
    if unit_cost is not None:
        item.unit_cost = unit_cost
    if uom:
        item.uom = uom
    item.save()

    for code in barcodes:
        owner = ItemBarcode.get_or_none(ItemBarcode.code == code)
        if owner is None:
            ItemBarcode.create(item=item.id, code=code,
                               kind="gtin" if normalize_gtin(code) else "other")
        elif owner.item_id != item.id:
            other = Item.get_by_id(owner.item_id)
            raise row.fail("barcode", f"'{code}' is already the barcode of {other.sku} "
                                      f"({other.name}); one barcode can name only one item")
    return item


def import_items(path: str | Path) -> int:
    """Create or update items from `sku,name[,barcode,tracking,unit_cost,uom,removal,
    min_shelf_life_days]`. Barcodes are added to the item's existing ones. Returns the number
    of rows imported."""
    rows = read_rows(path, ITEM_COLUMNS, "Item")
    seen: dict[str, int] = {}
    with database.atomic():
        for row in rows:
            _item_row(row, seen)
    return len(rows)


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


def import_bins(path: str | Path) -> int:
    """Create or update bins from `code[,zone,sequence,capacity]`. Zones are created on demand
    under the warehouse. Returns the number of bins imported."""
    rows = read_rows(path, BIN_COLUMNS, "Bin")
    seen: dict[str, int] = {}
    zones: dict[str, Location] = {}
    with database.atomic():
        warehouse = _warehouse()
        for row in rows:
            code = _code(row, "code", "bin", _required(row, "code", "a bin code"))
            _check_unique(row, "code", code, seen, "bin")
            zone_code = row.get("zone")
            zone = _zone(row, _code(row, "zone", "zone"), warehouse, zones) if zone_code else None
            sequence = _whole(row, "sequence", 0)
            capacity = _whole(row, "capacity", 1)
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
        number = _required(row, "po", "a PO number")
        if len(number) > 64:
            raise row.fail("po", f"'{number}' is longer than 64 characters")
        supplier = _required(row, "supplier", "a supplier")
        sku = _required(row, "sku", "a sku")
        qty = _whole(row, "qty", 1)
        if qty is None:
            raise row.fail("qty", "is empty; every row needs a quantity (a whole number above 0)")
        unit_cost = _amount(row, "unit_cost")
        expected = _date(row, "expected")
        over = _whole(row, "over_receipt_pct", 0)
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
