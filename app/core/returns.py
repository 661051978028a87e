"""Customer returns: units of a shipped order coming back, each with a reason and a grade.

A returned unit is one `return` move out of the customer location, booked on its order (doc
"order", the order line) and recorded in return_line with its reason and grade:

- sellable: to the dock, put away like a receipt and available to sell at once;
- damaged: to the quarantine location (never allocated, picked or counted as available) until
  it goes back to the supplier (app.core.supplier_returns);
- scrap: written off to inventory loss, with a supervisor's approval.

A return keeps the lot that was shipped, never takes back more of an item and lot than the
order shipped (counting earlier returns), and never grades an expired lot sellable. Each check
runs inside the write transaction that books the move, with the order row locked (BEGIN
IMMEDIATE on SQLite, FOR UPDATE on PostgreSQL), so two stations returning the last unit of an
order at once end in one return and one refusal.
"""

from dataclasses import dataclass
from datetime import date

from app.core import ledger, users
from app.core.errors import BinwiseError, StockError
from app.core.locations import CUSTOMER, DOCK, LOSS, system_location
from app.core.return_reasons import Reason
from app.db.models import RETURN_GRADES, ReturnLine, database

GRADES = RETURN_GRADES
QUARANTINE_KEY = "quarantine_location"  # warehouse_setting: the location's id
QUARANTINE_CODE = "QUARANTINE"


# Quarantine is not a new kind of location: that would change location's CHECK constraint,
# which on SQLite means rebuilding a table half the schema points at; nor a column every
# location write would carry. It is a location of kind 'packing', so the ledger keeps its
# quants while nothing that allocates, picks, replenishes or counts stock as available (bins
# and the dock only) ever sees it; warehouse_setting names it. It is made with the first
# damaged return, so a warehouse that takes no returns looks as it always did.
def quarantine_id(create: bool = False) -> int | None:
    """The location damaged returns wait in; None while there is none (made when `create`,
    inside the caller's write transaction)."""
    row = database.execute_sql("SELECT value FROM warehouse_setting WHERE key = ?",
                               (QUARANTINE_KEY,)).fetchone()
    if row is not None:
        return int(row[0])
    if not create:
        return None
    code = QUARANTINE_CODE
    if database.execute_sql("SELECT 1 FROM location WHERE code = ?", (code,)).fetchone():
        code = f"{QUARANTINE_CODE}-RETURNS"
    parent = database.execute_sql(
        "SELECT MIN(id) FROM location WHERE kind = 'warehouse'").fetchone()[0]
    location = database.execute_sql(
        "INSERT INTO location (code, name, kind, parent_id, sequence, capacity, blocked) "
        "VALUES (?, ?, 'packing', ?, 0, NULL, ?) RETURNING id",
        (code, "Returns quarantine", parent, False)).fetchone()[0]
    database.execute_sql("INSERT INTO warehouse_setting (key, value) VALUES (?, ?)",
                         (QUARANTINE_KEY, str(location)))
    return location


def quarantined_by_item() -> dict[int, int]:
    """Units per item waiting in quarantine: on hand, never available."""
    location = quarantine_id()
    if location is None:
        return {}
    return dict(database.execute_sql("SELECT item_id, SUM(qty) FROM quant WHERE location_id = ? "
                                     "GROUP BY item_id", (location,)).fetchall())


def destination(grade: str) -> int:
    """Where a unit of this grade goes (inside the write transaction: it may make the
    quarantine)."""
    if grade == "sellable":
        return system_location(DOCK).id
    if grade == "damaged":
        return quarantine_id(create=True)
    if grade == "scrap":
        return system_location(LOSS).id
    raise BinwiseError(f"'{grade}' is no grade: sellable, damaged or scrap.")


@dataclass(frozen=True)
class ReturnableLine:
    item_id: int
    sku: str
    name: str
    lot_id: int | None
    lot: str | None
    expiry: date | None
    shipped: int
    returned: int

    @property
    def returnable(self) -> int:
        return max(0, self.shipped - self.returned)


@dataclass(frozen=True)
class ReturnOrder:
    order_id: int
    number: str
    status: str
    lines: tuple[ReturnableLine, ...]
    rma_id: int | None = None
    rma: str | None = None
    # What the RMA announced: (sku, qty, reason) per line.
    expected: tuple[tuple[str, int, str], ...] = ()

    @property
    def returnable(self) -> int:
        return sum(line.returnable for line in self.lines)

    @property
    def returned(self) -> int:
        return sum(line.returned for line in self.lines)


# Per item and lot of the order: net units shipped and net units returned. Moves are found
# through the order's lines (indexed), as at the pack station.
_BALANCE = """
SELECT m.item_id, i.sku, i.name, m.lot_id, l.code, l.expiry,
       SUM(CASE WHEN m.kind = 'ship' AND m.reverses_id IS NULL THEN m.qty
                WHEN m.kind = 'ship' THEN -m.qty ELSE 0 END),
       SUM(CASE WHEN m.kind = 'return' AND m.reverses_id IS NULL THEN m.qty
                WHEN m.kind = 'return' THEN -m.qty ELSE 0 END)
  FROM move m JOIN item i ON i.id = m.item_id LEFT JOIN lot l ON l.id = m.lot_id
 WHERE m.doc_type = 'order' AND m.kind IN ('ship', 'return')
   AND m.line_id IN (SELECT id FROM sales_order_line WHERE order_id = ?)
 GROUP BY m.item_id, i.sku, i.name, m.lot_id, l.code, l.expiry
 ORDER BY i.sku, l.code
"""


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _balance(order_id: int) -> list[ReturnableLine]:
    return [ReturnableLine(item_id, sku, name, lot_id, lot, _day(expiry), shipped, returned)
            for item_id, sku, name, lot_id, lot, expiry, shipped, returned
            in database.execute_sql(_BALANCE, (order_id,)).fetchall()]


def _order(order_id: int, lock: bool) -> tuple[int, str, str]:
    sql = "SELECT id, number, status FROM sales_order WHERE id = ?"
    if lock and getattr(database.obj, "for_update", False):
        sql += " FOR UPDATE"
    row = database.execute_sql(sql, (order_id,)).fetchone()
    if row is None:
        raise BinwiseError("That order is gone.")
    return row


def find_order(number: str) -> int | None:
    row = database.execute_sql("SELECT id FROM sales_order WHERE number = ?",
                               (number.strip(),)).fetchone()
    return row[0] if row else None


def find_rma(number: str) -> tuple[int, int] | None:
    """(rma id, order id) of an imported RMA number, or None."""
    row = database.execute_sql("SELECT id, order_id FROM rma WHERE number = ?",
                               (number.strip(),)).fetchone()
    return (row[0], row[1]) if row else None


def view(order_id: int, rma_id: int | None = None) -> ReturnOrder:
    """What the returns desk sees: per item and lot, shipped and returned so far; with the RMA's
    announced lines when the parcel came with one."""
    order_id, number, status = _order(order_id, lock=False)
    rma, expected = None, ()
    if rma_id is not None:
        row = database.execute_sql("SELECT number FROM rma WHERE id = ?", (rma_id,)).fetchone()
        rma = row[0] if row else None
        expected = tuple(database.execute_sql(
            "SELECT i.sku, r.qty, r.reason FROM rma_line r JOIN item i ON i.id = r.item_id "
            "WHERE r.rma_id = ? ORDER BY r.id", (rma_id,)).fetchall())
    return ReturnOrder(order_id, number, status, tuple(_balance(order_id)), rma_id, rma,
                       expected)


@dataclass(frozen=True)
class Returned:
    move_id: int
    sku: str
    lot: str | None
    qty: int
    grade: str
    reason: str
    location: str  # where the unit went: DOCK, the quarantine, LOSS


def _pick_lot(lines: list[ReturnableLine], item_id: int, lot_code: str | None,
              number: str) -> ReturnableLine:
    """The shipped line (item and lot) a scanned unit returns against."""
    of_item = [x for x in lines if x.item_id == item_id]
    if not of_item:
        raise BinwiseError(f"Order {number} shipped no such item: check the parcel, and scan "
                           f"the order it came from.")
    if lot_code is not None:
        same = [x for x in of_item if x.lot == lot_code]
        if not same:
            shipped = ", ".join(x.lot for x in of_item if x.lot) or "none"
            raise BinwiseError(f"Lot {lot_code} was not shipped on order {number} (shipped: "
                               f"{shipped}). Check the unit's label.")
        return same[0]
    open_lots = [x for x in of_item if x.returnable > 0]
    if of_item[0].lot_id is not None and len(open_lots) > 1:
        lots = ", ".join(x.lot for x in open_lots)
        raise BinwiseError(f"Order {number} shipped {of_item[0].sku} in lots {lots}: scan the "
                           f"lot on the unit.")
    return open_lots[0] if open_lots else of_item[0]


def return_unit(order_id: int, item_id: int, lot_code: str | None, qty: int, reason: Reason,
                grade: str, user_id: int, *, rma_id: int | None = None,
                approver_id: int | None = None, today: date | None = None) -> Returned:
    """Take `qty` units of an item (and lot) of a shipped order back. Refused, changing nothing,
    for an item or lot the order did not ship, more than it shipped less what came back
    already, an expired lot graded sellable, or scrap without a supervisor."""
    today = today or date.today()
    if grade not in GRADES:
        raise BinwiseError(f"'{grade}' is no grade: sellable, damaged or scrap.")
    approver = None
    if grade == "scrap":
        approver = users.approve(user_id, approver_id, "supervisor",
                                 "Scrapping a returned unit")
    with database.atomic():
        order_id, number, _ = _order(order_id, lock=True)
        dst = destination(grade)
        line = _pick_lot(_balance(order_id), item_id, lot_code, number)
        lot = f" lot {line.lot}" if line.lot else ""
        if qty > line.returnable:
            raise BinwiseError(
                f"Order {number} shipped {line.shipped} × {line.sku}{lot} and {line.returned} "
                f"came back already: {qty} more cannot be returned. Set the unit aside and ask "
                f"a supervisor.")
        if grade == "sellable" and line.expiry is not None and line.expiry < today:
            raise BinwiseError(f"{line.sku}{lot} expired on {line.expiry.isoformat()}: it can "
                               f"never be sold again. Grade it damaged or scrap.")
        order_line = database.execute_sql(
            "SELECT id FROM sales_order_line WHERE order_id = ? AND item_id = ? ORDER BY id",
            (order_id, item_id)).fetchone()
        move_id = ledger.post([ledger.MoveRequest(
            item_id, line.lot_id, system_location(CUSTOMER).id, dst, qty, "return",
            doc_type="order", doc_id=order_id, line_id=order_line[0] if order_line else None,
            note=f"{grade}: {reason.code}")], user_id, approver_id=approver)[0]
        ReturnLine.insert(move=move_id, order=order_id, rma=rma_id, reason=reason.code,
                          grade=grade).execute()
        where = database.execute_sql("SELECT code FROM location WHERE id = ?",
                                     (dst,)).fetchone()[0]
    return Returned(move_id, line.sku, line.lot, qty, grade, reason.code, where)


def beyond_rma(rma_id: int, item_id: int) -> tuple[int, int, bool] | None:
    """(units the RMA announced of this item, units now returned under it, whether kits it
    names announced some of them) when more came back than it announced (an item it does not
    name announced none), else None. A kit the RMA names announces its components, as many of
    each as the kits hold (a kit comes back as its components). Undone returns do not count."""
    direct, in_kits, received = database.execute_sql(
        "SELECT (SELECT COALESCE(SUM(qty), 0) FROM rma_line WHERE rma_id = ? AND item_id = ?), "
        "       (SELECT COALESCE(SUM(r.qty * k.qty), 0) FROM rma_line r "
        "          JOIN kit_component k ON k.kit_id = r.item_id "
        "         WHERE r.rma_id = ? AND k.component_id = ?), "
        "(SELECT COALESCE(SUM(m.qty), 0) FROM return_line r JOIN move m ON m.id = r.move_id "
        " WHERE r.rma_id = ? AND m.item_id = ? "
        " AND NOT EXISTS (SELECT 1 FROM move x WHERE x.reverses_id = m.id))",
        (rma_id, item_id, rma_id, item_id, rma_id, item_id)).fetchone()
    announced = int(direct) + int(in_kits)
    return (announced, int(received), bool(in_kits)) if received > announced else None


def undo_return(move_id: int, user_id: int) -> Returned:
    """Take a returned unit back out (a reversing move). A sellable unit already put away from
    the dock, or quarantined stock already sent on, cannot be undone here."""
    row = database.execute_sql(
        "SELECT r.grade, r.reason, i.sku, l.code, m.qty, loc.code FROM return_line r "
        "JOIN move m ON m.id = r.move_id JOIN item i ON i.id = m.item_id "
        "LEFT JOIN lot l ON l.id = m.lot_id JOIN location loc ON loc.id = m.dst_id "
        "WHERE r.move_id = ?", (move_id,)).fetchone()
    if row is None:
        raise BinwiseError("That was no return.")
    grade, reason, sku, lot, qty, where = row
    try:
        ledger.reverse(move_id, user_id, note="return undone")
    except StockError as error:
        if "already undone" in str(error):
            raise
        raise BinwiseError(f"{sku} is no longer in {where} ({error}): move it back there "
                           f"first, or leave the return as it is.") from None
    return Returned(move_id, sku, lot, qty, grade, reason, where)
