"""Picking: pick lists sorted into a walking path, scan-confirmed picks into the packing area,
lot swaps that keep FEFO/FIFO order, short picks, and shipping (packing is app/core/packing.py).

A pick task is a reservation: picking moves reserved stock bin -> packing (kind "pick") and
shrinks the reservation by the same amount in one transaction. Shipping moves what an order
picked packing -> customer.
"""

from dataclasses import dataclass
from datetime import date

from app.core import allocation, dropship, kits, ledger, stock_words, tx
from app.core.bulk import Pacer
from app.core.errors import BinwiseError
from app.core.locations import CUSTOMER, PACKING, system_location
from app.db.models import (
    CountRequest,
    Item,
    Lot,
    PickList,
    PickListOrder,
    Reservation,
    SalesOrder,
    Shipment,
    database,
    utcnow,
)


@dataclass(frozen=True)
class PickTask:
    reservation_id: int
    order_id: int
    order: str
    line_id: int
    item_id: int
    sku: str
    name: str
    lot_id: int | None
    lot: str | None
    expiry: str | None
    location_id: int
    bin: str
    zone: str
    qty: int
    blocked: bool = False  # the bin was blocked after the stock was reserved in it
    kit: str | None = None  # the kit SKU ordered, when this is one of its components


_TASKS = """
SELECT r.id, o.id, o.number, r.line_id, r.item_id, i.sku, i.name, r.lot_id, l.code, l.expiry,
       r.location_id, loc.code, COALESCE(z.code, ''), r.qty, loc.blocked,
       CASE WHEN r.item_id <> ol.item_id THEN oi.sku END
  FROM reservation r JOIN sales_order_line ol ON ol.id = r.line_id
  JOIN item oi ON oi.id = ol.item_id
  JOIN sales_order o ON o.id = ol.order_id JOIN item i ON i.id = r.item_id
  JOIN location loc ON loc.id = r.location_id LEFT JOIN location z ON z.id = loc.parent_id
  LEFT JOIN lot l ON l.id = r.lot_id
 WHERE o.id IN (SELECT order_id FROM pick_list_order WHERE pick_list_id = ?)
 ORDER BY z.sequence, z.code, loc.sequence, loc.code, i.sku, r.id
"""


def create_pick_list(order_ids: list[int]) -> PickList:
    """One list for one order or a batch; orders must be allocated (fully or partly)."""
    if not order_ids:
        raise BinwiseError("A pick list needs at least one order.")
    with database.atomic():
        for order_id in order_ids:
            order = tx.reread(SalesOrder, order_id)
            if order.status not in ("allocated", "partial", "picking"):
                raise BinwiseError(f"Order {order.number} is {order.status}: only allocated "
                                   f"orders can be picked.")
            if not dropship.has_stocked_lines(order_id):
                raise BinwiseError(f"Order {order.number} is shipped by the supplier "
                                   f"(dropship): nothing to pick.")
            listed = _open_list_of(order_id)
            if listed is not None:
                raise BinwiseError(f"Order {order.number} is already on pick list "
                                   f"{listed.number}: pick it from there.")
        number = (PickList.select().count() + 1)
        pick_list = PickList.create(number=f"PL-{number:05d}")
        for order_id in order_ids:
            PickListOrder.create(pick_list=pick_list, order=order_id)
    return pick_list


def _open_list_of(order_id: int) -> PickList | None:
    return (PickList.select().join(PickListOrder)
            .where((PickListOrder.order == order_id) & (PickList.status == "open")).first())


def pick_list_for_order(order: SalesOrder) -> PickList:
    """The open pick list holding this order, or a new one for it alone."""
    return _open_list_of(order.id) or create_pick_list([order.id])


def close_if_done(pick_list_id: int) -> bool:
    """A list whose orders are all picked (or beyond) is done; backorders keep it open."""
    waiting = [o for o in orders_of(pick_list_id)
               if o.status not in ("picked", "packed", "shipped", "cancelled")]
    if waiting or tasks(pick_list_id):
        return False
    PickList.update(status="done").where(PickList.id == pick_list_id).execute()
    return True


def tasks(pick_list_id: int) -> list[PickTask]:
    """What is still to pick, in walking order: zone, then bin sequence."""
    return [PickTask(*row[:-2], blocked=bool(row[-2]), kit=row[-1])
            for row in database.execute_sql(_TASKS, (pick_list_id,))]


@dataclass(frozen=True)
class ListedOrder:
    """An order on a pick list, as the pick station shows it."""

    id: int
    number: str
    status: str


# Read on every pick scan (the prompt and the orders to take to Pack): one fixed statement,
# read fresh each time, instead of a query built anew.
_ORDERS_OF = """
SELECT o.id, o.number, o.status FROM sales_order o
  JOIN pick_list_order plo ON plo.order_id = o.id
 WHERE plo.pick_list_id = ? ORDER BY o.number
"""


def orders_of(pick_list_id: int) -> list[ListedOrder]:
    """The orders on a pick list, by number, with their status as it is now."""
    return [ListedOrder(*row) for row in database.execute_sql(_ORDERS_OF, (pick_list_id,))]


def pick(task: PickTask, qty: int, user_id: int) -> int:
    """Move `qty` of a task's reserved stock into packing; returns the move id.

    The reservation is re-read inside the transaction: units another station picked or
    released meanwhile are not picked twice."""
    with database.atomic():
        held = database.execute_sql("SELECT qty FROM reservation WHERE id = ?",
                                    (task.reservation_id,)).fetchone()
        left = held[0] if held else 0
        if left < qty:
            raise BinwiseError(f"Only {left} of {task.sku} left to pick in {task.bin} for "
                               f"{task.order}, not {qty}.")
        move_id = ledger.consume(task.reservation_id, ledger.MoveRequest(
            task.item_id, task.lot_id, task.location_id, system_location(PACKING).id, qty,
            "pick", doc_type="order", doc_id=task.order_id, line_id=task.line_id), user_id,
            joined=True)
        allocation.refresh_status(task.order_id)
    return move_id


def undo_pick(move_id: int, task: PickTask, user_id: int) -> None:
    """Put picked units back into their bin and reserve them for the order line again.

    The units are reserved by what the pick took (its line, item, lot and bin, read from the
    move itself), never by a remembered reservation id that another station's reservation may
    have taken meanwhile; and no more than the line still needs. (`task` only names what the
    station showed; the move is the record.)"""
    with database.atomic():
        moved = database.execute_sql(
            "SELECT item_id, lot_id, src_id, qty, line_id, doc_id FROM move "
            "WHERE id = ? AND kind = 'pick'", (move_id,)).fetchone()
        if moved is None:
            raise BinwiseError("That was not a pick.")
        item_id, lot_id, bin_id, qty, line_id, order_id = moved
        ledger.reverse(move_id, user_id, note="pick undone")
        need = next((n for n in allocation.line_needs(order_id) if n.line_id == line_id), None)
        if need is not None and kits.is_kit(need.item_id):
            # A kit's component goes back to its kit, by the strategy, whole kits only.
            allocation.allocate_line(need, date.today())
            allocation.refresh_status(order_id)
            return
        again = min(qty, need.open) if need else 0
        if again:
            ledger.reserve(line_id, item_id, lot_id, bin_id, again, "pick undone")
        allocation.refresh_status(order_id)


def _why_not_free(item: Item, lot: Lot, task: PickTask, qty: int, today: date) -> str:
    """Which rule keeps a lot in the bin from being picked: its expiry, orders, or absence."""
    problem = stock_words.expiry_problem(item, lot.code, lot.expiry, today)
    if problem:
        return problem
    row = database.execute_sql(
        "SELECT qty, reserved FROM quant WHERE item_id = ? AND location_id = ? AND lot_id = ?",
        (task.item_id, task.location_id, lot.id)).fetchone()
    if row is None or row[0] <= 0:
        return f"Lot {lot.code} is not in {task.bin}: put it back where it came from."
    if row[1] > 0:
        return stock_words.reserved_problem(f"{task.sku} lot {lot.code}", task.bin, *row)
    return f"Only {row[0]} of lot {lot.code} are in {task.bin}, not {qty}."


def swap_lot(task: PickTask, lot: Lot, qty: int, today: date) -> PickTask:
    """Pick another lot of the same item from the same bin instead of the allocated one.

    Allowed only when it keeps the removal order (it expires, or came in, no later than the
    allocated lot) and the other lot is allocatable there. The reservation moves with it.
    """
    item = Item.get_by_id(task.item_id)
    with database.atomic():
        options = {c.lot_id: c for c in allocation.candidates(item, today)
                   if c.location_id == task.location_id}
        chosen = options.get(lot.id)
        if chosen is None or chosen.available < qty:
            raise BinwiseError(f"{_why_not_free(item, lot, task, qty, today)} Pick lot "
                               f"{task.lot}.")
        allocated = Lot.get_by_id(task.lot_id) if task.lot_id else None
        allocated_in = database.execute_sql(
            "SELECT in_date FROM quant WHERE item_id = ? AND location_id = ? AND lot_id = ?",
            (task.item_id, task.location_id, task.lot_id)).fetchone()
        if item.removal == "fefo" and allocated and allocated.expiry and (
                lot.expiry is None or lot.expiry > allocated.expiry):
            raise BinwiseError(f"Lot {lot.code} expires after lot {allocated.code}: FEFO says "
                               f"pick lot {allocated.code} first.")
        if item.removal == "fifo" and allocated_in and chosen.in_date > allocated_in[0]:
            raise BinwiseError(f"Lot {lot.code} came in later than lot {task.lot}: FIFO says "
                               f"pick lot {task.lot} first.")
        ledger.release(task.reservation_id, qty)
        new_id = ledger.reserve(task.line_id, task.item_id, lot.id, task.location_id, qty,
                                f"lot {lot.code} picked instead of {task.lot} (same bin, "
                                f"keeps {item.removal.upper()} order)")
    return PickTask(new_id, task.order_id, task.order, task.line_id, task.item_id, task.sku,
                    task.name, lot.id, lot.code,
                    lot.expiry.isoformat() if lot.expiry else None, task.location_id,
                    task.bin, task.zone, qty, task.blocked, task.kit)


@dataclass(frozen=True)
class ShortResult:
    missing: int
    reallocated: int
    backorder: int


def report_short(task: PickTask, user_id: int, today: date) -> ShortResult:
    """The bin holds less than the task asks: release the rest, queue the bin for a count and
    re-allocate the missing units from other bins where possible."""
    with database.atomic():
        reservation = Reservation.get_or_none(Reservation.id == task.reservation_id)
        if reservation is None:
            raise BinwiseError(f"The pick of {task.sku} in {task.bin} for {task.order} was "
                               f"already done or released at another station.")
        missing = reservation.qty
        on_hand = database.execute_sql(
            "SELECT qty FROM quant WHERE item_id = ? AND location_id = ? "
            "AND COALESCE(lot_id, 0) = ?",
            (task.item_id, task.location_id, task.lot_id or 0)).fetchone()
        allocation.release(reservation)
        CountRequest.create(location=task.location_id, item=task.item_id, lot=task.lot_id,
                            kind="short", user=user_id,
                            expected=on_hand[0] if on_hand else 0,
                            reason=f"short pick for {task.order}: {missing} of {task.sku} "
                                   f"missing in {task.bin}")
        need = next(n for n in allocation.line_needs(task.order_id) if n.line_id == task.line_id)
        if task.kit:
            # A kit line counts kits; the picker is told about this component's units.
            before = _reserved_units(task.line_id, task.item_id)
            allocation.allocate_line(need, today, exclude_location=task.location_id)
            again = min(missing, max(0, _reserved_units(task.line_id, task.item_id) - before))
            backorder = missing - again
        else:
            backorder = allocation.allocate_line(need, today, exclude_location=task.location_id)
        allocation.refresh_status(task.order_id)
    return ShortResult(missing, missing - backorder, backorder)


def _reserved_units(line_id: int, item_id: int) -> int:
    return database.execute_sql(
        "SELECT COALESCE(SUM(qty), 0) FROM reservation WHERE line_id = ? AND item_id = ?",
        (line_id, item_id)).fetchone()[0]


def ship_order(order: SalesOrder, user_id: int) -> int:
    """Move everything the order picked from packing to the customer; returns units shipped.

    The status is changed first, as a compare-and-set inside the transaction: when another
    station shipped (or changed) the order meanwhile, nothing is moved and the user is told.
    While the supplier has not confirmed the order's dropship lines, its parcel leaves and the
    order stays packed; confirming them ships it."""
    packing, customer = system_location(PACKING).id, system_location(CUSTOMER).id
    with database.atomic():
        current = tx.reread(SalesOrder, order.id)
        status = current.status if current else "gone"
        if status != "packed":
            if status == "shipped":
                raise tx.ConflictError(f"Order {order.number} is already shipped.")
            raise BinwiseError(f"Order {order.number} is {status}: pack it before shipping.")
        waiting = dropship.unconfirmed(order.id)
        if not waiting:
            tx.compare_and_set(SalesOrder, order.id, "status", "packed", "shipped",
                               f"Order {order.number} is already shipped.")
        elif dropship.stocked_part_shipped(order.id):
            raise tx.ConflictError(f"Order {order.number} has left; {waiting} dropship "
                                   f"line(s) wait for the supplier to confirm them.")
        # Else the parcel leaves now and the order stays packed until the supplier confirms.
        rows = database.execute_sql("""
            SELECT m.item_id, m.lot_id, m.line_id,
                   SUM(CASE WHEN m.kind = 'pick' AND m.reverses_id IS NULL THEN m.qty
                            WHEN m.kind = 'pick' THEN -m.qty
                            WHEN m.kind = 'ship' AND m.reverses_id IS NULL THEN -m.qty
                            WHEN m.kind = 'ship' THEN m.qty ELSE 0 END)
              FROM move m WHERE m.doc_type = 'order' AND m.doc_id = ?
             GROUP BY m.item_id, m.lot_id, m.line_id
             ORDER BY m.line_id, m.item_id, m.lot_id""", (order.id,)).fetchall()
        # Shipments already sent in part are left out above; the one in work goes now.
        Shipment.update(status="shipped", shipped_at=utcnow()).where(
            (Shipment.order == order.id) & (Shipment.status == "open")).execute()
        requests = [ledger.MoveRequest(item_id, lot_id, packing, customer, qty, "ship",
                                       doc_type="order", doc_id=order.id, line_id=line_id)
                    for item_id, lot_id, line_id, qty in rows if qty > 0]
        ledger.post(requests, user_id)
    order.status = "packed" if waiting else "shipped"
    return sum(r.qty for r in requests)


def ship_packed(user_id: int, numbers: list[str] | None = None) -> tuple[int, int]:
    """Ship the packed orders named (all packed orders when None); returns (orders, units).

    An order another station shipped meanwhile is skipped, not shipped twice."""
    query = SalesOrder.select().where(SalesOrder.status == "packed")
    if numbers is not None:
        query = SalesOrder.select().where(SalesOrder.number.in_(numbers))
    orders = list(query.order_by(SalesOrder.number))
    if numbers is not None:
        found = {o.number.lower() for o in orders}
        missing = [n for n in numbers if n.lower() not in found]
        if missing:
            raise BinwiseError(f"No order '{missing[0]}'.")
    shipped = units = 0
    pacer = Pacer()  # each order is its own short transaction; scans get turns in between
    for order in orders:
        try:
            units += ship_order(order, user_id)
        except tx.ConflictError:
            if numbers is not None:
                raise
            continue
        shipped += 1
        pacer.tick()
    return shipped, units
