"""The count station: today's list of bins; scan a bin, scan what is in it, close it.

Blind by default: what the system expects is never shown. Each item scan counts one unit;
`CODE,QTY`, a GS1 count or a number typed before the scan counts more. Items or lots the system
did not expect are recorded as found. Type `empty` to confirm an empty bin. Scan the bin's label
again (or type `close`) to close it: variances inside the class tolerance are adjusted at once,
larger ones are counted again and then reviewed by a supervisor.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.core import count_schedule, counting
from app.core.count_policy import CountPolicy, load_policy
from app.core.errors import BinwiseError
from app.db.models import Count, Item, Location
from app.db.rows import by_id
from app.scanning.commands import command_in
from app.scanning.decode import DecodeConfig, Reading, decode
from app.scanning.resolve import resolve
from app.stations.base import Feedback, Level, Scan, Station, typed_quantity
from app.stations.entry_rules import lot_of_scan, lot_problem


@dataclass(frozen=True)
class CountedLine:
    sku: str
    name: str
    lot: str | None
    counted: int


@dataclass(frozen=True)
class DueBin:
    code: str
    kind: str  # scheduled, adhoc, short, recount
    status: str


@dataclass(frozen=True)
class CountState:
    awaiting: str  # "bin", "items", "lot"
    bin: str | None
    counted: tuple[CountedLine, ...]
    due: tuple[DueBin, ...]
    pending_qty: int | None
    can_undo: bool


class CountStation(Station):
    name = "count"
    title = "Count"

    def __init__(self, user_id: int, decode_config: DecodeConfig | None = None,
                 today: Callable[[], date] = date.today, policy: CountPolicy | None = None):
        self.user_id = user_id
        self.decode_config = decode_config or DecodeConfig()
        self.today = today
        self.policy = policy or load_policy()
        self._count: Count | None = None
        self._pending_qty: int | None = None
        self._pending_item: tuple[Item, int] | None = None  # waiting for its lot
        self._recorded: list[tuple[int, int | None, int]] = []

    def prepare(self) -> Feedback:
        """Make today's list (the schedule's bins and the bins queued by short picks)."""
        counts = count_schedule.prepare_day(self.today(), self.policy)
        return self._info(f"{len(counts)} bins to count today.")

    # -- what the view shows -------------------------------------------------------------

    @property
    def awaiting(self) -> str:
        if self._count is None:
            return "bin"
        return "lot" if self._pending_item else "items"

    @property
    def prompt(self) -> str:
        awaiting = self.awaiting
        if awaiting == "bin":
            due = count_schedule.next_due_code(self.today())
            return f"Scan the bin to count ({due} next)" if due else "Scan a bin to count"
        if awaiting == "lot":
            return f"Scan or type the lot of {self._pending_item[0].sku}"
        more = f" ({self._pending_qty} each)" if self._pending_qty else ""
        blocked = " (blocked)" if self._count.location.blocked else ""
        return (f"Count {self._count.location.code}{blocked}: scan every item{more}, then the "
                f"bin label again to close")

    @property
    def state(self) -> CountState:
        return self.state_with(self.due_list())

    def due_list(self) -> tuple[DueBin, ...]:
        """Today's list of bins to count, in walking order."""
        return tuple(DueBin(*row) for row in count_schedule.day_bins(self.today()))

    def state_with(self, due: tuple[DueBin, ...]) -> CountState:
        """The state with a day's list the caller read already: counting an item in a bin
        (Feedback.changed "line") leaves the list as it was."""
        counted = ()
        if self._count is not None:
            counted = tuple(CountedLine(*line) for line in counting.shown_lines(self._count.id))
        return CountState(self.awaiting, self._count.location.code if self._count else None,
                          counted, due, self._pending_qty, bool(self._recorded))

    # -- input ------------------------------------------------------------------------------

    def enter(self, text: str) -> Feedback:
        text = text.strip()
        if command_in(text) is not None:
            return self.handle(Scan(text, source="typed"))
        word = text.lower()
        if self._count is not None and word == "close":
            return self.close()
        if self._count is not None and word == "cancel":
            return self.cancel_count()
        if self._count is not None and word == "empty":
            return self.confirm_empty()
        if self.awaiting == "lot" and text:
            problem = lot_problem(text, typed=True)
            return self._error(problem) if problem else self._take_lot(text)
        qty = typed_quantity(text)
        if qty is not None and self.awaiting == "items" and \
                not resolve(decode(text, self.decode_config)).matches:
            if qty == 0:
                return self._error("To confirm an empty bin, type 'empty'.")
            self._pending_qty = qty
            return self._info(f"Quantity {qty}: now scan the item.")
        if not text:
            return self._info("Nothing typed.")
        return self.handle(Scan(text, source="typed"))

    def _handle(self, reading: Reading) -> Feedback:
        found = resolve(reading)
        if self._count is None:
            return self._on_bin(reading, found)
        if self.awaiting == "lot":
            item = self._pending_item[0]
            lot = lot_of_scan(reading, item.id, item.sku)
            if isinstance(lot, str):
                return self._error(lot)
            return self._take_lot(lot[0])
        bins = found.of("bin")
        if bins:
            if bins[0].id == self._count.location_id:
                return self.close()
            return self._error(f"Finish {self._count.location.code} first: scan its label "
                               f"again to close it.")
        return self._on_item(reading, found)

    def commands(self):
        return {**super().commands(), "CANCEL": self.cancel, "FINISH": self.close,
                "EMPTY": self.confirm_empty}

    def cancel(self) -> Feedback:
        """Drop a typed quantity or an item waiting for its lot; what was counted stays."""
        self._pending_item, self._pending_qty = None, None
        return self._info("Cancelled.")

    def undo(self) -> Feedback:
        if self._pending_item or self._pending_qty:
            self._pending_item, self._pending_qty = None, None
            return self._info("Cancelled.")
        if not self._recorded:
            return self._error("Nothing to undo.")
        item_id, lot_id, qty = self._recorded[-1]
        try:
            counting.record(self._count, item_id, lot_id, -qty)
        except BinwiseError as error:
            return self._error(str(error))
        self._recorded.pop()
        return self._feedback(Level.WARNING, f"Last scan taken back ({qty}).", {"state"})

    def confirm_empty(self) -> Feedback:
        if self._recorded:
            return self._error("Items were counted in this bin: it is not empty. Press Undo "
                               "to take scans back, or close the bin.")
        return self.close(empty=True)

    def close(self, empty: bool = False) -> Feedback:
        count = self._count
        if count is None:
            return self._error("Scan a bin to count first.")
        try:
            result = counting.close(count, self.user_id, self.policy, self.today())
        except BinwiseError as error:
            return self._error(str(error))
        self._count, self._recorded = None, []
        self._pending_item, self._pending_qty = None, None
        code = count.location.code
        if result.status == "recount":
            return self._feedback(Level.WARNING, f"{code}: the count differs from the records "
                                  f"more than allowed. Count {code} again (it is on the list).",
                                  {"stock", "state"})
        if result.status == "review":
            return self._feedback(Level.WARNING, f"{code}: the recount confirms a variance. A "
                                  f"supervisor will review it.", {"stock", "state"})
        parts = [f"{code} {'confirmed empty' if empty else 'counted'}."]
        if result.adjusted:
            parts.append(f"{len(result.adjusted)} small difference(s) adjusted.")
        else:
            parts.append("Records match.")
        if result.reallocated_orders:
            parts.append(f"Orders allocated again: {', '.join(result.reallocated_orders)}.")
        return self._feedback(Level.OK, " ".join(parts), {"stock", "state", "orders"})

    # -- steps ------------------------------------------------------------------------------

    def _on_bin(self, reading: Reading, found) -> Feedback:
        bins = found.of("bin")
        if not bins:
            if found.matches:
                return self._error(f"{reading.text} is not a bin. Scan the label of the bin "
                                   f"to count.")
            return self._error(reading.error) if reading.error else \
                self._unknown(reading.text, "a bin")
        location = by_id(Location, bins[0].id)
        planned = counting.open_count_of(location.id, self.today())
        if planned is not None and planned.status == "counting":
            return self._resume(planned)
        note = ""
        if planned is None:
            planned = count_schedule.add_adhoc_bin(location, self.today())
            note = " Not on today's list: counted anyway."
        if planned.status == "counting":
            return self._resume(planned)
        if planned.status != "planned":
            return self._error(f"{location.code} is already being counted "
                               f"({planned.status}).")
        # The count's bin is the one just read: its prompt and feedback need no second read.
        planned.location = location
        try:
            counting.start(planned, self.user_id)
        except BinwiseError as error:
            # Another station started it a moment ago: carry on with that count.
            planned = by_id(Count, planned.id)
            if planned.status == "counting":
                return self._resume(planned)
            return self._error(str(error))
        self._count, self._recorded = planned, []
        what = "Recount" if planned.kind == "recount" else "Count"
        if location.blocked:
            note += " The bin is blocked: nothing is put away or picked there meanwhile."
        return self._info(f"{what} {location.code}: scan everything in it.{note}")

    def _resume(self, count: Count) -> Feedback:
        """A count of this bin was started and never closed: carry on with it. What was
        counted so far stays (and is shown); `cancel_count` drops it instead."""
        self._count, self._recorded = count, []
        so_far = sum(line.counted for line in count.lines)
        return self._feedback(Level.WARNING, f"{count.location.code} was already being "
                              f"counted: carrying on ({so_far} counted so far). Type 'cancel' "
                              f"to start it over.", {"state"})

    def cancel_count(self) -> Feedback:
        """Drop the open count of the current bin: nothing it counted is kept."""
        count = self._count
        if count is None:
            return self._error("No count is open here.")
        try:
            counting.cancel(count)
        except BinwiseError as error:
            return self._error(str(error))
        self._count, self._recorded = None, []
        self._pending_item, self._pending_qty = None, None
        return self._feedback(Level.WARNING, f"Count of {count.location.code} cancelled: "
                              f"nothing was booked. Scan the bin to count it again.", {"state"})

    def _on_item(self, reading: Reading, found) -> Feedback:
        items, lots = found.of("item"), found.of("lot")
        qty = (reading.qty or reading.count or 1) * (self._pending_qty or 1)
        refused = self._qty_refused(qty)
        if refused:
            return refused
        if items:
            item = by_id(Item, items[0].id)
            if reading.error and reading.is_gs1:
                return self._error(reading.error)
            if item.tracking == "none":
                return self._record(item, None, qty)
            if reading.lot:
                problem = lot_problem(reading.lot)
                return self._error(problem) if problem else \
                    self._record_lot(item, reading.lot, qty)
            self._pending_item = (item, qty)
            return self._info(f"{item.sku} is tracked by lot: scan or type the lot.")
        if lots:
            if len({m.item_id for m in lots}) > 1:
                return self._error(f"Lot {lots[0].code} belongs to several items: scan the "
                                   f"item barcode.")
            return self._record(by_id(Item, lots[0].item_id), lots[0].id, qty, lots[0].code)
        if reading.error:
            return self._error(reading.error)
        if found.matches:
            return self._error(f"{reading.text} is not an item. Scan the items in "
                               f"{self._count.location.code}.")
        return self._unknown(reading.text, f"an item in {self._count.location.code}")

    def _take_lot(self, code: str) -> Feedback:
        item, qty = self._pending_item
        self._pending_item = None
        return self._record_lot(item, code.strip(), qty)

    def _record_lot(self, item: Item, code: str, qty: int) -> Feedback:
        lot = counting.found_lot(item.id, code)
        return self._record(item, lot.id, qty, lot.code)

    def _record(self, item: Item, lot_id: int | None, qty: int,
                lot_code: str | None = None) -> Feedback:
        """Count `qty` of the item (and lot: `lot_code` is its code, as the caller read it)."""
        try:
            line = counting.record(self._count, item.id, lot_id, qty)
        except BinwiseError as error:
            return self._error(str(error))
        self._recorded.append((item.id, lot_id, qty))
        self._pending_qty = None
        lot = f" lot {lot_code}" if line.lot_id else ""
        found = " (not expected here: recorded as found)" if line.unexpected else ""
        # Amber for a find: done, but worth a look at the label.
        return self._feedback(Level.WARNING if line.unexpected else Level.OK,
                              f"+{qty} {item.sku}{lot}: {line.counted} counted{found}.",
                              {"state", "line"})
