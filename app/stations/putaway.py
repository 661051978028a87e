"""The putaway station: take stock waiting in the dock into bins.

Scan an item or lot in the dock (or press Enter for the oldest stock there); the station suggests
a bin and says why; scanning that bin confirms. Another valid bin is accepted with a warning; a
blocked or full bin, or a code that is not a bin, is refused. The quantity is all of that lot in
the dock unless typed or scanned as `CODE,QTY`. Each putaway is one ledger move.
"""

from dataclasses import dataclass
from datetime import date

from app.core import ledger, putaway, stock_words
from app.core.errors import BinwiseError
from app.core.locations import DOCK, system_location
from app.core.putaway import DockStock, Suggestion
from app.db.models import Item
from app.db.rows import by_id
from app.scanning.decode import DecodeConfig, Reading, decode
from app.scanning.resolve import resolve
from app.stations.base import Feedback, Level, Scan, Station, typed_quantity


@dataclass(frozen=True)
class PutawayState:
    awaiting: str  # "source" or "bin"
    sku: str | None
    name: str | None
    lot: str | None
    expiry: str | None
    qty: int | None
    available: int | None
    suggestion: Suggestion | None
    dock: tuple[DockStock, ...]
    can_undo: bool


def _source_prompt(dock_entries: int) -> str:
    """What to scan next when nothing is in hand, given how much waits in the dock."""
    if not dock_entries:
        return "The dock is empty: receive goods first (F2)"
    return "Scan an item in the dock, or press Enter for the oldest"


@dataclass
class _Task:
    stock: DockStock
    qty: int
    suggestion: Suggestion | None


class PutawayStation(Station):
    name = "putaway"
    title = "Put away"

    def __init__(self, user_id: int, decode_config: DecodeConfig | None = None,
                 today=date.today):
        self.user_id = user_id
        self.decode_config = decode_config or DecodeConfig()
        self.today = today
        self._task: _Task | None = None
        self._pending_qty: int | None = None
        self._done: list[int] = []

    @property
    def awaiting(self) -> str:
        return "bin" if self._task else "source"

    @property
    def prompt(self) -> str:
        task = self._task
        if task is None:
            if self._pending_qty:
                return f"Scan the item to put away {self._pending_qty}"
            return _source_prompt(putaway.dock_entries())
        where = task.suggestion.code if task.suggestion else "a bin"
        return f"Put {task.qty} × {task.stock.sku} into {where}: scan the bin"

    @property
    def state(self) -> PutawayState:
        return self.state_with(self.dock_list())

    def dock_list(self) -> tuple[DockStock, ...]:
        """What waits in the dock, oldest first, as far as the page lists it."""
        return tuple(putaway.dock_stock(limit=putaway.DOCK_LIST_LIMIT))

    def state_with(self, dock: tuple[DockStock, ...]) -> PutawayState:
        """The state with a dock list the caller read already: a view that knows the dock
        has not changed since does not read it again."""
        task = self._task
        stock = task.stock if task else None
        return PutawayState(
            awaiting=self.awaiting,
            sku=stock.sku if stock else None,
            name=stock.name if stock else None,
            lot=stock.lot_code if stock else None,
            expiry=str(stock.expiry) if stock and stock.expiry else None,
            qty=task.qty if task else None,
            available=stock.qty if stock else None,
            suggestion=task.suggestion if task else None,
            dock=dock,
            can_undo=bool(self._done),
        )

    # -- input ------------------------------------------------------------------------------

    def _handle(self, reading: Reading) -> Feedback:
        if self._task is None:
            return self._on_source(reading)
        return self._on_bin(reading)

    def enter(self, text: str) -> Feedback:
        text = text.strip()
        if not text and self._task is None:
            return self.take_oldest()
        qty = typed_quantity(text)
        if qty is not None and not resolve(decode(text, self.decode_config)).matches:
            return self._set_quantity(qty)
        if not text:
            return self._info("Nothing typed.")
        return self.handle(Scan(text, source="typed"))

    def commands(self):
        return {**super().commands(), "CANCEL": self.cancel, "OLDEST": self.take_oldest}

    def cancel(self) -> Feedback:
        """Drop the item being put away or a typed quantity; nothing was posted yet."""
        self._task, self._pending_qty = None, None
        return self._info("Cancelled.")

    def take_oldest(self) -> Feedback:
        waiting = putaway.dock_stock(limit=1)
        if not waiting:
            return self._info("The dock is empty: nothing to put away.")
        return self._start(waiting[0], self._pending_qty)

    def undo(self) -> Feedback:
        if self._task is not None or self._pending_qty:
            self._task, self._pending_qty = None, None
            return self._info("Cancelled.")
        if not self._done:
            return self._error("Nothing to undo.")
        try:
            ledger.reverse(self._done[-1], self.user_id, note="putaway undone")
        except BinwiseError as error:
            return self._error(f"Cannot undo: the stock has moved on since ({error})")
        self._done.pop()
        return self._feedback(Level.WARNING, "Last putaway undone: the stock is back in the "
                              "dock.", {"stock", "state"})

    # -- steps ------------------------------------------------------------------------------

    def _on_source(self, reading: Reading) -> Feedback:
        found = resolve(reading)
        if reading.error and not found.matches:
            return self._error(reading.error)
        items, lots = found.of("item"), found.of("lot")
        if items:
            item_id = items[0].id
            lot_id = None
            if reading.lot:
                lot = next((m for m in lots if m.item_id == item_id), None)
                lot_id = lot.id if lot else self._lot_id(item_id, reading.lot)
                if lot_id is None:
                    return self._error(f"Lot {reading.lot} of {items[0].code} is not in the "
                                       f"dock.")
            return self._from_dock(item_id, lot_id, items[0].code, reading)
        if lots:
            # A lot code can belong to several items: take the one waiting in the dock.
            for lot in lots:
                found_in_dock = putaway.dock_stock(lot.item_id, lot.id, limit=1)
                if found_in_dock:
                    return self._start(found_in_dock[0], self._qty_of(reading))
            lot = lots[0]
            return self._from_dock(lot.item_id, lot.id, lot.code, reading)
        if found.of("bin"):
            return self._error(f"{reading.text} is a bin. First scan the item you are putting "
                               f"away, or press Enter for the oldest stock in the dock.")
        if found.matches:
            return self._error(f"{reading.text} is not an item. Scan an item in the dock.")
        return self._unknown(reading.text, "an item in the dock")

    def _lot_id(self, item_id: int, code: str) -> int | None:
        row = next((s for s in putaway.dock_stock(item_id) if s.lot_code == code), None)
        return row.lot_id if row else None

    def _from_dock(self, item_id: int, lot_id: int | None, code: str,
                   reading: Reading) -> Feedback:
        waiting = putaway.dock_stock(item_id, lot_id, limit=1)
        if not waiting:
            return self._error(f"No {code} is waiting in the dock. Scan an item that was "
                               f"received.")
        return self._start(waiting[0], self._qty_of(reading))

    def _qty_of(self, reading: Reading) -> int | None:
        """The quantity scanned with the code or typed before it; None for all of it."""
        return reading.qty or reading.count or self._pending_qty

    def _start(self, stock: DockStock, qty: int | None) -> Feedback:
        qty = qty or stock.qty
        if qty > stock.qty:
            return self._error(f"Only {stock.qty} of {stock.sku} in the dock, not {qty}.")
        self._pending_qty = None
        item = by_id(Item, stock.item_id)
        suggestion = putaway.suggest_bin(item, stock.lot_id, qty)
        self._task = _Task(stock, qty, suggestion)
        lot = f" lot {stock.lot_code}" if stock.lot_code else ""
        problem = stock_words.expiry_problem(item, stock.lot_code, stock.expiry, self.today())
        if suggestion is None:
            return self._feedback(Level.WARNING, f"{qty} × {stock.sku}{lot}: no bin has room. "
                                  f"Scan any bin with space.{' ' + problem if problem else ''}",
                                  {"state"})
        message = f"{qty} × {stock.sku}{lot} → {suggestion.code}. {suggestion.reason}"
        if problem:
            return self._feedback(Level.WARNING, f"{message} {problem}", {"state"})
        return self._info(message)

    def _set_quantity(self, qty: int) -> Feedback:
        if qty <= 0:
            return self._error("The quantity must be at least 1.")
        if self._task is None:
            self._pending_qty = qty
            return self._info(f"Quantity {qty}: now scan the item.")
        return self._start(self._task.stock, qty)

    def _on_bin(self, reading: Reading) -> Feedback:
        task = self._task
        found = resolve(reading)
        bins = found.of("bin")
        if not bins:
            if found.of("item") or found.of("lot"):
                # Changing one's mind: the new item replaces the current one, unless it is
                # refused, which changes nothing.
                task, self._task = self._task, None
                feedback = self._on_source(reading)
                if feedback.refused:
                    self._task = task
                return feedback
            if found.matches:
                return self._error(f"{reading.text} is not a bin. Scan the bin label "
                                   f"{task.suggestion.code if task.suggestion else ''}".strip()
                                   + ".")
            if reading.error:
                return self._error(reading.error)
            return self._unknown(reading.text, "a bin")
        # The bin is read (and checked) inside the move's transaction; the match names it.
        bin_ = bins[0]
        try:
            move_id = putaway.move_to_bin(task.stock.item_id, task.stock.lot_id,
                                          system_location(DOCK).id, bin_.id, task.qty,
                                          self.user_id, "putaway")
        except BinwiseError as error:
            return self._error(str(error))
        self._done.append(move_id)
        self._task = None
        lot = f" lot {task.stock.lot_code}" if task.stock.lot_code else ""
        left = putaway.dock_entries()
        rest = f" {left} more waiting in the dock." if left else " The dock is empty."
        message = f"Put {task.qty} × {task.stock.sku}{lot} into {bin_.code}.{rest}"
        level = Level.OK
        if task.suggestion and task.suggestion.bin_id != bin_.id:
            level, message = Level.WARNING, (f"{message} (Not the suggested bin "
                                             f"{task.suggestion.code}.)")
        # The prompt from the count just read: nothing is in hand after a putaway.
        return Feedback(level, message, _source_prompt(left), frozenset({"stock", "state"}))
