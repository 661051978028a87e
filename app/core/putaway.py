"""Putting stock away: which bin to suggest and why, whether a bin can take stock, and the move
itself (dock -> bin, or bin -> bin for a transfer).

Suggestion order: (1) a bin that already holds the same item and lot, (2) a bin with the same
item, (3) the item's preferred bin, or an empty bin in its preferred zone, (4) the nearest empty
bin by bin sequence. Blocked bins are skipped; a bin with a capacity must have room for all of it.
"""

from dataclasses import dataclass
from typing import NamedTuple

from app.core import ledger
from app.core.errors import BinwiseError
from app.core.locations import DOCK, system_location
from app.db.models import Item, Location, database
from app.db.rows import by_id


@dataclass(frozen=True)
class Suggestion:
    bin_id: int
    code: str
    reason: str
    # Which rule chose it: "lot" or "item" (a bin already holding it), "preferred", "zone",
    # "nearest".
    by: str = ""


class DockStock(NamedTuple):
    """One balance waiting in the dock. A named tuple, not a dataclass: the page lists up to
    200 of them after every putaway, and a tuple is made in a third of the time."""

    item_id: int
    sku: str
    name: str
    lot_id: int | None
    lot_code: str | None
    expiry: str | None
    qty: int  # available: on hand less reserved


class Place(NamedTuple):
    """What a move checks of a location, read as a plain row: a model instance costs more to
    build than the read itself, and a bin scan reads two."""

    id: int
    kind: str
    code: str
    blocked: bool
    capacity: int | None


def _places(ids: tuple[int, int]) -> dict[int, Place]:
    rows = database.execute_sql(
        "SELECT id, kind, code, blocked, capacity FROM location WHERE id IN (?, ?)", ids)
    return {row[0]: Place(*row) for row in rows}


# Bins with room: free capacity = capacity - everything in the bin; NULL capacity has no limit.
_ROOM = ("(b.capacity IS NULL OR b.capacity - COALESCE((SELECT SUM(q2.qty) FROM quant q2 "
         "WHERE q2.location_id = b.id), 0) >= :qty)")

_HOLDING = f"""
SELECT b.id, b.code FROM quant q JOIN location b ON b.id = q.location_id
 WHERE q.item_id = :item AND {{lot_clause}} AND b.kind = 'bin' AND NOT b.blocked AND {_ROOM}
 ORDER BY b.sequence, b.code LIMIT 1
"""

_EMPTY = """
SELECT b.id, b.code FROM location b
 WHERE b.kind = 'bin' AND NOT b.blocked {zone_clause}
   AND NOT EXISTS (SELECT 1 FROM quant q WHERE q.location_id = b.id)
   AND (b.capacity IS NULL OR b.capacity >= :qty)
 ORDER BY b.sequence, b.code LIMIT 1
"""


def _query(sql: str, **params) -> tuple[int, str] | None:
    return database.execute_sql(sql, params).fetchone()


_BLOCKED_HOLDING = """
SELECT b.code FROM quant q JOIN location b ON b.id = q.location_id
 WHERE q.item_id = ? AND b.kind = 'bin' AND b.blocked ORDER BY b.sequence, b.code LIMIT 1
"""


def _rule(item_id: int) -> tuple[int | None, int | None] | None:
    """The item's putaway rule as (preferred bin id, preferred zone id), or None."""
    return database.execute_sql("SELECT bin_id, zone_id FROM putaway_rule WHERE item_id = ?",
                                (item_id,)).fetchone()


def _skipped(item: Item, rule: tuple[int | None, int | None] | None) -> str:
    """Why a bin that would have come first was passed over: it is blocked. `rule` as the
    suggestion read it."""
    row = database.execute_sql(_BLOCKED_HOLDING, (item.id,)).fetchone()
    if row:
        return f" ({row[0]} holds {item.sku} too, but is blocked.)"
    if rule is not None and rule[0] is not None:
        preferred = by_id(Location, rule[0])
        if preferred.blocked:
            return f" (The preferred bin {preferred.code} is blocked.)"
    return ""


def suggest_bin(item: Item, lot_id: int | None, qty: int) -> Suggestion | None:
    """The bin to put `qty` of `item` (and lot) into, with the reason; None when no bin fits.
    A blocked bin that would have come first is named in the reason."""
    found = _holding(item, lot_id, qty)
    if found is not None:
        return found
    # Read once: it chooses the bin and, when its bin is blocked, explains the choice.
    rule = _rule(item.id)
    found = _by_rule_or_nearest(item, qty, rule)
    if found is None:
        return None
    return Suggestion(found.bin_id, found.code, found.reason + _skipped(item, rule), found.by)


def _holding(item: Item, lot_id: int | None, qty: int) -> Suggestion | None:
    """A bin that already holds this lot, or else this item, with room for `qty`."""
    if lot_id is not None:
        row = _query(_HOLDING.format(lot_clause="q.lot_id = :lot"), item=item.id, lot=lot_id,
                     qty=qty)
        if row:
            return Suggestion(row[0], row[1], f"{row[1]} already holds this lot of {item.sku}.",
                              "lot")
    row = _query(_HOLDING.format(lot_clause="TRUE"), item=item.id, qty=qty)
    if row:
        return Suggestion(row[0], row[1], f"{row[1]} already holds {item.sku}.", "item")
    return None


def _by_rule_or_nearest(item: Item, qty: int,
                        rule: tuple[int | None, int | None] | None) -> Suggestion | None:
    """The preferred bin, an empty bin of the preferred zone, or the nearest empty bin."""
    bin_id, zone_id = rule if rule is not None else (None, None)
    if bin_id is not None:
        preferred = by_id(Location, bin_id)
        if destination_problem(preferred, qty) is None:
            return Suggestion(preferred.id, preferred.code,
                              f"{preferred.code} is the preferred bin of {item.sku}.",
                              "preferred")
    if zone_id is not None:
        row = _query(_EMPTY.format(zone_clause="AND b.parent_id = :zone"), zone=zone_id,
                     qty=qty)
        if row:
            zone = by_id(Location, zone_id).code
            return Suggestion(row[0], row[1], f"{row[1]} is empty, in zone {zone} where "
                              f"{item.sku} belongs.", "zone")
    row = _query(_EMPTY.format(zone_clause=""), qty=qty)
    if row:
        return Suggestion(row[0], row[1], f"{row[1]} is the nearest empty bin.", "nearest")
    return None


def destination_problem(bin_: Location | Place, qty: int) -> str | None:
    """Why `bin_` cannot take `qty` more units, or None when it can."""
    if bin_.kind != "bin":
        return f"{bin_.code} is not a bin. Scan a bin label."
    if bin_.blocked:
        return f"Bin {bin_.code} is blocked. Scan another bin."
    if bin_.capacity is not None:
        held = database.execute_sql("SELECT COALESCE(SUM(qty), 0) FROM quant WHERE location_id = ?",
                                    (bin_.id,)).fetchone()[0]
        if held + qty > bin_.capacity:
            room = max(0, bin_.capacity - held)
            return (f"Bin {bin_.code} is full: room for {room}, not {qty}. Scan another bin, "
                    f"or type a smaller quantity.")
    return None


DOCK_LIST_LIMIT = 200


def dock_stock(item_id: int | None = None, lot_id: int | None = None,
               limit: int | None = None) -> list[DockStock]:
    """What waits in the dock, oldest first; optionally of one item or lot, or only the first
    `limit` entries (a busy dock holds thousands)."""
    sql = ("SELECT q.item_id, i.sku, i.name, q.lot_id, l.code, l.expiry, q.qty - q.reserved "
           "FROM quant q JOIN item i ON i.id = q.item_id LEFT JOIN lot l ON l.id = q.lot_id "
           "WHERE q.location_id = ? AND q.qty > q.reserved")
    params: list = [system_location(DOCK).id]
    if item_id is not None:
        sql += " AND q.item_id = ?"
        params.append(item_id)
    if lot_id is not None:
        sql += " AND q.lot_id = ?"
        params.append(lot_id)
    sql += " ORDER BY q.in_date, l.expiry NULLS FIRST, q.id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [DockStock(*row) for row in database.execute_sql(sql, tuple(params))]


def holds_stock(location_id: int) -> bool:
    """Whether anything is left in a place (one index probe, not its list of lines)."""
    return database.execute_sql("SELECT 1 FROM quant WHERE location_id = ? LIMIT 1",
                                (location_id,)).fetchone() is not None


def dock_entries() -> int:
    """How many item/lot balances wait in the dock.

    Every balance there waits: orders reserve stock in bins only, and the ledger deletes a
    balance that reaches zero. So the count is read from the (location, item) index alone,
    without a look at each balance's row (a busy dock holds thousands, at every putaway)."""
    return database.execute_sql("SELECT COUNT(*) FROM quant WHERE location_id = ?",
                                (system_location(DOCK).id,)).fetchone()[0]


def move_to_bin(item_id: int, lot_id: int | None, src_id: int, bin_id: int, qty: int,
                user_id: int, kind: str) -> int:
    """Move stock into a bin after checking the bin, in one transaction; returns the move id.
    Takes ids: the bin is read here, inside the transaction, so a caller need not load it."""
    with database.atomic():
        # Read the bin inside the transaction: it may have been blocked since it was scanned.
        # The source comes with it, in the same statement, for the ledger's checks.
        places = _places((src_id, bin_id))
        bin_ = places.get(bin_id)
        if bin_ is None:
            raise BinwiseError("That bin no longer exists. Scan another bin.")
        problem = destination_problem(bin_, qty)
        if problem:
            raise BinwiseError(problem)
        # Joined: a refusal rolls this whole transaction back, so a savepoint would only cost
        # two more statements per scan.
        return ledger.post([ledger.MoveRequest(item_id, lot_id, src_id, bin_id, qty, kind)],
                           user_id, joined=True,
                           places={id_: (x.kind, x.code) for id_, x in places.items()})[0]
