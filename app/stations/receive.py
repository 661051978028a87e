"""The receiving station: scan a PO, then scan what arrived.

Each plain item scan is one unit; `CODE,QTY`, a GS1 count (AI 30/37) or a quantity typed before
the scan sets how many. Lot and expiry come from a GS1 string or are asked for. Every accepted
scan is a receipt move supplier -> dock, committed before the feedback is returned.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from app.core import receiving
from app.core.errors import BinwiseError
from app.core.receiving import LineProgress
from app.core.users import PermissionDeniedError
from app.db.models import Item, PurchaseOrder
from app.db.rows import by_id
from app.scanning.commands import command_in
from app.scanning.decode import GS1_SYMBOLOGIES, DecodeConfig, Reading, decode
from app.scanning.resolve import resolve
from app.stations.base import MAX_TYPED_QTY_DIGITS, Feedback, Level, Scan, Station
from app.stations.entry_rules import (
    date_shaped,
    lot_of_scan,
    lot_problem,
    parse_entered_date,
    plausible_expiry,
)

__all__ = ["LineProgress", "ReceiveState", "ReceiveStation"]


def _item(item_id: int) -> Item:
    """The scanned item as it is now (without building a query: see app.db.rows)."""
    return by_id(Item, item_id)


@dataclass(frozen=True)
class ReceiveState:
    awaiting: str  # "po", "item", "lot", "expiry"
    po_number: str | None
    supplier: str | None
    po_status: str | None
    lines: tuple[LineProgress, ...]
    pending_qty: int | None
    current_item: str | None
    can_undo: bool
    last_line_id: int | None


@dataclass
class _Pending:
    """An item scan waiting for its lot or expiry."""

    item: Item
    qty: int
    lot_code: str | None = None


@dataclass(frozen=True)
class _Done:
    move_id: int
    po_id: int
    line_id: int
    qty: int


class ReceiveStation(Station):
    name = "receive"
    title = "Receive"

    def __init__(self, user_id: int, decode_config: DecodeConfig | None = None,
                 today: Callable[[], date] = date.today):
        self.user_id = user_id
        self.decode_config = decode_config or DecodeConfig()
        self.today = today
        self._po: PurchaseOrder | None = None
        self._receipt_id: int | None = None
        self._lines: list[LineProgress] = []
        self._pending_qty: int | None = None
        self._pending: _Pending | None = None
        self._awaiting_expiry = False
        self._done: list[_Done] = []
        self._last_line_id: int | None = None
        # An over-receipt a supervisor may still allow: the refusal, and the step to redo.
        self.approval_needed: PermissionDeniedError | None = None
        self._unapproved: tuple[Item, int, str | None, date | None] | None = None

    # -- what the view shows -------------------------------------------------------------

    @property
    def awaiting(self) -> str:
        if self._po is None:
            return "po"
        if self._pending is not None:
            return "expiry" if self._awaiting_expiry else "lot"
        return "item"

    @property
    def prompt(self) -> str:
        awaiting = self.awaiting
        if awaiting == "po":
            return "Scan a purchase order"
        if awaiting == "lot":
            return f"Scan or type the lot of {self._pending.item.sku}"
        if awaiting == "expiry":
            return (f"Type the expiry date of lot {self._pending.lot_code} "
                    f"(YYYY-MM-DD)")
        if self._pending_qty:
            return f"Scan the item to receive {self._pending_qty}"
        return f"Scan items of {self._po.number}"

    @property
    def state(self) -> ReceiveState:
        po = self._po
        return ReceiveState(
            awaiting=self.awaiting,
            po_number=po.number if po else None,
            supplier=po.supplier.name if po else None,
            po_status=po.status if po else None,
            lines=tuple(self._lines),
            pending_qty=self._pending_qty,
            current_item=self._pending.item.sku if self._pending else None,
            can_undo=bool(self._done),
            last_line_id=self._last_line_id,
        )

    def summary(self) -> list[LineProgress]:
        return list(self._lines)

    # -- input ------------------------------------------------------------------------------

    def _handle(self, reading: Reading) -> Feedback:
        self.approval_needed, self._unapproved = None, None
        awaiting = self.awaiting
        if awaiting == "po":
            return self._on_po_prompt(reading)
        if awaiting == "lot":
            return self._on_lot(reading)
        if awaiting == "expiry":
            return self._on_expiry(reading)
        return self._on_item_prompt(reading)

    def enter(self, text: str) -> Feedback:
        """Text a person typed: a quantity before an item scan, a lot, a date, or a code."""
        text = text.strip()
        if not text:
            return self._feedback(Level.INFO, "Nothing typed.")
        if command_in(text) is not None:
            return self.handle(Scan(text, source="typed"))
        awaiting = self.awaiting
        if awaiting == "lot":
            # A typed lot is what the person read off the label: no guessing about lost GS.
            return self._take_lot(text, None, typed=True)
        if awaiting == "expiry":
            return self._typed_expiry(text)
        if awaiting == "item" and re.fullmatch(rf"\d{{1,{MAX_TYPED_QTY_DIGITS}}}", text):
            found = resolve(decode(text, self.decode_config))
            if not found.of("item"):
                return self._set_quantity(int(text))
        return self.handle(Scan(text, source="typed"))

    def commands(self):
        return {**super().commands(), "CANCEL": self.cancel, "FINISH": self.finish}

    def cancel(self) -> Feedback:
        """Drop a pending quantity or an item waiting for its lot; nothing was posted yet."""
        self._pending, self._pending_qty, self._awaiting_expiry = None, None, False
        return self._feedback(Level.INFO, "Cancelled.", {"state"})

    def undo(self) -> Feedback:
        if self._pending is not None or self._pending_qty:
            return self.cancel()
        if not self._done:
            return self._error("Nothing to undo.")
        # Only the open PO's scans are on the stack (finishing or switching POs clears it).
        last, po = self._done[-1], self._po
        try:
            receiving.undo_receipt(po, last.move_id, self.user_id)
        except BinwiseError as error:
            return self._error(str(error))
        self._done.pop()
        self._reload_lines()
        self._last_line_id = last.line_id
        line = next(x for x in self._lines if x.line_id == last.line_id)
        return self._feedback(Level.WARNING, f"Last scan undone: {last.qty} × {line.sku} taken "
                              f"back off {po.number}, {line.received} of {line.ordered} "
                              f"received.", {"stock", "lines", "po"})

    def finish(self) -> Feedback:
        if self._po is None:
            return self._error("No purchase order is open.")
        po, lines = self._po, self._lines
        # Undo stays with the PO being received: a finished PO is not reopened by Ctrl+Z.
        self._done.clear()
        complete = sum(1 for line in lines if line.remaining == 0)
        still = sum(line.remaining for line in lines)
        self._po, self._receipt_id, self._lines = None, None, []
        self._pending, self._pending_qty, self._awaiting_expiry = None, None, False
        self._last_line_id = None
        if still:
            message = (f"{po.number} partly received: {complete} of {len(lines)} lines complete, "
                       f"{still} units still open.")
        else:
            message = f"{po.number} fully received."
        return self._feedback(Level.OK, message, {"po", "lines", "state"})

    # -- steps ------------------------------------------------------------------------------

    def _on_po_prompt(self, reading: Reading) -> Feedback:
        found = resolve(reading)
        if found.of("po"):
            return self._open_po(found.of("po")[0].id)
        if reading.error:
            return self._error(reading.error)
        if found.of("item") or found.of("lot"):
            return self._error("Scan the purchase order first: its number is on the delivery "
                               "note. Then scan the items.")
        return self._unknown(found.reading.text, "a purchase order")

    def _open_po(self, po_id: int) -> Feedback:
        po = by_id(PurchaseOrder, po_id)
        if self._po is not None and self._po.id == po.id:
            return self._feedback(Level.INFO, f"Already receiving {po.number}: scan its items.")
        if po.status == "cancelled":
            return self._error(f"{po.number} is cancelled: nothing can be received on it.")
        if po.dropship:
            return self._error(f"{po.number} is a dropship PO: the supplier ships it to the "
                               f"customers. Check the delivery note for another PO number.")
        if po.status == "received":
            return self._error(f"{po.number} is already fully received. Check the delivery "
                               f"note for another PO number.")
        self._po, self._receipt_id = po, None
        self._done.clear()
        self._pending, self._pending_qty, self._awaiting_expiry = None, None, False
        self._last_line_id = None
        self._reload_lines()
        open_units = sum(line.remaining for line in self._lines)
        return self._feedback(
            Level.OK, f"{po.number} from {po.supplier.name}: {len(self._lines)} lines, "
            f"{open_units} units to receive.", {"po", "lines", "state"})

    def _on_item_prompt(self, reading: Reading) -> Feedback:
        found = resolve(reading)
        if found.of("po"):
            return self._open_po(found.of("po")[0].id)
        items = found.of("item")
        lots = found.of("lot")
        if not items and lots:
            # A lot label alone: its item is known.
            lot = lots[0]
            if len({m.item_id for m in lots}) > 1:
                return self._error(f"Lot {lot.code} belongs to several items: scan the item "
                                   f"barcode instead.")
            item = _item(lot.item_id)
            return self._receive(item, self._quantity(reading), lot_code=lot.code, expiry=None)
        if not items:
            if reading.error:
                return self._error(reading.error)
            if found.of("bin") or found.of("location"):
                return self._error(f"{reading.text} is a location. Scan an item of "
                                   f"{self._po.number}, or press Finish.")
            return self._unknown(found.reading.text, f"an item of {self._po.number}")
        if len(items) > 1:
            return self._error(f"'{reading.text}' matches several items "
                               f"({', '.join(m.code for m in items)}): scan the item's own "
                               f"barcode.")
        item = _item(items[0].id)
        if reading.error and (reading.is_gs1 or reading.symbology in GS1_SYMBOLOGIES):
            return self._error(reading.error)
        if reading.error:
            # A SKU that only looks like a GTIN with a bad check digit: the SKU wins.
            reading = Reading(raw=reading.raw, text=reading.text, qty=reading.qty)
        return self._receive(item, self._quantity(reading), lot_code=reading.lot,
                             expiry=reading.expiry)

    def _quantity(self, reading: Reading) -> int:
        base = reading.qty or reading.count or 1
        return base * self._pending_qty if self._pending_qty else base

    def _set_quantity(self, qty: int) -> Feedback:
        if qty <= 0:
            return self._error("The quantity must be at least 1.")
        self._pending_qty = qty
        return self._feedback(Level.INFO, f"Quantity {qty}: now scan the item.", {"state"})

    def _receive(self, item: Item, qty: int, lot_code: str | None,
                 expiry: date | None) -> Feedback:
        refused = self._qty_refused(qty)
        if refused:
            return refused
        if not any(line.item_id == item.id for line in self._lines):
            return self._error(f"{item.sku} ({item.name}) is not on {self._po.number}. Set it "
                               f"aside and tell your supervisor, or scan the right PO.")
        if item.tracking == "none":
            return self._post(item, qty, None, None)
        self._pending = _Pending(item, qty, lot_code)
        if lot_code is None:
            return self._feedback(Level.INFO, f"{item.sku} is tracked by lot: scan or type "
                                  f"the lot number.", {"state"})
        feedback = self._take_lot(lot_code, expiry)
        if feedback.refused:
            # The label's own lot or date was refused: back to the item prompt, as before.
            self._pending, self._awaiting_expiry = None, False
        return feedback

    def _on_lot(self, reading: Reading) -> Feedback:
        pending = self._pending
        lot = lot_of_scan(reading, pending.item.id, pending.item.sku)
        if isinstance(lot, str):
            return self._error(lot)
        return self._take_lot(*lot)

    def _take_lot(self, code: str, expiry: date | None, typed: bool = False) -> Feedback:
        pending = self._pending
        code = code.strip()
        problem = lot_problem(code, typed)
        if problem:
            return self._error(problem)
        if expiry is not None and plausible_expiry(expiry, self.today()):
            return self._error(plausible_expiry(expiry, self.today()))
        pending.lot_code = code
        if pending.item.tracking == "expiry" and expiry is None:
            known = receiving.find_lot(pending.item.id, code)
            if known is None or known.expiry is None:
                self._awaiting_expiry = True
                return self._feedback(Level.INFO, f"Lot {code}: type its expiry date "
                                      f"(YYYY-MM-DD).", {"state"})
            expiry = known.expiry
        return self._post(pending.item, pending.qty, code, expiry)

    def _on_expiry(self, reading: Reading) -> Feedback:
        pending = self._pending
        if date_shaped(reading.raw) or not reading.is_gs1:
            # What the prompt asks for, from a batch file or a keyboard read as a scan.
            return self._typed_expiry(reading.raw)
        lot = lot_of_scan(reading, pending.item.id, pending.item.sku)
        if isinstance(lot, str):
            return self._error(lot)
        if lot[0] != pending.lot_code:
            return self._error(f"That label is for lot {lot[0]}, not {pending.lot_code}. Type "
                               f"the expiry of lot {pending.lot_code}, or press Undo to "
                               f"cancel.")
        when = reading.expiry or reading.best_before
        if when is None:
            return self._error(f"That label has no expiry date. Type the expiry of lot "
                               f"{pending.lot_code} as YYYY-MM-DD.")
        return self._take_expiry(when)

    def _typed_expiry(self, text: str) -> Feedback:
        when = parse_entered_date(text, self.today(), self.decode_config.day_first_dates)
        if isinstance(when, str):
            return self._error(when)
        return self._take_expiry(when)

    def _take_expiry(self, expiry: date) -> Feedback:
        problem = plausible_expiry(expiry, self.today())
        if problem:
            return self._error(problem)
        pending = self._pending
        feedback = self._post(pending.item, pending.qty, pending.lot_code, expiry)
        if feedback.refused:
            return feedback
        # Say which date was stored, so a misread date is caught at once.
        return replace(feedback, message=f"{feedback.message} Expiry {expiry.isoformat()} "
                                         f"recorded for lot {pending.lot_code}.")

    def approve(self, approver_id: int) -> Feedback:
        """Receive the over-receipt just refused, now that a supervisor allows it."""
        waiting, self._unapproved, self.approval_needed = self._unapproved, None, None
        if waiting is None or self._po is None:
            return self._info("Nothing waits for a supervisor.")
        return self._post(*waiting, approver_id=approver_id)

    def _post(self, item: Item, qty: int, lot_code: str | None,
              expiry: date | None, approver_id: int | None = None) -> Feedback:
        warning = None
        if expiry is not None:
            today = self.today()
            if expiry < today:
                self._pending, self._awaiting_expiry = None, False
                return self._error(f"Lot {lot_code} of {item.sku} expired on "
                                   f"{expiry.isoformat()}: do not receive it. Set it aside for "
                                   f"the supplier.")
            days_left = (expiry - today).days
            if days_left < item.min_shelf_life_days:
                warning = (f"Short shelf life: lot {lot_code} expires in {days_left} days, "
                           f"{item.sku} should have at least {item.min_shelf_life_days}.")
        try:
            done = receiving.receive(self._po, item, qty, self.user_id,
                                     receipt_id=self._receipt_id, lot_code=lot_code,
                                     expiry=expiry, approver_id=approver_id)
        except BinwiseError as error:
            if isinstance(error, PermissionDeniedError) and approver_id is None:
                self.approval_needed, self._unapproved = error, (item, qty, lot_code, expiry)
            self._pending, self._awaiting_expiry = None, False
            cleared = " The typed quantity is cleared." if self._pending_qty else ""
            self._pending_qty = None
            return self._error(f"{error}{cleared}")
        self._receipt_id = done.receipt_id
        self._pending, self._pending_qty, self._awaiting_expiry = None, None, False
        self._done.append(_Done(done.move_id, self._po.id, done.line.line_id, qty))
        self._last_line_id = done.line.line_id
        # Only the scanned line changed: no need to read the whole PO again.
        self._lines = [done.line if x.line_id == done.line.line_id else x for x in self._lines]
        self._po.status = done.po_status
        line = done.line
        lot_text = f" lot {lot_code}" if lot_code else ""
        if lot_code and expiry is not None:
            # The date as stored, to check against the label in hand.
            lot_text += f" (expires {expiry.isoformat()})"
        message = (f"+{qty} {item.sku}{lot_text}. {line.received} of {line.ordered} received.")
        if done.po_status == "received":
            message += f" {self._po.number} is complete: press Finish."
        if warning:
            return self._feedback(Level.WARNING, f"{message} {warning}", {"stock", "lines", "po"})
        return self._feedback(Level.OK, message, {"stock", "lines", "po"})

    # -- helpers ----------------------------------------------------------------------------

    def _reload_lines(self) -> None:
        self._lines = receiving.progress(self._po.id) if self._po else []
