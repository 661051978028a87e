"""Receiving against purchase orders: what is still open, posting a receipt into the dock,
undoing it, and keeping the PO's status in step.

Received quantities are never stored: they are summed from the receipt moves of each PO line
(a reversing move counts negative), so they cannot drift from the ledger.
"""

from dataclasses import dataclass
from datetime import date

from app.core import ledger, users
from app.core.errors import BinwiseError, StockError
from app.core.locations import DOCK, SUPPLIER, system_location
from app.db.models import Item, Lot, PurchaseOrder, Receipt, database


@dataclass(frozen=True)
class LineProgress:
    line_id: int
    item_id: int
    sku: str
    name: str
    tracking: str
    ordered: int
    received: int

    @property
    def remaining(self) -> int:
        return max(0, self.ordered - self.received)


_RECEIVED = """COALESCE((SELECT SUM(CASE WHEN m.reverses_id IS NULL THEN m.qty ELSE -m.qty END)
                 FROM move m WHERE m.doc_type = 'receipt' AND m.line_id = l.id), 0)"""
_PROGRESS = f"""
SELECT l.id, i.id, i.sku, i.name, i.tracking, l.qty_ordered, {_RECEIVED}
  FROM purchase_order_line l JOIN item i ON i.id = l.item_id
 WHERE l.po_id = ? {{item_clause}} ORDER BY l.id
"""
# One line still waiting for units is enough to know a PO is not complete.
_INCOMPLETE = f"""
SELECT 1 FROM purchase_order_line l WHERE l.po_id = ? AND l.qty_ordered > {_RECEIVED} LIMIT 1
"""
_ANY_RECEIVED = """
SELECT 1 FROM purchase_order_line l JOIN move m ON m.doc_type = 'receipt' AND m.line_id = l.id
 WHERE l.po_id = ? GROUP BY l.id
HAVING SUM(CASE WHEN m.reverses_id IS NULL THEN m.qty ELSE -m.qty END) > 0 LIMIT 1
"""


def progress(po_id: int, item_id: int | None = None) -> list[LineProgress]:
    """Ordered and received per line of a PO (or of one item on it), in line order."""
    if item_id is None:
        rows = database.execute_sql(_PROGRESS.format(item_clause=""), (po_id,))
    else:
        rows = database.execute_sql(_PROGRESS.format(item_clause="AND l.item_id = ?"),
                                    (po_id, item_id))
    return [LineProgress(*row) for row in rows]


def open_quantity_limit(ordered: int, over_receipt_pct: int) -> int:
    """How many units of a line may be received in all, with the PO's over-receipt tolerance."""
    return ordered + ordered * over_receipt_pct // 100


def _refresh_status(po: PurchaseOrder, just_received: bool = False) -> str:
    if not database.execute_sql(_INCOMPLETE, (po.id,)).fetchone():
        status = "received"
    elif just_received or database.execute_sql(_ANY_RECEIVED, (po.id,)).fetchone():
        status = "partial"
    else:
        status = "open"
    return _set_status(po, status)


def _set_status(po: PurchaseOrder, status: str) -> str:
    if status != po.status:
        database.execute_sql("UPDATE purchase_order SET status = ? WHERE id = ?", (status, po.id))
        po.status = status
    return status


def _as_date(value) -> date | None:
    """A lot's expiry as read raw: a date on PostgreSQL, ISO text on SQLite."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _known_lot(item_id: int, code: str) -> tuple[int, date | None] | None:
    # Raw SQL on purpose: a receipt looks its lot up on every scan, and building the query
    # through the model cost more than running it.
    row = database.execute_sql("SELECT id, expiry FROM lot WHERE item_id = ? AND code = ?",
                               (item_id, code)).fetchone()
    return None if row is None else (row[0], _as_date(row[1]))


def _lot_for(item: Item, code: str, expiry: date | None,
             known: tuple[int, date | None] | None) -> int:
    """The id of the item's lot `code` (`known`: as just looked up), created if new."""
    if known is None:
        return Lot.create(item=item.id, code=code, expiry=expiry).id
    lot_id, recorded = known
    if expiry is not None and recorded is not None and recorded != expiry:
        raise BinwiseError(
            f"Lot {code} of {item.sku} is recorded with expiry {recorded.isoformat()}, but this "
            f"label says {expiry.isoformat()}. Check the label; if it is right, ask a supervisor "
            f"to correct the lot.")
    if expiry is not None and recorded is None:
        database.execute_sql("UPDATE lot SET expiry = ? WHERE id = ?", (expiry, lot_id))
    return lot_id


def find_lot(item_id: int, code: str) -> Lot | None:
    return Lot.get_or_none((Lot.item == item_id) & (Lot.code == code))


@dataclass(frozen=True)
class Received:
    move_id: int
    receipt_id: int
    line: LineProgress
    lot_id: int | None
    po_status: str


def receive(po: PurchaseOrder, item: Item, qty: int, user_id: int, *,
            receipt_id: int | None = None, lot_code: str | None = None,
            expiry: date | None = None, approver_id: int | None = None) -> Received:
    """Post `qty` units of `item` from the supplier into the dock against `po`.

    More than the PO's over-receipt tolerance is refused unless a supervisor (`approver_id`)
    allows it; the move then records the approver.

    Checks and writes happen in one immediate transaction, so two stations receiving the same
    PO cannot both take its last open units.
    """
    with database.atomic():
        # The PO's status as it is now, locked on PostgreSQL until the receipt commits (raw
        # SQL: the model's query building cost more than the query, on every scan).
        lock = " FOR UPDATE" if getattr(database.obj, "for_update", False) else ""
        row = database.execute_sql("SELECT status FROM purchase_order WHERE id = ?" + lock,
                                   (po.id,)).fetchone()
        if row is None:
            raise BinwiseError(f"{po.number} no longer exists.")
        current = row[0]
        if current == "cancelled":
            raise BinwiseError(f"{po.number} is cancelled: nothing can be received on it.")
        if po.dropship:
            raise BinwiseError(f"{po.number} is a dropship PO: the supplier ships it to the "
                               f"customers, nothing is received here.")
        candidates = progress(po.id, item.id)
        if not candidates:
            raise BinwiseError(
                f"{item.sku} ({item.name}) is not on {po.number}. Set it aside and tell your "
                f"supervisor, or scan the right PO.")
        limit = {c.line_id: open_quantity_limit(c.ordered, po.over_receipt_pct)
                 for c in candidates}
        fitting = [c for c in candidates if limit[c.line_id] - c.received >= qty]
        if not fitting and approver_id is not None:
            users.require_role(approver_id, "supervisor", "Receiving more than ordered")
            fitting = candidates
        else:
            approver_id = None
        if not fitting:
            line = candidates[0]
            room = max(0, sum(limit[c.line_id] - c.received for c in candidates))
            raise users.PermissionDeniedError(
                f"Too many: {po.number} expects {room} more of {item.sku} (ordered "
                f"{sum(c.ordered for c in candidates)}, received "
                f"{sum(c.received for c in candidates)}), you scanned {qty}. Set the extra "
                f"units aside, or have a supervisor allow them." if room else
                f"{item.sku} is already fully received on {po.number} ({line.received} of "
                f"{line.ordered}). Set the extra units aside, or have a supervisor allow them.",
                "supervisor")
        # Fill the line with the most still open first, so over-receipt is used last.
        line = max(fitting, key=lambda c: (c.remaining, -c.line_id))
        lot_id = None
        if item.tracking != "none":
            if not lot_code:
                raise BinwiseError(f"{item.sku} is tracked by lot: scan or type the lot.")
            known = _known_lot(item.id, lot_code)
            if item.tracking == "expiry" and expiry is None and (known is None
                                                                 or known[1] is None):
                raise BinwiseError(f"{item.sku} needs an expiry date for lot {lot_code}.")
            lot_id = _lot_for(item, lot_code, expiry, known)
        if receipt_id is None:
            receipt_id = Receipt.create(po=po.id, user=user_id).id
        dock, supplier = system_location(DOCK), system_location(SUPPLIER)
        move_id = ledger.post([ledger.MoveRequest(
            item.id, lot_id, supplier.id, dock.id, qty, "receipt",
            doc_type="receipt", doc_id=receipt_id, line_id=line.line_id)], user_id,
            approver_id=approver_id, joined=True)[0]
        updated = LineProgress(line.line_id, line.item_id, line.sku, line.name, line.tracking,
                               line.ordered, line.received + qty)
        po.status = current  # as read in this transaction, not as the caller last saw it
        if updated.remaining:
            # This line still waits for units, so the PO is not complete: no need to read
            # every other line's receipts again.
            status = _set_status(po, "partial")
        else:
            status = _refresh_status(po, just_received=True)
    return Received(move_id, receipt_id, updated, lot_id, status)


def undo_receipt(po: PurchaseOrder, move_id: int, user_id: int) -> str:
    """Reverse one receipt move (back to the supplier); returns the PO's new status."""
    with database.atomic():
        try:
            ledger.reverse(move_id, user_id, note="receipt undone")
        except StockError as error:
            raise BinwiseError(f"Cannot undo: the received units are no longer all in the "
                               f"dock ({error})") from None
        return _refresh_status(po)
