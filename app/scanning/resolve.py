"""Resolving a decoded scan against the database: is it a PO, a bin, an item, a lot?

A code can mean several things (a lot code that is also a SKU); every match is returned and the
station decides by its context, reporting what it cannot decide.
"""

from dataclasses import dataclass

from app.core.catalog import barcode_key
from app.db.models import database
from app.scanning.commands import command_in
from app.scanning.decode import Reading

# One round trip for every kind of code a person can scan. PO numbers, location codes, SKUs and
# barcodes compare without case (their columns' collation); lot codes are case-sensitive.
_LOOKUP = """
SELECT 'po', id, number, CAST(NULL AS INTEGER) FROM purchase_order WHERE number = :text
UNION ALL
SELECT 'order', id, number, CAST(NULL AS INTEGER) FROM sales_order WHERE number = :text
UNION ALL
SELECT 'picklist', id, number, CAST(NULL AS INTEGER) FROM pick_list WHERE number = :text
UNION ALL
SELECT CASE kind WHEN 'bin' THEN 'bin' ELSE 'location' END, id, code, CAST(NULL AS INTEGER)
  FROM location WHERE code = :text AND kind IN ('bin', 'dock', 'packing')
UNION ALL
SELECT 'item', id, sku, id FROM item WHERE sku = :text
UNION ALL
SELECT 'item', i.id, i.sku, i.id FROM item_barcode b JOIN item i ON i.id = b.item_id
 WHERE b.code = :barcode
UNION ALL
SELECT 'lot', id, code, item_id FROM lot WHERE code = :text
LIMIT 50
"""


@dataclass(frozen=True)
class Match:
    # "po", "order", "picklist", "bin", "location" (dock, packing), "item", "lot", "command"
    kind: str
    id: int
    code: str  # the PO number, location code, SKU or lot code as stored
    item_id: int | None = None  # the item of a lot (or of an item match)


@dataclass(frozen=True)
class Resolution:
    reading: Reading
    matches: tuple[Match, ...]

    def of(self, kind: str) -> tuple[Match, ...]:
        return tuple(m for m in self.matches if m.kind == kind)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(m.kind for m in self.matches)

    @property
    def unknown(self) -> bool:
        return not self.matches


def _lookup(text: str) -> list[Match]:
    rows = database.execute_sql(_LOOKUP, {"text": text, "barcode": barcode_key(text)}).fetchall()
    return [Match(kind, id_, code, item_id) for kind, id_, code, item_id in rows]


def _item_by_gtin(gtin: str) -> list[Match]:
    row = database.execute_sql(
        "SELECT i.id, i.sku FROM item_barcode b JOIN item i ON i.id = b.item_id WHERE b.code = ?",
        (gtin,)).fetchone()
    return [Match("item", row[0], row[1], row[0])] if row else []


def resolve(reading: Reading) -> Resolution:
    command = command_in(reading.text)
    if command is not None:
        # A command barcode is never also a code in the database (see app.scanning.commands).
        return Resolution(reading, (Match("command", 0, command),))
    matches: list[Match] = []
    if reading.is_gs1:
        # An element string names its item by GTIN; a PO (400) or a bin (254) may come with it.
        if reading.gtin:
            matches += _item_by_gtin(reading.gtin)
        if reading.po:
            matches += [m for m in _lookup(reading.po) if m.kind == "po"]
        if reading.gln_extension:
            matches += [m for m in _lookup(reading.gln_extension) if m.kind in ("bin", "location")]
    else:
        if reading.gtin:
            matches += _item_by_gtin(reading.gtin)
        if reading.text:
            matches += _lookup(reading.text)
    unique: dict[tuple[str, int], Match] = {}
    for match in matches:
        unique.setdefault((match.kind, match.id), match)
    return Resolution(reading, tuple(unique.values()))
