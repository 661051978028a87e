"""Picking: pick lists sorted into a walking path, scan-confirmed picks into the packing area,
lot swaps that keep FEFO/FIFO order, short picks, packing and shipping.

A pick task is a reservation: picking moves reserved stock bin -> packing (kind "pick") and
shrinks the reservation by the same amount in one transaction. Shipping moves what an order
picked packing -> customer.
"""

from dataclasses import dataclass
from datetime import date

from app.core import allocation, ledger
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
    database,
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


_TASKS = """
SELECT r.id, o.id, o.number, r.line_id, r.item_id, i.sku, i.name, r.lot_id, l.code, l.expiry,
       r.location_id, loc.code, COALESCE(z.code, ''), r.qty
  FROM reservation r JOIN sales_order_line ol ON ol.id = r.line_id
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
            order = SalesOrder.get_by_id(order_id)
            if order.status not in ("allocated", "partial", "picking"):
                raise BinwiseError(f"Order {order.number} is {order.status}: only allocated "
                                   f"orders can be picked.")
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
    return [PickTask(*row) for row in database.execute_sql(_TASKS, (pick_list_id,))]


def orders_of(pick_list_id: int) -> list[SalesOrder]:
    return list(SalesOrder.select().join(PickListOrder)
                .where(PickListOrder.pick_list == pick_list_id).order_by(SalesOrder.number))


def pick(task: PickTask, qty: int, user_id: int) -> int:
    """Move `qty` of a task's reserved stock into packing; returns the move id."""
    with database.atomic():
        reservation = Reservation.get_or_none(Reservation.id == task.reservation_id)
        if reservation is None or reservation.qty < qty:
            left = reservation.qty if reservation else 0
            raise BinwiseError(f"Only {left} of {task.sku} left to pick in {task.bin} for "
                               f"{task.order}, not {qty}.")
        move_id = ledger.post([ledger.MoveRequest(
            task.item_id, task.lot_id, task.location_id, system_location(PACKING).id, qty,
            "pick", doc_type="order", doc_id=task.order_id, line_id=task.line_id,
            from_reserved=qty)], user_id)[0]
        if reservation.qty == qty:
            reservation.delete_instance()
        else:
            Reservation.update(qty=Reservation.qty - qty).where(
                Reservation.id == reservation.id).execute()
        allocation.refresh_status(task.order_id)
    return move_id


def undo_pick(move_id: int, task: PickTask, user_id: int) -> None:
    """Put picked units back into their bin and reserve them for the order again."""
    with database.atomic():
        ledger.reverse(move_id, user_id, note="pick undone")
        quant = database.execute_sql(
            "SELECT id FROM quant WHERE item_id = ? AND location_id = ? AND COALESCE(lot_id,0) = ?",
            (task.item_id, task.location_id, task.lot_id or 0)).fetchone()
        qty = database.execute_sql("SELECT qty FROM move WHERE id = ?", (move_id,)).fetchone()[0]
        ledger.change_reservation(quant[0], qty)
        existing = Reservation.get_or_none(Reservation.id == task.reservation_id)
        if existing:
            Reservation.update(qty=Reservation.qty + qty).where(
                Reservation.id == existing.id).execute()
        else:
            Reservation.create(id=task.reservation_id, line=task.line_id, item=task.item_id,
                               lot=task.lot_id, location=task.location_id, qty=qty,
                               reason="pick undone")
        allocation.refresh_status(task.order_id)


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
            raise BinwiseError(f"Lot {lot.code} cannot be picked here: it is not free in "
                               f"{task.bin}, expired, or too close to expiry. Pick lot "
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
        reservation = Reservation.get_by_id(task.reservation_id)
        allocation.release(reservation, qty)
        ledger.change_reservation(chosen.quant_id, qty)
        new = Reservation.create(line=task.line_id, item=task.item_id, lot=lot.id,
                                 location=task.location_id, qty=qty,
                                 reason=f"lot {lot.code} picked instead of {task.lot} "
                                        f"(same bin, keeps {item.removal.upper()} order)")
    return PickTask(new.id, task.order_id, task.order, task.line_id, task.item_id, task.sku,
                    task.name, lot.id, lot.code,
                    lot.expiry.isoformat() if lot.expiry else None, task.location_id,
                    task.bin, task.zone, qty)


@dataclass(frozen=True)
class ShortResult:
    missing: int
    reallocated: int
    backorder: int


def report_short(task: PickTask, user_id: int, today: date) -> ShortResult:
    """The bin holds less than the task asks: release the rest, queue the bin for a count and
    re-allocate the missing units from other bins where possible."""
    with database.atomic():
        reservation = Reservation.get_by_id(task.reservation_id)
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
        backorder = allocation.allocate_line(need, today, exclude_location=task.location_id)
        allocation.refresh_status(task.order_id)
    return ShortResult(missing, missing - backorder, backorder)


def pack_order(order: SalesOrder) -> None:
    if order.status != "picked":
        raise BinwiseError(f"Order {order.number} is {order.status}: only fully picked orders "
                           f"can be packed.")
    SalesOrder.update(status="packed").where(SalesOrder.id == order.id).execute()
    order.status = "packed"


def ship_order(order: SalesOrder, user_id: int) -> int:
    """Move everything the order picked from packing to the customer; returns units shipped."""
    if order.status != "packed":
        raise BinwiseError(f"Order {order.number} is {order.status}: pack it before shipping.")
    rows = database.execute_sql("""
        SELECT m.item_id, m.lot_id, m.line_id,
               SUM(CASE WHEN m.kind = 'pick' AND m.reverses_id IS NULL THEN m.qty
                        WHEN m.kind = 'pick' THEN -m.qty ELSE 0 END)
          FROM move m WHERE m.doc_type = 'order' AND m.doc_id = ?
         GROUP BY m.item_id, m.lot_id, m.line_id""", (order.id,)).fetchall()
    packing, customer = system_location(PACKING).id, system_location(CUSTOMER).id
    requests = [ledger.MoveRequest(item_id, lot_id, packing, customer, qty, "ship",
                                   doc_type="order", doc_id=order.id, line_id=line_id)
                for item_id, lot_id, line_id, qty in rows if qty > 0]
    with database.atomic():
        ledger.post(requests, user_id)
        SalesOrder.update(status="shipped").where(SalesOrder.id == order.id).execute()
    order.status = "shipped"
    return sum(r.qty for r in requests)
