"""Reservations: promising stock to order lines so that nothing is promised twice.

Allocation reserves quants by the item's removal strategy: FIFO by in_date, FEFO by lot expiry
then in_date, LIFO by newest in_date. It never takes expired lots, lots inside the item's minimum
remaining shelf life, stock outside bins (the dock, packing), blocked bins, or a bin where a
short pick of that item waits for a count. What cannot be covered stays a backorder. Lines of
dropship items are never reserved: they go on the supplier's dropship PO (core/dropship.py).

Each Reservation row says why it chose that lot and bin; the quant's `reserved` is always the sum
of its reservations (changed only through the ledger, in the same transaction).
"""

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from app.core import dropship, kit_lines, kits, ledger, tx
from app.core.errors import BinwiseError
from app.core.fill_rate import note_first_allocation
from app.db.models import Item, Reservation, SalesOrder, SalesOrderLine, database
from app.db.transactions import lock_rows

_CANDIDATES = """
SELECT q.id, q.location_id, q.lot_id, q.qty - q.reserved, l.code, l.expiry, q.in_date, loc.code
  FROM quant q JOIN location loc ON loc.id = q.location_id LEFT JOIN lot l ON l.id = q.lot_id
 WHERE q.item_id = ? AND loc.kind = 'bin' AND NOT loc.blocked AND q.qty > q.reserved
   AND (l.expiry IS NULL OR l.expiry >= ?)
   AND NOT EXISTS (SELECT 1 FROM count_request c WHERE c.done_at IS NULL AND c.kind = 'short'
                    AND c.location_id = q.location_id AND c.item_id = q.item_id)
 ORDER BY {order}
"""
ORDERS = {
    "fifo": "q.in_date, loc.sequence, loc.code",
    "fefo": "l.expiry IS NULL, l.expiry, q.in_date, loc.sequence, loc.code",
    "lifo": "q.in_date DESC, loc.sequence, loc.code",
}


@dataclass(frozen=True)
class Candidate:
    quant_id: int
    location_id: int
    lot_id: int | None
    available: int
    lot: str | None
    expiry: str | None
    in_date: str
    bin: str


@dataclass(frozen=True)
class LineNeed:
    line_id: int
    item_id: int
    ordered: int
    picked: int
    reserved: int
    # A kit line counts whole kits: components picked short of a whole kit still mean the
    # order is being picked.
    started: bool = False

    @property
    def open(self) -> int:
        return max(0, self.ordered - self.picked - self.reserved)


_NEEDS = """
SELECT ol.id, ol.item_id, ol.qty_ordered,
       COALESCE((SELECT SUM(CASE WHEN m.reverses_id IS NULL THEN m.qty ELSE -m.qty END)
                 FROM move m WHERE m.doc_type = 'order' AND m.line_id = ol.id
                  AND m.kind = 'pick'), 0),
       COALESCE((SELECT SUM(r.qty) FROM reservation r WHERE r.line_id = ol.id), 0),
       EXISTS (SELECT 1 FROM kit_component k WHERE k.kit_id = ol.item_id)
  FROM sales_order_line ol WHERE ol.order_id = ?
   AND NOT EXISTS (SELECT 1 FROM dropship_line d WHERE d.order_line_id = ol.id)
 ORDER BY ol.id
"""


def line_needs(order_id: int) -> list[LineNeed]:
    """What each stocked line of the order needs (the supplier ships the dropship lines); a
    kit line in whole kits (app/core/kit_lines.py)."""
    rows = database.execute_sql(_NEEDS, (order_id,)).fetchall()
    needs = [LineNeed(*row[:-1]) for row in rows]
    kit_rows = [need for need, row in zip(needs, rows, strict=True) if row[-1]]
    if not kit_rows:
        return needs
    units = kit_lines.line_units(n.line_id for n in kit_rows)
    recipes = kits.recipes(n.item_id for n in kit_rows)
    by_line = {}
    for need in kit_rows:
        picked, reserved = units[need.line_id]
        recipe = recipes.get(need.item_id, {})
        done = kit_lines.kits_in(need.item_id, recipe, picked)
        covered = kit_lines.kits_in(need.item_id, recipe, kit_lines.held(picked, reserved))
        by_line[need.line_id] = replace(need, picked=done, reserved=covered - done,
                                        started=any(v > 0 for v in picked.values()))
    return [by_line.get(n.line_id, n) for n in needs]


def earliest_allowed_expiry(item: Item, today: date) -> str:
    """Lots expiring before this date are never allocated (expired, or too short to sell)."""
    try:
        return (today + timedelta(days=item.min_shelf_life_days)).isoformat()
    except OverflowError:
        # A shelf life stored before imports were bounded: no lot can ever be that fresh.
        return date.max.isoformat()


def candidates(item: Item, today: date,
               exclude_location: int | None = None) -> Iterator[Candidate]:
    """Allocatable stock of an item, best first by its removal strategy (read lazily)."""
    sql = _CANDIDATES.format(order=ORDERS[item.removal])
    for row in database.execute_sql(sql, (item.id, earliest_allowed_expiry(item, today))):
        if row[1] != exclude_location:
            yield Candidate(*row)


def _reason(item: Item, candidate: Candidate, first: bool) -> str:
    rank = "" if first else "next "
    if item.removal == "fefo" and candidate.expiry:
        why = (f"FEFO: lot {candidate.lot} expires {candidate.expiry}, the {rank}earliest "
               f"allocatable expiry")
    elif item.removal == "lifo":
        why = f"LIFO: the {rank}newest stock (in since {candidate.in_date[:10]})"
    else:
        lot = f" lot {candidate.lot}" if candidate.lot else ""
        why = f"FIFO: the {rank}oldest stock{lot} (in since {candidate.in_date[:10]})"
    return f"{why}; {candidate.bin} has {candidate.available} free."


def allocate_line(need: LineNeed, today: date, exclude_location: int | None = None,
                  item: Item | None = None) -> int:
    """Reserve what the line still needs; returns how many units stay on backorder."""
    item = item or Item.get_by_id(need.item_id)
    recipe = kits.recipe(item.id)
    if recipe:
        from app.core.kit_allocation import allocate_kit_line  # it builds on this module

        return allocate_kit_line(need, item, recipe, today, exclude_location)
    wanted = need.open
    if wanted == 0:
        return 0
    # What is free may only be read while no other station can promise it (PostgreSQL); the
    # candidates are read in full before the first reservation is written.
    lock_rows("quant", "item_id = ?", (item.id,))
    return reserve_from(need.line_id, item, wanted, list(candidates(item, today,
                                                                    exclude_location)))


def reserve_from(line_id: int, item: Item, wanted: int, found: list[Candidate],
                 note: str = "") -> int:
    """Reserve up to `wanted` units of `item` from `found`, best first; returns what is
    still missing."""
    for index, candidate in enumerate(found):
        take = min(wanted, candidate.available)
        ledger.reserve(line_id, item.id, candidate.lot_id, candidate.location_id, take,
                       note + _reason(item, candidate, index == 0))
        wanted -= take
        if wanted == 0:
            break
    return wanted


def status_of(needs: list[LineNeed]) -> str:
    """An order's status from its lines (before packing)."""
    if needs and all(n.picked >= n.ordered for n in needs):
        return "picked"
    if any(n.picked or n.started for n in needs):
        return "picking"
    if needs and all(n.open == 0 for n in needs):
        return "allocated"
    if any(n.reserved for n in needs):
        return "partial"
    return "open"


def refresh_status(order_id: int, needs: list[LineNeed] | None = None) -> str:
    """Derive the order's status from its lines; packed, shipped and cancelled stay as set."""
    current = database.execute_sql("SELECT status FROM sales_order WHERE id = ?",
                                   (order_id,)).fetchone()[0]
    if current in ("packed", "shipped", "cancelled"):
        return current
    needs = line_needs(order_id) if needs is None else needs
    # An order of dropship lines only has nothing to reserve: it is promised in full.
    status = status_of(needs) if needs or not dropship.dropship_line_ids(order_id) \
        else "allocated"
    if status != current:
        database.execute_sql("UPDATE sales_order SET status = ? WHERE id = ?",
                             (status, order_id))
    return status


@dataclass(frozen=True)
class AllocationResult:
    status: str
    backorder: dict[int, int]  # line id -> units that could not be reserved


def allocate_order(order_id: int, today: date | None = None) -> AllocationResult:
    """Reserve stock for every open unit of the order, in one transaction."""
    today = today or date.today()
    with database.atomic():
        order = tx.reread(SalesOrder, order_id)
        if order is None:
            raise BinwiseError("That order is gone.")
        if order.status in ("packed", "shipped", "cancelled"):
            raise BinwiseError(f"Order {order.number} is {order.status}: nothing to allocate.")
        dropship.raise_lines(order_id, today)
        needs = line_needs(order_id)
        items = {i.id: i for i in Item.select().where(
            Item.id.in_(list({n.item_id for n in needs})))} if needs else {}
        backorder, after = {}, []
        for need in needs:
            short = allocate_line(need, today, item=items[need.item_id])
            if short:
                backorder[need.line_id] = short
            after.append(replace(need, reserved=need.reserved + need.open - short))
        note_first_allocation((n.line_id, n.ordered, n.reserved + n.picked) for n in after)
        return AllocationResult(refresh_status(order_id, after), backorder)


def release(reservation: Reservation, qty: int | None = None) -> None:
    """Give back all (or `qty`) of a reservation."""
    ledger.release(reservation.id, qty)


def release_order(order_id: int) -> None:
    with database.atomic():
        ids = [r.id for r in Reservation.select(Reservation.id).join(SalesOrderLine).where(
            SalesOrderLine.order == order_id).order_by(Reservation.id)]
        for reservation_id in ids:
            ledger.release(reservation_id)


def reservation_mismatches() -> list[str]:
    """Quants whose `reserved` differs from the sum of their reservations (for `check`)."""
    # A lookup per quant on the reservations' index, tested before the names are joined:
    # grouping every reservation first cost more than the check of the whole ledger.
    held = ("COALESCE((SELECT SUM(r.qty) FROM reservation r WHERE r.item_id = q.item_id "
            "AND r.location_id = q.location_id AND r.lot_id IS NOT DISTINCT FROM q.lot_id), 0)")
    rows = database.execute_sql(f"""
        SELECT i.sku, COALESCE(l.code, ''), loc.code, q.reserved, {held}
          FROM quant q JOIN item i ON i.id = q.item_id JOIN location loc ON loc.id = q.location_id
          LEFT JOIN lot l ON l.id = q.lot_id
         WHERE q.reserved <> {held}""")
    orphans = database.execute_sql("""
        SELECT i.sku, COALESCE(l.code, ''), loc.code, 0, r.qty FROM reservation r
          JOIN item i ON i.id = r.item_id JOIN location loc ON loc.id = r.location_id
          LEFT JOIN lot l ON l.id = r.lot_id
         WHERE NOT EXISTS (SELECT 1 FROM quant q WHERE q.item_id = r.item_id
                             AND COALESCE(q.lot_id, 0) = COALESCE(r.lot_id, 0)
                             AND q.location_id = r.location_id)""")
    return [f"{sku} lot {lot or '-'} in {loc}: reserved {reserved}, reservations say {total}"
            for sku, lot, loc, reserved, total in list(rows) + list(orphans)]
