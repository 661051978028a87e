"""Importing items from a CSV file: `sku,name[,barcode,tracking,unit_cost,uom,removal,
min_shelf_life_days]`, quickly and without holding the write lock.

The file is read a batch of rows at a time, so memory stays flat in its size (only the keys seen
so far are kept, to refuse a sku or barcode given twice). A first pass checks every row against
the database and the earlier rows without writing, and spools the plans to a temporary file; the
second checks each batch's database facts again (another station may have changed something
since) and writes it, in short transactions that are all taken back if a late one fails
(app/core/bulk.py).

Upserts: a row whose sku already exists updates that item. An empty optional cell keeps the
item's current value (a new item gets the default). Barcodes are added to the item's own.
"""

import itertools
import pickle
import re
import tempfile
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, NamedTuple

from app.core.bulk import Progress, write_in_chunks
from app.core.catalog import gtin_check_digit, normalize_gtin
from app.core.csv_input import (
    CONTROL,
    Row,
    amount,
    batches,
    check_unique,
    choice,
    iter_rows,
    required_text,
    whole,
)
from app.core.errors import ImportFileError
from app.core.quantities import MAX_SHELF_LIFE_DAYS
from app.db.models import REMOVAL, TRACKING, database

ITEM_COLUMNS = (("sku", "name"),
                ("barcode", "tracking", "unit_cost", "uom", "removal", "min_shelf_life_days"))
# Rows checked and written together: small enough that a chunk ends close to its time budget.
ITEM_BATCH = 250
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")
_ITEM_FIELDS = ("name", "tracking", "removal", "min_shelf_life_days", "unit_cost", "uom")


def _barcodes(row: Row) -> list[str]:
    """The codes of a barcode cell (several separated by | or spaces), GTINs validated."""
    codes = []
    for code in re.split(r"[|\s]+", row.get("barcode")):
        if not code:
            continue
        if _UNPRINTABLE.search(code) or len(code) > 64:
            raise row.fail("barcode", f"{code!r} is not a printable barcode of up to 64 "
                                      f"characters")
        gtin = normalize_gtin(code)
        if gtin is None and code.isdigit() and len(code) in (8, 12, 13, 14):
            raise row.fail("barcode", f"'{code}' is not a valid GTIN: its check digit should be "
                                      f"{gtin_check_digit(code[:-1])}, not {code[-1]} "
                                      f"(a typo in the number?)")
        key = gtin or code.strip()
        if key not in codes:
            codes.append(key)
    return codes




class _ItemPlan(NamedTuple):
    """What one row does to its item: create it (`id` None) or change it, and add barcodes."""

    sku: str
    id: int | None
    values: dict[str, object]
    old: dict[str, object] | None  # the values before, to take an update back
    barcodes: list[str]  # the row's barcodes not yet in the database


@dataclass
class _Seen:
    """What earlier rows of the file claimed, as far as a batch's rows need to know: each sku
    once (its row), each barcode for one sku."""

    skus: dict[str, int]
    barcodes: dict[str, str]


class _Claims:
    """Every key the file's rows claimed so far, in temporary tables of this connection rather
    than in memory (a 50 MB file has a million of them). Writing a temporary table does not
    take the database's write lock."""

    def __init__(self) -> None:
        for table, value in (("import_sku_claim", "INTEGER"), ("import_code_claim", "TEXT")):
            database.execute_sql(f"DROP TABLE IF EXISTS {table}")
            database.execute_sql(f"CREATE TEMP TABLE {table} (key TEXT PRIMARY KEY, "
                                 f"value {value} NOT NULL)")

    def earlier(self, rows: list[Row], row_codes: list[list[str] | ImportFileError]) -> _Seen:
        """What earlier batches claimed of the keys this batch uses."""
        skus = [row.get("sku").lower() for row in rows if row.get("sku")]
        codes = [code.lower() for found in row_codes if isinstance(found, list)
                 for code in found]
        return _Seen(self._find("import_sku_claim", skus),
                     self._find("import_code_claim", codes))

    def keep(self, seen: _Seen) -> None:
        self._add("import_sku_claim", list(seen.skus.items()))
        self._add("import_code_claim", list(seen.barcodes.items()))

    def drop(self) -> None:
        for table in ("import_sku_claim", "import_code_claim"):
            database.execute_sql(f"DROP TABLE IF EXISTS {table}")

    @staticmethod
    def _find(table: str, keys: list[str]) -> dict:
        if not keys:
            return {}
        return dict(database.execute_sql(
            f"SELECT key, value FROM {table} WHERE key IN ({_marks(keys)})", keys))

    @staticmethod
    def _add(table: str, pairs: list[tuple[str, object]]) -> None:
        if pairs:
            database.execute_sql(
                f"INSERT INTO {table} (key, value) VALUES {', '.join(['(?, ?)'] * len(pairs))} "
                f"ON CONFLICT (key) DO NOTHING", [v for pair in pairs for v in pair])


def _removal(item: "_Existing | None", tracking: str | None, removal: str | None,
             new_tracking: str) -> str:
    if removal is not None:
        return removal
    old_tracking = item.tracking if item is not None else None
    if item is None or (tracking is not None and tracking != old_tracking):
        return "fefo" if new_tracking == "expiry" else "fifo"
    return item.removal


def _row_barcodes(row: Row) -> list[str] | ImportFileError:
    """The row's barcodes, or what is wrong with them (raised in its turn, so the first bad
    cell of the row is the one named)."""
    try:
        return _barcodes(row)
    except ImportFileError as error:
        return error


def _item_plan(row: Row, item: "_Existing | None", codes: list[str] | ImportFileError,
               seen: _Seen, owners: dict[str, int], names: dict[int, tuple[str, str]],
               stocked: set[int]) -> _ItemPlan:
    sku = required_text(row, "sku", "a sku")
    if len(sku) > 64:
        raise row.fail("sku", f"'{sku}' is longer than 64 characters")
    check_unique(row, "sku", sku, seen.skus, "sku")
    name = row.get("name")
    if item is None or name:
        name = required_text(row, "name", "a name")
    tracking = choice(row, "tracking", TRACKING)
    removal = choice(row, "removal", REMOVAL)
    unit_cost = amount(row, "unit_cost")
    uom = row.get("uom")
    if uom and (len(uom) > 20 or CONTROL.search(uom)):
        raise row.fail("uom", f"'{uom}' is not a unit name of up to 20 characters (e.g. unit)")
    min_shelf = whole(row, "min_shelf_life_days", 0, MAX_SHELF_LIFE_DAYS)
    if isinstance(codes, ImportFileError):
        raise codes
    barcodes = codes

    old_tracking = item.tracking if item is not None else None
    if (item is not None and tracking is not None and tracking != old_tracking
            and item.id in stocked):
        # Stock on hand was recorded with (or without) lots; changing tracking under it would
        # leave quants the ledger can no longer move.
        raise row.fail("tracking", f"'{tracking}': {sku} has stock on hand tracked as "
                                   f"'{old_tracking}'; tracking can only change when the "
                                   f"item has no stock")
    new_tracking = tracking or old_tracking or "none"
    new_removal = _removal(item, tracking, removal, new_tracking)
    if new_removal == "fefo" and new_tracking != "expiry":
        raise row.fail("removal" if removal else "tracking",
                       f"'fefo' picks by expiry date, but {sku} is tracked as "
                       f"'{new_tracking}'; use fifo or lifo, or tracking 'expiry'")
    shelf = min_shelf if min_shelf is not None else (
        item.min_shelf_life_days if item is not None else 0)
    if shelf and new_tracking != "expiry":
        raise row.fail("min_shelf_life_days",
                       f"'{shelf}' needs expiry dates, but {sku} is tracked "
                       f"as '{new_tracking}'; leave it empty or 0, or use tracking 'expiry'")
    values: dict[str, object] = {"tracking": new_tracking, "removal": new_removal,
                                 "min_shelf_life_days": shelf}
    if name:
        values["name"] = name
    if unit_cost is not None:
        values["unit_cost"] = unit_cost
    if uom:
        values["uom"] = uom

    for code in barcodes:
        owner = owners.get(code.lower())
        if owner is not None and (item is None or owner != item.id):
            other_sku, other_name = names[owner]
            raise row.fail("barcode", f"'{code}' is already the barcode of {other_sku} "
                                      f"({other_name}); one barcode can name only one item")
        claimed = seen.barcodes.setdefault(code.lower(), sku)
        if claimed.lower() != sku.lower():
            raise row.fail("barcode", f"'{code}' is already the barcode of {claimed} in an "
                                      f"earlier row; one barcode can name only one item")
    old = None if item is None else {f: getattr(item, f) for f in _ITEM_FIELDS}
    new_codes = [c for c in barcodes if owners.get(c.lower()) is None]
    return _ItemPlan(sku, item.id if item is not None else None, values, old, new_codes)


def _marks(values: list) -> str:
    return ", ".join("?" * len(values))


class _Existing(NamedTuple):
    """An item already in the database: what a row may change, as plain values (a peewee
    model per row costs more than the whole import may take)."""

    id: int
    sku: str
    name: str
    tracking: str
    removal: str
    min_shelf_life_days: int
    unit_cost: object
    uom: str


@dataclass
class _Facts:
    """What a batch's rows depend on in the database: checked again just before writing."""

    items: dict[str, _Existing]
    owners: dict[str, int]  # barcode -> item id
    names: dict[int, tuple[str, str]]  # the owners' sku and name, for messages
    stocked: set[int]  # items with stock on hand


def _skus(rows: list[Row]) -> list[str]:
    return [row.get("sku") for row in rows if row.get("sku")]


def _facts(skus: list[str], row_codes: list[list[str] | ImportFileError]) -> _Facts:
    items = {}
    if skus:
        items = {found.sku.lower(): found for found in (_Existing(*r) for r in database.execute_sql(
            f"SELECT id, sku, name, tracking, removal, min_shelf_life_days, unit_cost, uom "
            f"FROM item WHERE sku IN ({_marks(skus)})", skus))}
    codes = [code for found in row_codes if isinstance(found, list) for code in found]
    owners: dict[str, int] = {}
    if codes:
        owners = {code.lower(): item_id for code, item_id in database.execute_sql(
            f"SELECT code, item_id FROM item_barcode WHERE code IN ({_marks(codes)})", codes)}
    owner_ids = list(set(owners.values()))
    names: dict[int, tuple[str, str]] = {}
    if owner_ids:
        names = {id_: (sku, name) for id_, sku, name in database.execute_sql(
            f"SELECT id, sku, name FROM item WHERE id IN ({_marks(owner_ids)})", owner_ids)}
    ids = [i.id for i in items.values()]
    stocked: set[int] = set()
    if ids:
        stocked = {item_id for (item_id,) in database.execute_sql(
            f"SELECT DISTINCT item_id FROM quant WHERE item_id IN ({_marks(ids)})", ids)}
    return _Facts(items, owners, names, stocked)


def _plans(rows: list[Row], row_codes: list[list[str] | ImportFileError], facts: _Facts,
           seen: _Seen) -> list[_ItemPlan]:
    """Check a batch of rows against the database and the earlier rows: the plan of each."""
    return [_item_plan(row, facts.items.get(row.get("sku").lower()), found, seen, facts.owners,
                       facts.names, facts.stocked)
            for row, found in zip(rows, row_codes, strict=True)]


def _check(path: str | Path, spool: IO[bytes]) -> None:
    """The first pass: check every row, without writing; keep each batch's facts and plans in
    `spool` (a temporary file) so the second pass need not work them out again."""
    claims = _Claims()
    try:
        for rows in batches(iter_rows(path, ITEM_COLUMNS, "Item"), ITEM_BATCH):
            row_codes = [_row_barcodes(row) for row in rows]
            skus = _skus(rows)
            facts = _facts(skus, row_codes)
            seen = claims.earlier(rows, row_codes)
            plans = _plans(rows, row_codes, facts, seen)
            claims.keep(seen)
            # Plain tuples and dicts: pickling dataclasses costs more than checking again.
            pickle.dump((skus, row_codes, (facts.items, facts.owners, facts.stocked), plans),
                        spool, pickle.HIGHEST_PROTOCOL)
    finally:
        claims.drop()
    spool.seek(0)


def _checked_again(path: str | Path, spool: IO[bytes]) -> Iterator[list[_ItemPlan]]:
    """The second pass, inside the write transactions: a batch whose facts changed since the
    first pass (another station was busy) is read and planned again, and may then fail."""
    for index in itertools.count():
        try:
            skus, row_codes, facts, plans = pickle.load(spool)
        except EOFError:
            return
        now = _facts(skus, row_codes)
        if (now.items, now.owners, now.stocked) != facts:
            # Rare: read the batch's rows again. The earlier rows' claims were checked in the
            # first pass; only the database's part can have changed.
            rows = next(itertools.islice(batches(iter_rows(path, ITEM_COLUMNS, "Item"),
                                                 ITEM_BATCH), index, None))
            plans = _plans(rows, row_codes, now, _Seen({}, {}))
        yield plans


_NEW_COLUMNS = ("sku", "name", "tracking", "uom", "unit_cost", "removal",
                "min_shelf_life_days", "active")


def _insert(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """One multi-row INSERT: far quicker than building it value by value in peewee."""
    row = f"({', '.join('?' * len(columns))})"
    database.execute_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                         f"{', '.join([row] * len(rows))}",
                         [value for values in rows for value in values])


def _update(item_id: int, values: dict[str, object]) -> None:
    columns = ", ".join(f"{column} = ?" for column in values)
    database.execute_sql(f"UPDATE item SET {columns} WHERE id = ?",
                         [*values.values(), item_id])


def _write(plans: list[_ItemPlan], journal: IO[bytes]) -> Callable[[], None]:
    """Write a batch's plans; returns how to take them back. What changed items looked like
    before goes to `journal` (a temporary file), so memory stays flat when a whole catalogue
    is imported again."""
    new = [p for p in plans if p.id is None]
    ids: dict[str, int] = {}
    if new:
        _insert("item", _NEW_COLUMNS, [
            (p.sku, p.values["name"], p.values["tracking"], p.values.get("uom", "unit"),
             p.values.get("unit_cost", Decimal(0)), p.values["removal"],
             p.values["min_shelf_life_days"], True) for p in new])
        skus = [p.sku for p in new]
        ids = {sku.lower(): id_ for id_, sku in database.execute_sql(
            f"SELECT id, sku FROM item WHERE sku IN ({_marks(skus)})", skus)}
    changed = [p for p in plans if p.old is not None]
    for plan in changed:
        _update(plan.id, plan.values)
    # A GTIN is stored as its 14 digits; any other code of 14 digits was refused.
    codes = [(p.id if p.id is not None else ids[p.sku.lower()], code,
              "gtin" if len(code) == 14 and code.isdigit() else "other")
             for p in plans for code in p.barcodes]
    if codes:
        _insert("item_barcode", ("item_id", "code", "kind"), codes)
    # The undo kept in memory stays small: 8 bytes per new item, codes only for existing items
    # (whose barcodes cannot be told from their old ones otherwise).
    new_ids = array("q", ids.values())
    fresh = set(new_ids)
    added = [code for item_id, code, _ in codes if item_id not in fresh]
    journal.seek(0, 2)
    offset = journal.tell() if changed else None
    if changed:
        pickle.dump([(p.id, p.old) for p in changed], journal, pickle.HIGHEST_PROTOCOL)

    def undo() -> None:
        if added:
            database.execute_sql(f"DELETE FROM item_barcode WHERE code IN ({_marks(added)})",
                                 added)
        if new_ids:
            some = list(new_ids)
            database.execute_sql(f"DELETE FROM item_barcode WHERE item_id IN ({_marks(some)})",
                                 some)
            database.execute_sql(f"DELETE FROM item WHERE id IN ({_marks(some)})", some)
        if offset is not None:
            journal.seek(offset)
            for item_id, old in pickle.load(journal):
                _update(item_id, old)

    return undo


def import_items(path: str | Path, progress: Progress | None = None) -> int:
    """Create or update items from the file; returns the number of rows imported. `progress`
    is told how many rows are written after every chunk."""
    with (tempfile.TemporaryFile(prefix="binwise-import-") as spool,
          tempfile.TemporaryFile(prefix="binwise-undo-") as journal):
        _check(path, spool)
        return write_in_chunks(_checked_again(path, spool),
                               lambda plans: _write(plans, journal), progress=progress)
