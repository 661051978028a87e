"""Orders the shop changed or cancelled after Binwise imported them.

Re-importing the shop export compares each order already in Binwise (and not shipped) with the
file. A change is applied in one transaction that locks the order row first, re-reads its
lines and decides there, so the same export imported twice, or by two stations at once,
changes the order once:

- Not picked yet: a cancelled order is cancelled (its reservations released); edited lines are
  changed, added or removed and the order is allocated again.
- Already picked, or partly packed: everything picked for it and not shipped goes back from the
  packing area to the dock by reversing its pick moves, so Put away suggests bins for it; its
  boxes in work are emptied and its reservations released. A cancelled order ends cancelled;
  an edited one continues with its new lines and is allocated and picked again.

Either way the order keeps a short note of what changed (`SalesOrder.changed`), which the
Orders page shows and Pack gives as its reason to refuse.
"""

from dataclasses import dataclass
from datetime import date

from app.core import allocation, dropship, ledger, tx
from app.core.errors import BinwiseError
from app.core.locations import DOCK, PACKING, system_location
from app.db.models import Reservation, SalesOrderLine, Shipment, database

CLOSED = ("shipped", "cancelled")
MAX_CHANGED = 1000  # the note keeps the latest changes; an order edited all day stays readable


@dataclass(frozen=True)
class ShopChange:
    """What happened to one order: `cancelled`, or `edited`; `returned` units went back to the
    dock for put-away."""

    number: str
    kind: str
    note: str
    returned: int


def _lock(order_id: int) -> tuple[str, str, str] | None:
    sql = "SELECT number, status, changed FROM sales_order WHERE id = ?"
    if getattr(database.obj, "for_update", False):
        sql += " FOR UPDATE"
    return database.execute_sql(sql, (order_id,)).fetchone()


def _current_lines(order_id: int) -> dict[int, list[tuple[int, int]]]:
    """item id -> [(line id, qty ordered)] of the order as it is now."""
    lines: dict[int, list[tuple[int, int]]] = {}
    for line_id, item_id, qty in database.execute_sql(
            "SELECT id, item_id, qty_ordered FROM sales_order_line WHERE order_id = ? "
            "ORDER BY id", (order_id,)):
        lines.setdefault(item_id, []).append((line_id, qty))
    return lines


def _sku(item_id: int) -> str:
    return database.execute_sql("SELECT sku FROM item WHERE id = ?", (item_id,)).fetchone()[0]


def line_changes(current: dict[int, list[tuple[int, int]]], wanted: dict[int, int]) -> str:
    """The lines the shop changed, in words ("line SKU-1 2 -> 1, SKU-9 added"); empty when
    none."""
    words = []
    for item_id in sorted(set(current) | set(wanted), key=_sku):
        had = sum(qty for _, qty in current.get(item_id, []))
        want = wanted.get(item_id, 0)
        if had == want:
            continue
        sku = _sku(item_id)
        words.append(f"{sku} added" if not had else f"{sku} removed" if not want
                     else f"{sku} {had} -> {want}")
    return ("line " + ", ".join(words)) if words else ""


def _return_picked(order_id: int, user_id: int) -> int:
    """Send everything picked for the order and not shipped back to the dock (reversing its
    pick moves, newest first, in part where a unit of a move has shipped); returns the units.
    Each pick move can be reversed once (a unique index), so nothing goes back twice."""
    outstanding = {(line_id, lot_id): qty for line_id, lot_id, qty in database.execute_sql("""
        SELECT line_id, lot_id,
               SUM(CASE WHEN kind = 'pick' AND reverses_id IS NULL THEN qty
                        WHEN kind = 'pick' THEN -qty
                        WHEN kind = 'ship' AND reverses_id IS NULL THEN -qty
                        WHEN kind = 'ship' THEN qty ELSE 0 END)
          FROM move WHERE doc_type = 'order' AND doc_id = ?
         GROUP BY line_id, lot_id""", (order_id,)).fetchall() if qty > 0}
    if not outstanding:
        return 0
    picks = database.execute_sql("""
        SELECT m.id, m.item_id, m.lot_id, m.line_id, m.qty FROM move m
         WHERE m.doc_type = 'order' AND m.doc_id = ? AND m.kind = 'pick'
           AND m.reverses_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM move r WHERE r.reverses_id = m.id)
         ORDER BY m.id DESC""", (order_id,)).fetchall()
    packing, dock = system_location(PACKING).id, system_location(DOCK).id
    requests = []
    for move_id, item_id, lot_id, line_id, qty in picks:
        left = outstanding.get((line_id, lot_id), 0)
        if left <= 0:
            continue
        back = min(qty, left)
        outstanding[(line_id, lot_id)] = left - back
        requests.append(ledger.MoveRequest(
            item_id, lot_id, packing, dock, back, "pick", doc_type="order", doc_id=order_id,
            line_id=line_id, reverses_id=move_id,
            note="order changed in the shop: back to the dock for put-away"))
    with tx.unique_or("Another station sent this order's picked units back already."):
        ledger.post(requests, user_id)
    # Its boxes in work held those units; a shipment already sent keeps its record.
    Shipment.delete().where((Shipment.order == order_id) & (Shipment.status == "open")).execute()
    return sum(r.qty for r in requests)


def _set_lines(order_id: int, current: dict[int, list[tuple[int, int]]],
               wanted: dict[int, int]) -> None:
    """Make the order's lines what the shop says (reservations already released)."""
    for item_id, lines in current.items():
        want = wanted.get(item_id, 0)
        if sum(qty for _, qty in lines) == want:
            continue
        for line_id, _ in lines:
            dropship.refuse_change(line_id)
        keep, *extra = [line_id for line_id, _ in lines]
        for line_id in extra:
            SalesOrderLine.delete().where(SalesOrderLine.id == line_id).execute()
        if want:
            SalesOrderLine.update(qty_ordered=want).where(SalesOrderLine.id == keep).execute()
        else:
            SalesOrderLine.delete().where(SalesOrderLine.id == keep).execute()
    added = [{"order": order_id, "item": item_id, "qty_ordered": qty}
             for item_id, qty in wanted.items() if item_id not in current]
    if added:
        SalesOrderLine.insert_many(added).execute()


def _note(before: str, change: str) -> str:
    note = f"{before}; {change}" if before else change
    return note[-MAX_CHANGED:]


def apply_shop_change(order_id: int, *, cancelled: bool, cancelled_on: date | None,
                      lines: dict[int, int] | None, user_id: int,
                      today: date | None = None) -> ShopChange | None:
    """Bring the order in line with the shop: cancelled, or with `lines` (item id -> qty;
    None when the file cannot say, e.g. line items fulfilled in the shop). Returns what
    changed, or None when nothing did (already applied, or shipped)."""
    today = today or date.today()
    with database.atomic():
        row = _lock(order_id)
        if row is None:
            return None
        number, status, before = row
        if status in CLOSED:
            return None
        current = _current_lines(order_id)
        if cancelled:
            change, kind = f"cancelled in the shop on {(cancelled_on or today).isoformat()}", \
                "cancelled"
        else:
            change = line_changes(current, lines) if lines else ""
            kind = "edited"
        if not change:
            return None
        returned = _return_picked(order_id, user_id)
        ids = [r.id for r in Reservation.select(Reservation.id).join(SalesOrderLine).where(
            SalesOrderLine.order == order_id).order_by(Reservation.id)]
        for reservation_id in ids:
            ledger.release(reservation_id)
        if returned:
            change += f" after picking: {returned} unit(s) sent back to the dock for put-away"
        if cancelled:
            dropship.withdraw(order_id)
            database.execute_sql("UPDATE sales_order SET status = ?, changed = ? WHERE id = ?",
                                 ("cancelled", _note(before, change), order_id))
        else:
            _set_lines(order_id, current, lines)
            # Picked units went back: the order starts again from its lines.
            database.execute_sql("UPDATE sales_order SET status = ?, changed = ? WHERE id = ?",
                                 ("open", _note(before, change), order_id))
            allocation.allocate_order(order_id, today)
    return ShopChange(number, kind, change, returned)


def default_user() -> int:
    """Who books what an import changes when no one is named: the built-in operator."""
    row = database.execute_sql('SELECT id FROM "user" WHERE name = ?', ("operator",)).fetchone()
    if row is None:
        row = database.execute_sql('SELECT MIN(id) FROM "user"').fetchone()
    if row is None or row[0] is None:
        raise BinwiseError("No user to book the changed orders to: add one first.")
    return row[0]


def pack_refusal(number: str, status: str, changed: str) -> str:
    """What Pack says about an order the shop changed and that has nothing to pack now."""
    latest = changed.rsplit("; ", 1)[-1]
    text = f"Order {number} was changed in the shop ({latest})."
    if "after picking" in latest:
        text += " Do not pack it: take the units picked for it to the dock for put-away."
    if status == "cancelled":
        return text + " It is cancelled: scan the next order."
    return text + " It is picked again with its new lines (F4), then packed."
