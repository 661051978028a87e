"""The returns station: scan the order (or RMA) from the return slip, then each returned unit.

Every unit is booked with the reason and grade in force: they are set by scanning the returns
sheet's barcodes (`#CMD:REASON:<code>`, `#CMD:GRADE:SELLABLE|DAMAGED|SCRAP`) or typing them
(`reason damaged`, `grade scrap`, or just the word), and stay until changed, so a run of
parcels with the same story needs one item scan per unit. Sellable units go to the dock,
damaged ones to quarantine, scrap is written off (a supervisor approves by scanning their
badge). A unit the order did not ship, one too many or an expired lot graded sellable is
refused and changes nothing. Undo takes the last unit back.
"""

from dataclasses import dataclass, replace
from datetime import date

from app.core import return_reasons, returns, users
from app.core.errors import BinwiseError
from app.core.return_reasons import Reason
from app.core.returns import Returned, ReturnOrder
from app.db.models import Item
from app.db.rows import by_id
from app.scanning.commands import command_in
from app.scanning.decode import DecodeConfig, Reading, decode
from app.scanning.resolve import resolve
from app.stations.base import Feedback, Level, Scan
from app.stations.quantity_first import QuantityFirstStation

DEFAULT_REASON = "no-longer-wanted"
GRADE_WORDS = {"sellable": "sellable", "damaged": "damaged", "scrap": "scrap"}


@dataclass(frozen=True)
class ReturnsState:
    awaiting: str  # "order", "unit"
    order: ReturnOrder | None
    reason: Reason
    grade: str
    pending_qty: int | None
    last: Returned | None  # the last unit booked here (what Undo takes back)


class ReturnsStation(QuantityFirstStation):
    name = "returns"
    title = "Returns"

    def __init__(self, user_id: int, decode_config: DecodeConfig | None = None,
                 today=date.today):
        self.user_id = user_id
        self.decode_config = decode_config or DecodeConfig()
        self.today = today
        self._order: ReturnOrder | None = None
        self._reason: Reason | None = None
        # A reason chosen at this order (scanned or typed) wins over the RMA's own.
        self._reason_chosen = False
        self._grade = "sellable"
        self._pending_qty: int | None = None
        self._done: list[Returned] = []
        # A scrap refused for want of a supervisor: redone by `approve` (the window's dialog)
        # or by a supervisor's badge scanned next.
        self.approval_needed: users.PermissionDeniedError | None = None
        self._unapproved: tuple | None = None

    # -- what the view shows -------------------------------------------------------------

    @property
    def reason(self) -> Reason:
        if self._reason is None:
            self._reason = (return_reasons.find(DEFAULT_REASON)
                            or return_reasons.reasons()[0])
        return self._reason

    @property
    def awaiting(self) -> str:
        return "order" if self._order is None else "unit"

    @property
    def prompt(self) -> str:
        if self._order is None:
            return "Scan the order number on the return slip, or the RMA number"
        return (f"Scan each returned unit of {self._order.number}: {self._grade}, "
                f"reason {self.reason.text.lower()}")

    @property
    def state(self) -> ReturnsState:
        return ReturnsState(self.awaiting, self._order, self.reason, self._grade,
                            self._pending_qty, self._done[-1] if self._done else None)

    def _refresh(self) -> None:
        if self._order is not None:
            self._order = returns.view(self._order.order_id, self._order.rma_id)

    # -- input ------------------------------------------------------------------------------

    def _handle(self, reading: Reading) -> Feedback:
        text = reading.text.strip()
        if users.is_badge(text):
            return self._badge(text)
        rma = returns.find_rma(text) if text else None
        if rma is not None:
            return self._open(rma[1], rma[0])
        found = resolve(reading)
        if found.of("order"):
            return self._open(found.of("order")[0].id, None)
        if self._order is None:
            if reading.error:
                return self._error(reading.error)
            return self._error(f"'{text}' is no order or RMA. Scan the order number from the "
                               f"return slip (or the RMA number).")
        items = found.of("item") or found.of("lot")
        if not items:
            return self._unknown(text, "a returned unit, an order, or a reason or grade "
                                       "barcode")
        qty = reading.qty or reading.count or 1
        if self._pending_qty:
            qty = self._pending_qty * (reading.count or 1)
        refused = self._qty_refused(qty)
        if refused:
            return self._drop_typed(refused)
        match = items[0]
        item_id = match.item_id if match.kind == "lot" else match.id
        lot = reading.lot or (match.code if match.kind == "lot" else None)
        return self._return(item_id, lot, qty)

    def _reason_for(self, item_id: int) -> Reason:
        """The reason in force, or, until one is chosen at this order, the reason the RMA
        gives for this item."""
        if self._reason_chosen or not self._order.expected:
            return self.reason
        sku = by_id(Item, item_id).sku
        said = next((why for expected, _, why in self._order.expected
                     if expected == sku and why), None)
        return (return_reasons.find(said) if said else None) or self.reason

    def _return(self, item_id: int, lot: str | None, qty: int,
                approver_id: int | None = None) -> Feedback:
        reason = self._reason_for(item_id)
        try:
            done = returns.return_unit(self._order.order_id, item_id, lot, qty, reason,
                                       self._grade, self.user_id, rma_id=self._order.rma_id,
                                       approver_id=approver_id, today=self.today())
        except users.PermissionDeniedError as error:
            self.approval_needed, self._unapproved = error, (item_id, lot, qty)
            return self._drop_typed(self._error(f"{error} Or grade it damaged "
                                                f"(#CMD:GRADE:DAMAGED)."))
        except BinwiseError as error:
            self._refresh()
            return self._drop_typed(self._error(str(error)))
        self._pending_qty = None
        self._done.append(done)
        self._refresh()
        lot_text = f" lot {done.lot}" if done.lot else ""
        where = {"sellable": "to the dock: put it away", "damaged": f"to {done.location}",
                 "scrap": "written off"}[done.grade]
        left = self._order.returnable
        rest = f" {left} more shipped unit(s) can come back." if left else \
            " Everything shipped is back."
        message = (f"{done.qty} × {done.sku}{lot_text} returned {done.grade} ({reason.text}), "
                   f"{where}.{rest}")
        beyond = (returns.beyond_rma(self._order.rma_id, item_id)
                  if self._order.rma_id is not None else None)
        if beyond is not None:
            # The order shipped it, so it is taken back; the office should know the customer
            # sent more than they announced.
            announced, received, in_kits = beyond
            kits = " (in the kits it names)" if in_kits else ""
            said = (f"RMA {self._order.rma} announced {announced} × {done.sku}{kits}"
                    if announced else f"RMA {self._order.rma} does not name {done.sku}")
            return self._feedback(Level.WARNING, f"{message} {said}, and {received} came back: "
                                  f"tell the office.", {"stock", "state"})
        return self._feedback(Level.OK, message, {"stock", "state"})

    def _drop_typed(self, refusal: Feedback) -> Feedback:
        """A refused unit also drops a typed quantity, and says so: the next scan is one."""
        if not self._pending_qty:
            return refusal
        self._pending_qty = None
        return replace(refusal, message=f"{refusal.message} The typed quantity is cleared.",
                       prompt=self.prompt)

    def _open(self, order_id: int, rma_id: int | None) -> Feedback:
        order = returns.view(order_id, rma_id)
        if not any(line.shipped for line in order.lines):
            return self._error(f"Order {order.number} is {order.status}: nothing of it was "
                               f"shipped, so nothing can come back. Check the return slip.")
        self._order, self._pending_qty = order, None
        self._reason_chosen = False
        self.approval_needed = self._unapproved = None
        expected = ""
        if order.expected:
            expected = " Expected: " + ", ".join(
                f"{qty} × {sku}" + (f" ({reason})" if reason else "")
                for sku, qty, reason in order.expected) + "."
        via = f" (RMA {order.rma})" if order.rma else ""
        return self._feedback(Level.OK, f"Order {order.number}{via}: {order.returnable} "
                              f"shipped unit(s) can come back.{expected}", {"state"})

    def _badge(self, code: str) -> Feedback:
        if self._unapproved is None:
            return self._error("A badge scanned here approves a scrap that waits for a "
                               "supervisor; nothing waits. Log in on the log-in page.")
        try:
            person = users.login_with_badge(code)
        except BinwiseError as error:
            return self._error(str(error))
        return self.approve(person.id)

    def approve(self, approver_id: int) -> Feedback:
        """Book the scrap just refused, now that a supervisor allows it."""
        waiting, self._unapproved, self.approval_needed = self._unapproved, None, None
        if waiting is None or self._order is None:
            return self._info("Nothing waits for a supervisor.")
        return self._return(*waiting, approver_id=approver_id)

    def enter(self, text: str) -> Feedback:
        text = text.strip()
        if not text:
            return self._info("Nothing typed.")
        if command_in(text) is not None:
            return self.handle(Scan(text, source="typed"))
        head, _, rest = text.partition(" ")
        if head.lower() == "reason" and rest.strip():
            return self.set_reason(rest.strip())
        if head.lower() == "grade" and rest.strip().lower() in GRADE_WORDS:
            return self.set_grade(GRADE_WORDS[rest.strip().lower()])
        if text.lower() in GRADE_WORDS:
            return self.set_grade(GRADE_WORDS[text.lower()])
        if return_reasons.find(text) is not None and \
                not resolve(decode(text, self.decode_config)).matches:
            return self.set_reason(text)
        typed = self._typed_quantity(text, self._order is not None, "scan the returned item.")
        if typed is not None:
            return typed
        return self.handle(Scan(text, source="typed"))

    # -- reason, grade, commands --------------------------------------------------------------

    def set_reason(self, name: str) -> Feedback:
        reason = return_reasons.find(name)
        if reason is None:
            known = ", ".join(r.code for r in return_reasons.reasons())
            return self._error(f"No return reason '{name}'. Reasons here: {known}.")
        self._reason = reason
        self._reason_chosen = True
        also = ""
        if reason.code == "damaged" and self._grade == "sellable":
            # A damaged unit is never put back on the shelf by default.
            self._grade = "damaged"
            also = " Grade set to damaged."
        return self._info(f"Reason: {reason.text}.{also}")

    def next_reason(self) -> Feedback:
        """The next reason on the list (a key on the page walks through them)."""
        listed = return_reasons.reasons()
        codes = [r.code for r in listed]
        at = codes.index(self.reason.code) if self.reason.code in codes else -1
        return self.set_reason(listed[(at + 1) % len(listed)].code)

    def set_grade(self, grade: str) -> Feedback:
        self._grade = grade
        where = {"sellable": "to the dock, to sell again", "damaged": "to quarantine",
                 "scrap": "written off (a supervisor approves)"}[grade]
        return self._info(f"Grade: {grade}: the next units go {where}.")

    def command(self, name: str) -> Feedback:
        head, _, rest = name.partition(":")
        if head == "REASON" and rest:
            return self.set_reason(rest)
        return super().command(name)

    def commands(self):
        return {**super().commands(), "CANCEL": self.cancel,
                "GRADE:SELLABLE": lambda: self.set_grade("sellable"),
                "GRADE:DAMAGED": lambda: self.set_grade("damaged"),
                "GRADE:SCRAP": lambda: self.set_grade("scrap"),
                "FINISH": self.finish}

    def cancel(self) -> Feedback:
        self._pending_qty = None
        self.approval_needed = self._unapproved = None
        return self._info("Cancelled.")

    def finish(self) -> Feedback:
        """Done with this parcel: the next scan is the next order."""
        if self._order is None:
            return self._info("No order open.")
        number, self._order, self._pending_qty = self._order.number, None, None
        self.approval_needed = self._unapproved = None
        return self._feedback(Level.OK, f"Order {number} done: scan the next return slip.",
                              {"state"})

    def undo(self) -> Feedback:
        if self._pending_qty or self._unapproved:
            self._pending_qty, self._unapproved, self.approval_needed = None, None, None
            return self._info("Cancelled.")
        if not self._done:
            return self._error("Nothing returned here to undo.")
        last = self._done[-1]
        try:
            returns.undo_return(last.move_id, self.user_id)
        except BinwiseError as error:
            return self._error(str(error))
        self._done.pop()
        self._refresh()
        lot = f" lot {last.lot}" if last.lot else ""
        return self._feedback(Level.OK, f"Undone: {last.qty} × {last.sku}{lot} is no longer "
                              f"returned.", {"stock", "state"})
