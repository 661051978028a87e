"""What to print: turning a choice (a bin range, a zone, SKUs, lots, a receipt, a scan) into
label contents, read from the open database; `choose` answers `binwise labels`. app.labels
then draws what it is handed.

Bin ranges compare codes in natural order, numbers by value and letters without case, so
A-01-01..A-03-10 holds every bin whose code sorts between the two, A-02-15 included, and
A-1-2 sorts before A-1-10. Bins come out in that order too, the order labels are stuck on a
rack. Every query refuses an empty result with a message saying what was not found.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from app.core.catalog import normalize_gtin
from app.db.models import database
from app.errors import BinwiseError
from app.labels.templates import BadgeLabel, BinLabel, ItemLabel, Label, LotLabel, arrow_for
from app.scanning.decode import DecodeConfig, decode
from app.scanning.resolve import resolve

_NUMBER = re.compile(r"(\d+)")


def natural_key(code: str) -> tuple:
    """Sort key that orders the numbers inside codes by value: A-2 before A-10."""
    parts = _NUMBER.split(code.strip().casefold())
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))


_BINS = """
SELECT b.code, z.code FROM location b
  LEFT JOIN location z ON z.id = b.parent_id AND z.kind = 'zone'
 WHERE b.kind = 'bin'
"""


def _bins(rows: Iterable[tuple[str, str | None]]) -> list[BinLabel]:
    return [BinLabel(code, zone) for code, zone in sorted(rows, key=lambda r: natural_key(r[0]))]


def parse_range(text: str) -> tuple[str, str]:
    """"A-01-01..A-03-10" -> ("A-01-01", "A-03-10"); one code alone is a range of one."""
    first, sep, last = text.partition("..")
    first, last = first.strip(), (last.strip() if sep else first.strip())
    if not first or not last:
        raise BinwiseError(f"'{text}' is not a bin range: write FIRST..LAST, e.g. "
                           "A-01-01..A-03-10.")
    return first, last


def bins_in_range(first: str, last: str) -> list[BinLabel]:
    low, high = natural_key(first), natural_key(last)
    if low > high:
        raise BinwiseError(f"The range {first}..{last} runs backwards: {first} sorts after "
                           f"{last}. Swap them.")
    everything = database.execute_sql(_BINS).fetchall()
    codes = [row[0].upper() for row in everything]
    # A typo at either end would quietly print the whole warehouse: each end must be a bin, or
    # at least name a rack that exists ("C-1-99" for the end of rack C-1).
    for end in (first, last):
        rack = end.upper().rpartition("-")[0] + "-"
        if end.upper() not in codes and (rack == "-" or
                                         not any(c.startswith(rack) for c in codes)):
            raise BinwiseError(f"{end} is not a bin: a range starts and ends with existing bin "
                               f"codes, e.g. A-01-01..A-03-10.")
    rows = [row for row in everything if low <= natural_key(row[0]) <= high]
    if not rows:
        raise BinwiseError(f"No bins between {first} and {last}.")
    return _bins(rows)


def bins_in_zone(zone: str) -> list[BinLabel]:
    """Every bin under the zone, however deep."""
    row = database.execute_sql("SELECT id, code FROM location WHERE code = ? AND kind = 'zone'",
                               (zone.strip(),)).fetchone()
    if row is None:
        zones = [c for (c,) in database.execute_sql(
            "SELECT code FROM location WHERE kind = 'zone' ORDER BY code")]
        known = f" Zones: {', '.join(zones)}." if zones else " There are no zones yet."
        raise BinwiseError(f"There is no zone '{zone}'.{known}")
    rows = database.execute_sql(
        "WITH RECURSIVE under(id) AS (SELECT ? UNION ALL "
        "SELECT l.id FROM location l JOIN under u ON l.parent_id = u.id) "
        "SELECT b.code, ? FROM location b JOIN under u ON u.id = b.id WHERE b.kind = 'bin'",
        (row[0], row[1])).fetchall()
    if not rows:
        raise BinwiseError(f"Zone {row[1]} has no bins.")
    return _bins(rows)


def all_bins() -> list[BinLabel]:
    rows = database.execute_sql(_BINS).fetchall()
    if not rows:
        raise BinwiseError("There are no bins yet: import them first (binwise import bins).")
    return _bins(rows)


def _gtin(item_id: int) -> str | None:
    """The item's first valid GTIN (stored as 14 digits), if it has one."""
    for (code,) in database.execute_sql(
            "SELECT code FROM item_barcode WHERE item_id = ? AND length(code) = 14 "
            "ORDER BY id", (item_id,)):
        if normalize_gtin(code) == code:
            return code
    return None


def items_by_sku(skus: Sequence[str]) -> list[ItemLabel]:
    """One label per SKU, in the order given (a SKU named twice prints twice)."""
    labels, unknown = [], []
    for sku in skus:
        row = database.execute_sql("SELECT id, sku, name FROM item WHERE sku = ?",
                                   (sku.strip(),)).fetchone()
        if row is None:
            unknown.append(sku)
        else:
            labels.append(ItemLabel(row[1], row[2], _gtin(row[0])))
    if unknown:
        raise BinwiseError(f"Unknown SKU{'s' if len(unknown) > 1 else ''}: "
                           f"{', '.join(unknown)}.")
    if not labels:
        raise BinwiseError("Name at least one SKU.")
    return labels


def all_items() -> list[ItemLabel]:
    rows = database.execute_sql(
        "SELECT id, sku, name FROM item WHERE active ORDER BY sku").fetchall()
    if not rows:
        raise BinwiseError("There are no items yet: import them first (binwise import items).")
    return [ItemLabel(sku, name, _gtin(item_id)) for item_id, sku, name in rows]


_LOTS = """
SELECT l.id, i.id, i.sku, i.name, l.code, l.expiry FROM lot l JOIN item i ON i.id = l.item_id
"""


def _lot_labels(rows: Iterable[tuple]) -> list[LotLabel]:
    labels = []
    for _lot_id, item_id, sku, name, code, expiry in rows:
        # Raw SQL hands dates back as text.
        if expiry is not None and not isinstance(expiry, date):
            expiry = date.fromisoformat(str(expiry)[:10])
        labels.append(LotLabel(sku, name, _gtin(item_id), code, expiry))
    return labels


def lots_of_item(sku: str) -> list[LotLabel]:
    """Every lot of an item, earliest expiry first."""
    item = database.execute_sql("SELECT id, sku FROM item WHERE sku = ?",
                                (sku.strip(),)).fetchone()
    if item is None:
        raise BinwiseError(f"Unknown SKU: {sku}.")
    rows = database.execute_sql(
        _LOTS + " WHERE i.id = ? ORDER BY l.expiry IS NULL, l.expiry, l.code", (item[0],))
    labels = _lot_labels(rows)
    if not labels:
        raise BinwiseError(f"{item[1]} has no lots yet.")
    return labels


def lots_by_code(codes: Sequence[str]) -> list[LotLabel]:
    """The lots with these codes (lot codes are case-sensitive; two items may share one)."""
    labels, unknown = [], []
    for code in codes:
        found = _lot_labels(database.execute_sql(_LOTS + " WHERE l.code = ? ORDER BY i.sku",
                                                 (code.strip(),)))
        labels += found
        if not found:
            unknown.append(code)
    if unknown:
        raise BinwiseError(f"Unknown lot{'s' if len(unknown) > 1 else ''}: "
                           f"{', '.join(unknown)}.")
    if not labels:
        raise BinwiseError("Name at least one lot.")
    return labels


def lots_of(sku: str | None = None, lot_codes: Sequence[str] = ()) -> list[LotLabel]:
    """Lots by item SKU, by lot codes, or both."""
    labels = lots_of_item(sku) if sku else []
    return labels + (lots_by_code(lot_codes) if lot_codes else [])


def lots_received_in(receipt_id: int, per_unit: bool = False) -> list[LotLabel]:
    """The lots received on a receipt (its receipt moves, less any undone), in the order
    they were scanned; with `per_unit`, one label per unit received."""
    if database.execute_sql("SELECT 1 FROM receipt WHERE id = ?", (receipt_id,)).fetchone() \
            is None:
        raise BinwiseError(f"There is no receipt {receipt_id}.")
    rows = database.execute_sql(
        "SELECT m.lot_id, SUM(CASE WHEN m.reverses_id IS NULL THEN m.qty ELSE -m.qty END), "
        "MIN(m.id) FROM move m WHERE m.doc_type = 'receipt' AND m.doc_id = ? "
        "AND m.kind = 'receipt' AND m.lot_id IS NOT NULL GROUP BY m.lot_id "
        "HAVING SUM(CASE WHEN m.reverses_id IS NULL THEN m.qty ELSE -m.qty END) > 0 "
        "ORDER BY MIN(m.id)", (receipt_id,)).fetchall()
    labels: list[LotLabel] = []
    for lot_id, qty, _first in rows:
        lot = _lot_labels(database.execute_sql(_LOTS + " WHERE l.id = ?", (lot_id,)))[0]
        labels += [lot] * (qty if per_unit else 1)
    if not labels:
        raise BinwiseError(f"Receipt {receipt_id} received no lots (only items tracked by lot "
                           "have lot labels).")
    return labels


_BADGES = 'SELECT name, role, badge FROM "user" WHERE badge IS NOT NULL'


def badges(names: Sequence[str] = ()) -> list[BadgeLabel]:
    """The badges of these users (every active user's when none are named)."""
    if not names:
        rows = database.execute_sql(_BADGES + " AND active ORDER BY name").fetchall()
        if not rows:
            raise BinwiseError("Nobody has a badge yet: `binwise users add NAME` makes one.")
        return [BadgeLabel(*row) for row in rows]
    labels = []
    for name in names:
        row = database.execute_sql(_BADGES + " AND name = ?", (name.strip(),)).fetchone()
        if row is None:
            raise BinwiseError(f"No user '{name.strip()}' with a badge.")
        labels.append(BadgeLabel(*row))
    return labels


def from_scan(text: str, config: DecodeConfig | None = None) -> list[Label]:
    """The labels a scanned code asks for: a bin's, an item's (SKU or any of its barcodes),
    a lot's (its code, or a GS1 string with GTIN and lot), a person's badge."""
    row = database.execute_sql(_BADGES + " AND badge = ?", (text.strip().upper(),)).fetchone()
    if row is not None:
        return [BadgeLabel(*row)]
    reading = decode(text, config or DecodeConfig())
    if reading.error:
        raise BinwiseError(reading.error)
    resolution = resolve(reading)
    labels: list[Label] = []
    if reading.lot and reading.gtin:
        item = resolution.of("item")
        if item:
            found = _lot_labels(database.execute_sql(
                _LOTS + " WHERE l.item_id = ? AND l.code = ?", (item[0].id, reading.lot)))
            if found:
                return found
    for match in resolution.matches:
        if match.kind == "bin":
            labels += _bins(database.execute_sql(_BINS + " AND b.id = ?", (match.id,)))
        elif match.kind == "item":
            row = database.execute_sql("SELECT sku, name FROM item WHERE id = ?",
                                       (match.id,)).fetchone()
            labels.append(ItemLabel(row[0], row[1], _gtin(match.id)))
        elif match.kind == "lot":
            labels += _lot_labels(database.execute_sql(_LOTS + " WHERE l.id = ?", (match.id,)))
    if not labels:
        raise BinwiseError(f"'{reading.text or text}' is not a bin, item or lot here.")
    return labels


def choose_typed(key: str, text: str) -> list[Label]:
    """The labels for what the Labels page offers: `key` is the kind chosen (bins-range,
    bins-zone, items, lots, lots-sku, receipt) and `text` what was typed."""
    words = text.split()
    if not words:
        raise BinwiseError("Type what to add first.")
    if key == "bins-range":
        return list(bins_in_range(*parse_range(text)))
    if key == "bins-zone":
        return list(bins_in_zone(text))
    if key == "items":
        return list(items_by_sku(words))
    if key == "lots":
        return list(lots_by_code(words))
    if key == "lots-sku":
        return list(lots_of_item(text))
    if key == "badges":
        return list(badges([] if words == ["*"] else words))
    if not text.strip().isdigit():
        raise BinwiseError(f"'{text}' is not a receipt number.")
    return list(lots_received_in(int(text)))


def choose(args: Any) -> list[Label]:
    """The labels `binwise labels bins|items|lots` asks for (its parsed arguments)."""
    kind = args.labels_kind
    labels: list[Label]
    if kind == "bins":
        if args.range:
            bins = bins_in_range(*parse_range(args.range))
        elif args.zone:
            bins = bins_in_zone(args.zone)
        else:
            bins = all_bins()
        labels = [replace(b, qr=args.qr, arrow=arrow_for(b.code) if args.arrows else None)
                  for b in bins]
    elif kind == "badge":
        labels = list(badges(args.names))
    elif kind == "items":
        if args.all == bool(args.skus):
            raise BinwiseError("Name the SKUs to print, or --all for every item.")
        labels = list(all_items() if args.all else items_by_sku(args.skus))
    else:
        if args.receipt is not None:
            if args.sku or args.lot:
                raise BinwiseError("Choose lots by --receipt, or by --sku/--lot, not both.")
            labels = list(lots_received_in(args.receipt, per_unit=args.per_unit))
        elif args.sku or args.lot:
            labels = list(lots_of(args.sku, args.lot))
        else:
            raise BinwiseError("Choose the lots: --sku SKU, --lot CODE... or --receipt ID.")
    if args.copies < 1:
        raise BinwiseError("--copies must be 1 or more.")
    return [label for label in labels for _ in range(args.copies)]
