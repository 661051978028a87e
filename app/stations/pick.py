"""The pick station: walk the pick path, scan the bin, scan the items, hand over to Pack.

Scan an order (or a pick list) to start. The next pick is shown big: bin, item, lot and expiry,
quantity. Scan the bin, then the item: each scan is one unit, `CODE,QTY` or a GS1 count sets more,
and once the item is confirmed a typed number picks that many. A GS1 lot is checked against the
allocated lot; another lot is accepted only when it keeps FEFO/FIFO order. Type `short` (or press
the Short key) when the bin holds less than asked. When everything is picked, the orders go to
the Pack station (app/stations/pack.py), which checks every unit into its box; scanning a picked
order here says so and changes nothing. Each pick is committed before its feedback.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.core import allocation, picking
from app.core.errors import BinwiseError
from app.core.lookup import bin_contents
from app.core.picking import PickTask
from app.db.models import Lot, PickList, SalesOrder
from app.db.rows import by_id
from app.scanning.commands import command_in
from app.scanning.decode import DecodeConfig, Reading, decode
from app.scanning.resolve import resolve
from app.stations.base import Feedback, Level, Scan, Station, typed_quantity

SHORT_WORDS = ("short", "SHORT")


@dataclass(frozen=True)
class PickState:
    awaiting: str  # "order", "bin", "item", "pack"
    pick_list: str | None
    orders: tuple[str, ...]
    task: PickTask | None
    picked_of_task: int
    remaining_tasks: tuple[PickTask, ...]
    to_pack: tuple[str, ...]
    can_undo: bool


@dataclass(frozen=True)
class _Done:
    move_id: int | None  # None: a short pick, which cannot be undone
    task: PickTask


class PickStation(Station):
    name = "pick"
    title = "Pick"

    def __init__(self, user_id: int, decode_config: DecodeConfig | None = None,
                 today: Callable[[], date] = date.today):
        self.user_id = user_id
        self.decode_config = decode_config or DecodeConfig()
        self.today = today
        self._list: PickList | None = None
        self._tasks: list[PickTask] = []
        self._at_bin = False
        self._confirmed = False  # the current task's item was scanned at least once
        self._picked = 0  # of the current task
        self._pending_qty: int | None = None
        self._short_asked: int | None = None  # the pick whose short report awaits a second F8
        self._done: list[_Done] = []

    # -- what the view shows -------------------------------------------------------------

    @property
    def task(self) -> PickTask | None:
        return self._tasks[0] if self._tasks else None

    @property
    def awaiting(self) -> str:
        if self._list is None:
            return "order"
        if self.task is None:
            return "pack"
        return "item" if self._at_bin else "bin"

    @property
    def prompt(self) -> str:
        awaiting, task = self.awaiting, self.task
        if awaiting == "order":
            return "Scan an order or a pick list"
        if awaiting == "pack":
            waiting = self._to_pack()
            if waiting:
                return f"All picked: take order {waiting[0]} to Pack (Shift+F4)"
            return "Nothing left to pick: scan the next order"
        left = task.qty - self._picked
        if awaiting == "bin":
            return f"Go to {task.bin}: scan the bin"
        lot = f" lot {task.lot}" if task.lot else ""
        kit = f" for kit {task.kit}" if task.kit else ""
        return f"Pick {left} × {task.sku}{lot}{kit} from {task.bin}"

    @property
    def state(self) -> PickState:
        return PickState(
            awaiting=self.awaiting,
            pick_list=self._list.number if self._list else None,
            orders=tuple(o.number for o in picking.orders_of(self._list.id)) if self._list else (),
            task=self.task,
            picked_of_task=self._picked,
            remaining_tasks=tuple(self._tasks),
            to_pack=tuple(self._to_pack()),
            can_undo=bool(self._done),
        )

    def _to_pack(self) -> list[str]:
        if self._list is None:
            return []
        return [o.number for o in picking.orders_of(self._list.id) if o.status == "picked"]

    # -- input ------------------------------------------------------------------------------

    def _handle(self, reading: Reading) -> Feedback:
        self._short_asked = None
        found = resolve(reading)
        if found.of("order") or found.of("picklist"):
            return self._on_document(found)
        awaiting = self.awaiting
        if awaiting in ("order", "pack"):
            if reading.error:
                return self._error(reading.error)
            return self._error(f"'{reading.text}' is not an order. Scan the order number from "
                               f"the order sheet or packing slip.")
        if awaiting == "bin":
            return self._on_bin(reading, found)
        return self._on_item(reading, found)

    def enter(self, text: str) -> Feedback:
        text = text.strip()
        if text.lower() == "short":
            return self.short()
        if command_in(text) is not None:
            # A command's text typed in: the same as scanning it (a second SHORT confirms).
            return self.handle(Scan(text, source="typed"))
        self._short_asked = None
        qty = typed_quantity(text)
        if qty is not None and self.awaiting == "item" \
                and not resolve(decode(text, self.decode_config)).matches:
            if qty <= 0:
                return self._error("The quantity must be at least 1; type 'short' if the bin "
                                   "is empty.")
            if self._confirmed:
                return self._pick(qty)
            self._pending_qty = qty
            return self._info(f"Quantity {qty}: scan the item to confirm it.")
        if not text:
            return self._info("Nothing typed.")
        return self.handle(Scan(text, source="typed"))

    def commands(self):
        return {**super().commands(), "CANCEL": self.cancel, "SHORT": self.short}

    def cancel(self) -> Feedback:
        """Drop a typed quantity or a short report waiting for its confirmation."""
        self._pending_qty, self._short_asked = None, None
        return self._info("Cancelled.")

    def short(self) -> Feedback:
        """Report that the bin holds less than the pick asks. It cannot be undone (it queues a
        count and moves the reservation), so the first press asks and the second one does it."""
        task = self.task
        if task is None or self.awaiting != "item":
            return self._error("Scan the bin of the pick first, then report it short.")
        missing = task.qty - self._picked
        if self._short_asked != task.reservation_id:
            self._short_asked = task.reservation_id
            return self._feedback(Level.WARNING, f"Report {missing} × {task.sku} missing in "
                                  f"{task.bin}? Press F8 (or type 'short') again to confirm; "
                                  f"scan the item to go on picking.", {"state"})
        self._short_asked = None
        try:
            result = picking.report_short(task, self.user_id, self.today())
        except BinwiseError as error:
            self._reload()
            return self._error(str(error))
        self._done.append(_Done(None, task))
        self._reload()
        # Whatever comes next (another bin, or a re-allocation that may reuse the released
        # reservation's id) is a new pick: its bin and item must be scanned again.
        self._at_bin, self._confirmed = False, False
        parts = [f"{result.missing} × {task.sku} missing in {task.bin}: the bin is queued for a "
                 f"count."]
        if result.reallocated:
            parts.append(f"{result.reallocated} re-allocated from another bin.")
        if result.backorder:
            parts.append(f"{result.backorder} on backorder.")
        return self._feedback(Level.WARNING, " ".join(parts), {"stock", "state", "orders"})

    def undo(self) -> Feedback:
        if self._pending_qty or self._short_asked:
            self._pending_qty, self._short_asked = None, None
            return self._info("Cancelled.")
        if not self._done:
            return self._error("Nothing to undo.")
        last = self._done[-1]
        if last.move_id is None:
            self._done.pop()
            return self._error(f"A short pick cannot be undone: the count of {last.task.bin} "
                               f"(F5) puts its stock right. Ctrl+Z again undoes the pick "
                               f"before it.")
        try:
            picking.undo_pick(last.move_id, last.task, self.user_id)
        except BinwiseError as error:
            return self._error(f"Cannot undo: {error}")
        self._done.pop()
        self._reload()
        return self._feedback(Level.WARNING, f"Last pick undone: put the {last.task.sku} back "
                              f"into {last.task.bin}.", {"stock", "state", "orders"})

    # -- steps ------------------------------------------------------------------------------

    def _on_document(self, found) -> Feedback:
        if found.of("picklist"):
            pick_list = by_id(PickList, found.of("picklist")[0].id)
            return self._start(pick_list)
        order = by_id(SalesOrder, found.of("order")[0].id)
        if order.status == "picked":
            # Packing is the Pack station's: it checks every unit into the box.
            return self._info(f"Order {order.number} is picked: take it to Pack (Shift+F4) "
                              f"and scan it there.")
        if order.status in ("packed", "shipped", "cancelled"):
            return self._error(f"Order {order.number} is {order.status}: nothing to pick.")
        if order.status == "open":
            return self._error(f"Order {order.number} has no stock reserved yet (backorder). "
                               f"Pick another order.")
        try:
            return self._start(picking.pick_list_for_order(order))
        except BinwiseError as error:
            return self._error(str(error))

    def _start(self, pick_list: PickList) -> Feedback:
        self._list = pick_list
        self._reload()
        if not self._tasks:
            return self._feedback(Level.INFO, f"{pick_list.number}: nothing left to pick.",
                                  {"state"})
        orders = ", ".join(o.number for o in picking.orders_of(pick_list.id))
        units = sum(t.qty for t in self._tasks)
        return self._feedback(Level.OK, f"{pick_list.number} ({orders}): {len(self._tasks)} "
                              f"pick(s), {units} unit(s). Go to {self._tasks[0].bin}.", {"state"})

    def _reload(self) -> None:
        """Read the tasks again; a task's quantity is then what is still reserved for it."""
        current = self.task
        self._tasks = picking.tasks(self._list.id) if self._list else []
        following = self.task
        self._picked = 0
        same = (current is not None and following is not None
                and (following.reservation_id, following.location_id, following.lot_id)
                == (current.reservation_id, current.location_id, current.lot_id))
        if not same:
            self._confirmed = False
            self._at_bin = bool(current and following and following.location_id ==
                                current.location_id and self._at_bin)

    def _on_bin(self, reading: Reading, found) -> Feedback:
        task = self.task
        bins = found.of("bin")
        if not bins:
            if found.of("item") or found.of("lot"):
                return self._error(f"Scan the bin {task.bin} first, then the item.")
            if reading.error:
                return self._error(reading.error)
            return self._unknown(reading.text, f"the bin {task.bin}")
        if bins[0].id != task.location_id:
            return self._error(f"Wrong bin: {bins[0].code}. This pick is in {task.bin}.")
        self._at_bin = True
        return self._info(f"{task.bin}: pick {task.qty - self._picked} × {task.sku}.")

    def _on_item(self, reading: Reading, found) -> Feedback:
        task = self.task
        if found.of("bin"):
            if found.of("bin")[0].id == task.location_id:
                return self._info(f"You are at {task.bin}: scan the item.")
            return self._error(f"Wrong bin: {found.of('bin')[0].code}. This pick is in "
                               f"{task.bin}.")
        items = [m for m in found.of("item")] or [
            m for m in found.of("lot") if m.item_id == task.item_id]
        if not items:
            if reading.error:
                return self._error(reading.error)
            return self._unknown(reading.text, f"the item {task.sku}")
        if not any((m.item_id or m.id) == task.item_id for m in items):
            return self._error(f"Wrong item: {items[0].code}. Pick {task.sku} ({task.name}) "
                               f"from {task.bin}.")
        if reading.error:
            return self._error(reading.error)
        lot_code = reading.lot or next((m.code for m in found.of("lot")
                                        if m.item_id == task.item_id), None)
        if lot_code is None and task.lot:
            # A plain barcode names the item, not the lot: with other lots (perhaps expired
            # ones) in the same bin, which one is in the hand is asked, never assumed.
            lots = sorted({x.lot for x in bin_contents(task.location_id)
                           if x.item_id == task.item_id and x.lot})
            if lots != [task.lot]:
                return self._feedback(Level.WARNING, f"{task.bin} holds lots "
                                      f"{', '.join(lots)} of {task.sku}: scan the lot label "
                                      f"(lot {task.lot}), or type the lot. Nothing was picked.")
        if lot_code and task.lot and lot_code != task.lot:
            lot = Lot.get_or_none((Lot.item == task.item_id) & (Lot.code == lot_code))
            if lot is None:
                return self._error(f"Lot {lot_code} is unknown for {task.sku}. Pick lot "
                                   f"{task.lot}.")
            try:
                swapped = picking.swap_lot(task, lot, task.qty - self._picked, self.today())
            except BinwiseError as error:
                return self._error(str(error))
            self._tasks[0] = swapped
            self._picked = 0
        self._confirmed = True
        qty = (reading.qty or reading.count or 1) * (self._pending_qty or 1)
        self._pending_qty = None
        return self._pick(qty)

    def _pick(self, qty: int) -> Feedback:
        task = self.task
        left = task.qty - self._picked
        if qty > left:
            return self._error(f"Too many: this pick needs only {left} more of {task.sku}. Put "
                               f"the extra back into {task.bin} and scan or type {left}.")
        try:
            move_id = picking.pick(task, qty, self.user_id)
        except BinwiseError as error:
            return self._error(str(error))
        self._done.append(_Done(move_id, task))
        self._picked += qty
        kit = f" (kit {task.kit})" if task.kit else ""
        message = (f"+{qty} {task.sku}{kit}. {self._picked} of {task.qty} picked for "
                   f"{task.order}.")
        if self._picked >= task.qty:
            self._picked, self._confirmed = 0, False
            self._tasks = picking.tasks(self._list.id)
            nxt = self.task
            self._at_bin = bool(nxt and nxt.location_id == task.location_id)
            if nxt is None:
                status = allocation.refresh_status(task.order_id)
                picking.close_if_done(self._list.id)
                message += " Pick list done." if status == "picked" else \
                    " Pick list done; some units are on backorder."
            else:
                message += f" Next: {nxt.bin}."
        return self._feedback(Level.OK, message, {"stock", "state", "orders"})

