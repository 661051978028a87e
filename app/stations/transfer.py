"""Bin-to-bin transfer: scan the source bin, the item (and its lot), the quantity, the
destination bin. After a transfer the same source bin stays selected for the next item.
"""

from dataclasses import dataclass
from datetime import date

from app.core import ledger, putaway, stock_words
from app.core.errors import BinwiseError
from app.core.lookup import BinLine, bin_contents
from app.db.models import Item, Location
from app.db.rows import by_id
from app.scanning.commands import command_in
from app.scanning.decode import DecodeConfig, Reading, decode
from app.scanning.resolve import resolve
from app.stations.base import Feedback, Level, Scan, Station, typed_quantity


@dataclass(frozen=True)
class TransferState:
    awaiting: str  # "source", "item", "lot", "destination"
    source: str | None
    contents: tuple[BinLine, ...]
    sku: str | None
    lot: str | None
    qty: int | None
    can_undo: bool


class TransferStation(Station):
    name = "transfer"
    title = "Transfer"

    def __init__(self, user_id: int, decode_config: DecodeConfig | None = None,
                 today=date.today):
        self.user_id = user_id
        self.decode_config = decode_config or DecodeConfig()
        self.today = today
        self._source: Location | None = None
        self._item: Item | None = None
        self._choices: list[BinLine] = []  # the lines of the scanned item in the source bin
        self._line: BinLine | None = None
        self._qty: int | None = None
        self._done: list[int] = []

    @property
    def awaiting(self) -> str:
        if self._source is None:
            return "source"
        if self._item is None:
            return "item"
        if self._line is None:
            return "lot"
        return "destination"

    @property
    def prompt(self) -> str:
        awaiting = self.awaiting
        if awaiting == "source":
            return "Scan the bin to take stock from"
        if awaiting == "item":
            return f"Scan an item in {self._source.code}"
        if awaiting == "lot":
            lots = ", ".join(line.lot or "-" for line in self._choices)
            return f"Scan or type the lot of {self._item.sku} ({lots})"
        return f"Move {self._qty} × {self._item.sku}: scan the destination bin"

    @property
    def state(self) -> TransferState:
        return TransferState(
            awaiting=self.awaiting,
            source=self._source.code if self._source else None,
            contents=tuple(bin_contents(self._source.id)) if self._source else (),
            sku=self._item.sku if self._item else None,
            lot=self._line.lot if self._line else None,
            qty=self._qty,
            can_undo=bool(self._done),
        )

    def _handle(self, reading: Reading) -> Feedback:
        awaiting = self.awaiting
        if awaiting == "source":
            return self._on_source(reading)
        if awaiting == "lot":
            return self._on_lot(reading.lot or reading.text, reading)
        if awaiting == "item":
            return self._on_item(reading)
        return self._on_destination(reading)

    def enter(self, text: str) -> Feedback:
        text = text.strip()
        if command_in(text) is not None:
            return self.handle(Scan(text, source="typed"))
        qty = typed_quantity(text)
        if qty is not None and self.awaiting in ("item", "destination") \
                and not resolve(decode(text, self.decode_config)).matches:
            return self._set_quantity(qty)
        if self.awaiting == "lot" and text:
            return self._on_lot(text, None)
        if not text:
            return self._info("Nothing typed.")
        return self.handle(Scan(text, source="typed"))

    def commands(self):
        return {**super().commands(), "CANCEL": self.cancel}

    def cancel(self) -> Feedback:
        """Drop the item and quantity being moved, or else the source bin; nothing was posted
        yet."""
        if self._item is not None or self._qty is not None:
            self._item, self._line, self._choices, self._qty = None, None, [], None
        else:
            self._source = None
        return self._info("Cancelled.")

    def undo(self) -> Feedback:
        if self._item is not None or self._qty is not None:
            self._item, self._line, self._choices, self._qty = None, None, [], None
            return self._info("Cancelled.")
        if self._source is not None and not self._done:
            self._source = None
            return self._info("Cancelled.")
        if not self._done:
            return self._error("Nothing to undo.")
        try:
            ledger.reverse(self._done[-1], self.user_id, note="transfer undone")
        except BinwiseError as error:
            return self._error(f"Cannot undo: the stock has moved on since ({error})")
        self._done.pop()
        return self._feedback(Level.WARNING, "Last transfer undone.", {"stock", "state"})

    # -- steps ------------------------------------------------------------------------------

    def _on_source(self, reading: Reading) -> Feedback:
        found = resolve(reading)
        bins = found.of("bin")
        if not bins:
            if found.of("location"):
                # The dock is emptied by Put away, the packing area by shipping: a transfer
                # taking from them would skip the suggestion or take a packed order's goods.
                return self._error(f"{found.of('location')[0].code} is not a bin: Transfer "
                                   f"moves stock from bin to bin. Use Put away (F3) for the "
                                   f"dock.")
            if found.matches:
                return self._error(f"{reading.text} is not a bin. Scan the bin you take the "
                                   f"stock from.")
            return self._error(reading.error) if reading.error else \
                self._unknown(reading.text, "a bin")
        return self._set_source(by_id(Location, bins[0].id))

    def _set_source(self, location: Location) -> Feedback:
        contents = bin_contents(location.id)
        if not contents:
            return self._error(f"{location.code} is empty: nothing to move from it.")
        self._source, self._item, self._line, self._qty = location, None, None, None
        return self._info(f"{location.code}: {len(contents)} line(s). Scan the item to move.")

    def _on_item(self, reading: Reading) -> Feedback:
        found = resolve(reading)
        if found.of("bin"):
            return self._set_source(by_id(Location, found.of("bin")[0].id))
        items, lots = found.of("item"), found.of("lot")
        if not items and lots:
            items_ids = {m.item_id for m in lots}
            lines = [x for x in bin_contents(self._source.id)
                     if x.item_id in items_ids and x.lot == reading.text]
            if not lines:
                return self._error(f"Lot {reading.text} is not in {self._source.code}.")
            return self._choose(by_id(Item, lines[0].item_id), lines, reading)
        if not items:
            if reading.error:
                return self._error(reading.error)
            return self._unknown(reading.text, f"an item in {self._source.code}")
        item = by_id(Item, items[0].id)
        lines = [x for x in bin_contents(self._source.id) if x.item_id == item.id]
        if not lines:
            return self._error(f"{item.sku} is not in {self._source.code}. Scan an item that "
                               f"is there.")
        if reading.lot:
            lines = [x for x in lines if x.lot == reading.lot]
            if not lines:
                return self._error(f"Lot {reading.lot} of {item.sku} is not in "
                                   f"{self._source.code}.")
        return self._choose(item, lines, reading)

    def _choose(self, item: Item, lines: list[BinLine], reading: Reading | None) -> Feedback:
        before = (self._item, self._choices, self._qty)
        self._item, self._choices = item, lines
        if reading is not None and (reading.qty or reading.count):
            self._qty = reading.qty or reading.count
        if len(lines) > 1:
            return self._info(f"{item.sku} has {len(lines)} lots in {self._source.code}: scan "
                              f"or type the lot.")
        feedback = self._take_line(lines[0])
        if feedback.refused:
            # Refused: the station waits for the item as before the scan. A typed quantity
            # that does not fit is dropped (as receiving does), or every scan would fail.
            self._item, self._choices, self._qty = before[0], before[1], None
            if before[2]:
                return self._error(f"{feedback.message} The typed quantity is cleared.")
        return feedback

    def _on_lot(self, code: str, reading: Reading | None) -> Feedback:
        line = next((x for x in self._choices if x.lot == code), None)
        if line is None:
            return self._error(f"Lot {code} of {self._item.sku} is not in {self._source.code}.")
        return self._take_line(line)

    def _take_line(self, line: BinLine) -> Feedback:
        available = line.qty - line.reserved
        qty = self._qty or available
        lot = f" lot {line.lot}" if line.lot else ""
        if qty > available or available <= 0:
            if line.reserved:
                return self._error(stock_words.reserved_problem(
                    f"{line.sku}{lot}", self._source.code, line.qty, line.reserved))
            return self._error(f"Only {available} of {line.sku} free in {self._source.code}, "
                               f"not {qty}.")
        self._line, self._qty = line, qty
        message = (f"{qty} × {line.sku}{lot}: scan the destination bin (type a number to "
                   f"change the quantity).")
        problem = stock_words.expiry_problem(self._item, line.lot, line.expiry, self.today())
        if problem:
            # Moving it aside is allowed; say why it should go aside.
            return self._feedback(Level.WARNING, f"{message} {problem}", {"state"})
        return self._info(message)

    def _set_quantity(self, qty: int) -> Feedback:
        if qty <= 0:
            return self._error("The quantity must be at least 1.")
        if self._line is not None:
            previous, before = self._line, self._qty
            self._qty = qty
            feedback = self._take_line(previous)
            if feedback.refused:
                self._qty = before
            return feedback
        self._qty = qty
        return self._info(f"Quantity {qty}: now scan the item.")

    def _on_destination(self, reading: Reading) -> Feedback:
        found = resolve(reading)
        bins = found.of("bin")
        if not bins:
            if found.matches:
                return self._error(f"{reading.text} is not a bin. Scan the destination bin.")
            return self._error(reading.error) if reading.error else \
                self._unknown(reading.text, "the destination bin")
        # The match names the bin; the move reads (and checks) it inside its transaction.
        dest = bins[0]
        if dest.id == self._source.id:
            return self._error(f"That is {dest.code} itself. Scan the bin to move the stock to.")
        line, qty = self._line, self._qty
        try:
            move_id = putaway.move_to_bin(self._item.id, line.lot_id, self._source.id, dest.id, qty,
                                          self.user_id, "transfer")
        except BinwiseError as error:
            return self._error(str(error))
        self._done.append(move_id)
        self._item, self._line, self._choices, self._qty = None, None, [], None
        source = self._source.code
        if not putaway.holds_stock(self._source.id):
            self._source = None
        return self._feedback(Level.OK, f"Moved {qty} × {line.sku}"
                              f"{' lot ' + line.lot if line.lot else ''} from {source} to "
                              f"{dest.code}.", {"stock", "state"})
