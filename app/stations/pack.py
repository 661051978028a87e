"""The pack station: scan an order, then every unit into its box; the last unit packs it.

Scan the order (or the pick list it was picked on): the lines to pack, the order's note and
gift message are shown. Each item scan puts one unit in the box (`CODE,QTY`, a GS1 count or a
typed quantity first put more); a unit not on the order, one too many or a lot the pick did not
book is refused and changes nothing. `#CMD:NEWBOX` closes the box (type `W 1.25` for its weight
in kg, `D 30x20x10` for its size, `T <number>` for its tracking number; a scale's reading
such as `1.25 kg`, `1250 g` or `2.5 lb`, typed by a USB scale or sent by a serial one, is the
box's weight too (app.scanning.weight)); `#CMD:PARTIAL`, pressed
twice, ships what is packed and leaves the rest as a backorder. Undo takes the last unit out,
of a closed box too (which opens again), never out of a shipped one.

The packing slip of a shipment comes back as a print job in the feedback when the last unit
packs the order and when a part is shipped; `#CMD:SLIP` prints the latest one again. A slip
that cannot be made is said in the answer and never takes back the packing.

The last unit of a box (closing it, or packing the order) prints its carrier label
(app.stations.pack_labels); scanning the label's tracking number then stores it on the box.
"""

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from app.core import order_changes, packing, shipping_labels, slips
from app.core.errors import BinwiseError
from app.core.packing import PackView
from app.db.models import PickListOrder, SalesOrder
from app.labels.printing import PrintJob
from app.labels.slip_data import slip_file_name
from app.scanning.commands import command_in
from app.scanning.decode import DecodeConfig, Reading
from app.scanning.resolve import resolve
from app.scanning.weight import Weight, parse_weight, weight_problem
from app.stations import pack_labels
from app.stations.base import Feedback, Level, Scan
from app.stations.quantity_first import QuantityFirstStation

# In a feedback's `changed`: a box was just closed and waits for its weight (a serial scale's
# reading is sent then).
BOX_CLOSED = "box_closed"


@dataclass(frozen=True)
class PackState:
    awaiting: str  # "order", "unit", "done"
    order: PackView | None
    pending_qty: int | None
    partial_asked: bool
    labels: shipping_labels.LabelStatus | None = None  # the order's carrier labels


class PackStation(QuantityFirstStation):
    name = "pack"
    title = "Pack"
    # The station's slip settings (app.config.PrintSettings): paper, and prices left out.
    slip_paper = "A4"
    slip_gift = False

    def __init__(self, user_id: int, decode_config: DecodeConfig | None = None):
        self.user_id = user_id
        self.decode_config = decode_config or DecodeConfig()
        self._order_id: int | None = None
        self._view: PackView | None = None
        self._pending_qty: int | None = None
        self._partial_asked = False
        self._labels: shipping_labels.LabelStatus | None = None

    # -- what the view shows -------------------------------------------------------------

    @property
    def awaiting(self) -> str:
        if self._view is None:
            return "order"
        return "unit" if self._view.status in packing.PACKABLE else "done"

    @property
    def prompt(self) -> str:
        view = self._view
        if view is None:
            return "Scan an order or a pick list to pack"
        if view.status == "packed":
            return (f"Order {view.number} is packed: scan its label's tracking number, or the "
                    f"next order")
        if view.status not in packing.PACKABLE:
            return f"Order {view.number} is {view.status}: scan the next order"
        if view.to_pack == 0:
            return (f"Nothing picked waits for {view.number}: ship it in part "
                    f"(#CMD:PARTIAL) or scan the next order")
        box = f"box {view.box}" if view.box else "the next box"
        return f"Scan the units into {box} ({view.to_pack} to pack)"

    @property
    def state(self) -> PackState:
        return PackState(self.awaiting, self._view, self._pending_qty, self._partial_asked,
                         self._labels)

    def _refresh(self) -> None:
        self._view = packing.view(self._order_id) if self._order_id is not None else None
        self._labels = (shipping_labels.status(self._order_id) if self._order_id is not None
                        else None)

    # -- input ------------------------------------------------------------------------------

    def handle(self, scan: Scan) -> Feedback:
        asked = self._partial_asked
        feedback = super().handle(scan)
        if scan.source == "scale" and asked:
            # The scale weighing a box between the two presses is not the packer moving on.
            self._partial_asked = True
        return feedback

    def _handle(self, reading: Reading) -> Feedback:
        self._partial_asked = False
        found = resolve(reading)
        if found.of("order") or found.of("picklist"):
            return self._on_document(found)
        weight = None if found.matches else parse_weight(reading.text)
        if weight is not None:
            # A scale typing (or sending) the box's weight: a real code of that text wins.
            return self._weigh(weight)
        if self._view is not None and not found.matches:
            tracking = pack_labels.tracking_of(reading)
            if tracking is not None:
                ok, message = pack_labels.store(self._order_id, tracking)
                return (self._feedback(Level.OK, message, {"state"}) if ok
                        else self._error(message))
        if self._view is None or self.awaiting != "unit":
            if reading.error:
                return self._error(reading.error)
            return self._error(f"'{reading.text}' is not an order. Scan the order number from "
                               f"the packing slip.")
        items = found.of("item") or tuple(m for m in found.of("lot"))
        head, _, rest = reading.text.strip().partition(" ")
        if not items and head.upper() in ("W", "D", "T") and rest.strip():
            # A box's weight, size or tracking number in a replay file, as typed at the bench.
            return self._box_detail(head.upper(), rest.strip())
        if not items:
            return self._unknown(reading.text, "a unit of the order")
        qty = reading.qty or reading.count or 1
        if self._pending_qty:
            qty, self._pending_qty = self._pending_qty * (reading.count or 1), None
        refused = self._qty_refused(qty)
        if refused:
            return refused
        return self._pack(items[0].item_id if items[0].kind == "lot" else items[0].id,
                          reading.lot or (items[0].code if items[0].kind == "lot" else None),
                          qty)

    def _pack(self, item_id: int, lot: str | None, qty: int) -> Feedback:
        try:
            done = packing.pack_unit(self._order_id, item_id, lot, qty, self.user_id)
        except BinwiseError as error:
            self._refresh()
            return self._error(str(error))
        # The order's last unit closes its box: its label prints (and is marked so) first.
        jobs, said = (pack_labels.after_box(self._order_id, done.box, True)
                      if done.order_packed else ((), ""))
        if done.order_packed:
            self._refresh()
        else:
            # The order as the unit's own transaction left it: no second read of its lines.
            self._view = done.view
            self._labels = shipping_labels.status(self._order_id)
        lot_text = f" lot {done.lot}" if done.lot else ""
        if done.order_packed:
            return self._with_slip(replace(self._feedback(
                Level.OK, f"{done.qty} × {done.sku}{lot_text} into box {done.box}. Order "
                f"{self._view.number} is packed: weigh the box (W 1.25).{said}",
                {"state", "orders", BOX_CLOSED}), prints=jobs), self._view.shipment)
        return self._feedback(Level.OK, f"{done.qty} × {done.sku}{lot_text} into box "
                              f"{done.box}.", {"state"})

    def _on_document(self, found) -> Feedback:
        if found.of("order"):
            order_id = found.of("order")[0].id
        else:
            listed = [o.id for o in SalesOrder.select(SalesOrder.id).join(PickListOrder)
                      .where(PickListOrder.pick_list == found.of("picklist")[0].id)
                      .where(SalesOrder.status.in_(packing.PACKABLE))
                      .order_by(SalesOrder.number)]
            waiting = [i for i in listed if packing.view(i).to_pack]
            if not waiting:
                return self._error(f"Nothing on pick list {found.of('picklist')[0].code} waits "
                                   f"to be packed.")
            order_id = waiting[0]
        self._order_id, self._pending_qty = order_id, None
        self._refresh()
        view = self._view
        if view.changed and (view.status not in packing.PACKABLE or view.to_pack == 0):
            return self._error(order_changes.pack_refusal(view.number, view.status,
                                                          view.changed))
        if view.status not in packing.PACKABLE:
            return self._error(f"Order {view.number} is {view.status}: there is nothing to "
                               f"pack.")
        if view.to_pack == 0:
            return self._error(f"Nothing of order {view.number} is picked and unpacked: pick "
                               f"it first.")
        notes = []
        if view.note:
            notes.append(f"NOTE: {view.note}")
        if view.gift_message:
            notes.append(f"GIFT MESSAGE: {view.gift_message}")
        extra = (" " + " ".join(notes)) if notes else ""
        level = Level.WARNING if notes else Level.OK
        return self._feedback(level, f"Order {view.number}: {view.to_pack} unit(s) to pack."
                              f"{extra}", {"state"})

    def enter(self, text: str) -> Feedback:
        text = text.strip()
        if command_in(text) is not None:
            return self.handle(Scan(text, source="typed"))
        head, _, rest = text.partition(" ")
        if head.upper() in ("W", "D", "T") and rest.strip() and self._view is not None:
            return self._box_detail(head.upper(), rest.strip())
        typed = self._typed_quantity(text, self.awaiting == "unit",
                                     "scan the item to put them in the box.")
        if typed is not None:
            return typed
        if not text:
            return self._info("Nothing typed.")
        return self.handle(Scan(text, source="typed"))

    def _box_detail(self, what: str, value: str) -> Feedback:
        fields: dict = {}
        if what == "W":
            try:
                kg = Decimal(value.replace(",", ".").lower().removesuffix("kg").strip())
            except InvalidOperation:
                return self._error(f"'{value}' is no weight: type W and the kilograms, "
                                   f"e.g. W 1.25.")
            if not kg.is_finite():
                return self._error(f"'{value}' is no weight: type e.g. W 1.25.")
            fields["weight_g"] = int((kg * 1000).to_integral_value())
        elif what == "D":
            fields["dimensions"] = value[:60]
        else:
            fields["tracking"] = value[:60]
        try:
            box = packing.set_box_details(self._order_id, **fields)
        except BinwiseError as error:
            return self._error(str(error))
        self._refresh()
        said = {"W": f"weighs {value} kg", "D": f"measures {value}",
                "T": f"has tracking number {value}"}[what]
        return self._feedback(Level.OK, f"Box {box} {said}.", {"state"})

    def _weigh(self, weight: Weight) -> Feedback:
        """The weight of the box in work (or the box just closed), as the scale read it."""
        if self._view is None:
            return self._error(f"The scale read {weight.shown}: scan the order first, then "
                               f"weigh its box.")
        if not weight.stable:
            return self._error(f"The scale is still settling ({weight.shown}): wait for a "
                               f"steady reading and weigh again.")
        problem = weight_problem(weight.grams)
        if problem:
            return self._error(f"{problem} (read {weight.shown})")
        try:
            box = packing.set_box_details(self._order_id, weight_g=weight.grams)
        except BinwiseError as error:
            return self._error(str(error))
        self._refresh()
        kg = Decimal(weight.grams) / 1000
        read = "" if weight.shown == f"{kg.normalize():f} kg" else f" (read {weight.shown})"
        return self._feedback(Level.OK, f"Box {box} weighs {kg:.3f} kg{read}.", {"state"})

    def commands(self):
        return {**super().commands(), "CANCEL": self.cancel, "NEWBOX": self.new_box,
                "PARTIAL": self.partial, "LABEL": self.print_label,
                "SLIP": self.slip}

    def print_label(self) -> Feedback:
        """Print the order's carrier label now: one that came after its box was closed, or
        the latest box's again (a jammed printer)."""
        self._partial_asked = False
        if self._view is None:
            return self._error("Scan an order first.")
        jobs, message = pack_labels.again(self._order_id)
        self._refresh()
        if not jobs:
            return self._feedback(Level.WARNING, message)
        return replace(self._feedback(Level.OK, message, {"state"}), prints=jobs)

    def cancel(self) -> Feedback:
        self._pending_qty, self._partial_asked = None, False
        return self._info("Cancelled.")

    def new_box(self) -> Feedback:
        self._partial_asked = False
        if self._view is None:
            return self._error("Scan an order first.")
        try:
            number = packing.close_box(self._order_id)
        except BinwiseError as error:
            return self._error(str(error))
        jobs, said = pack_labels.after_box(self._order_id, number, False)
        self._refresh()
        return replace(self._feedback(Level.OK, f"Box {number} closed: type its weight (W 1.25); "
                                      f"the next unit goes into box {number + 1}.{said}",
                                      {"state", BOX_CLOSED}), prints=jobs)

    def partial(self) -> Feedback:
        """Ship what is packed now and leave the rest on the order. It cannot be undone, so the
        first press asks and the second one does it."""
        if self._view is None:
            return self._error("Scan an order first.")
        if not self._partial_asked:
            self._partial_asked = True
            left = self._view.to_pack + self._view.unpicked
            return self._feedback(Level.WARNING, f"Ship what is packed of {self._view.number} "
                                  f"and leave {left} unit(s) as a backorder? Scan "
                                  f"#CMD:PARTIAL again to confirm.", {"state"})
        self._partial_asked = False
        try:
            shipped = packing.ship_shipment(self._order_id, self.user_id)
        except BinwiseError as error:
            self._refresh()
            return self._error(str(error))
        self._refresh()
        rest = (f"{shipped.backorder} unit(s) stay on backorder." if shipped.backorder
                else "The order is complete.")
        return self._with_slip(self._feedback(
            Level.OK, f"Shipment {shipped.shipment} of {self._view.number} shipped: "
            f"{shipped.units} unit(s). {rest}", {"stock", "state", "orders"}), shipped.shipment)

    def slip(self) -> Feedback:
        """Print the packing slip of the order's latest shipment again."""
        self._partial_asked = False
        if self._view is None:
            return self._error("Scan an order first: the slip is printed for the order on "
                               "screen.")
        try:
            job = self.slip_job(self._order_id)
        except BinwiseError as error:
            return self._error(str(error))
        # Where it went (a printer or a folder) is said once it has been sent.
        return replace(self._feedback(Level.OK, f"Packing slip of {self._view.number} "
                                      f"again."), prints=(job,))

    def slip_job(self, order_id: int, shipment: int | None = None) -> PrintJob:
        """The slip of one shipment as a PDF print job, in this station's paper."""
        from app.labels.packing_slip import render_slip  # Qt, loaded when a slip prints

        data = slips.slip(order_id, shipment, self.slip_gift)
        try:
            pdf = render_slip(data, self.slip_paper)
        except OSError as error:
            raise BinwiseError(f"The packing slip could not be drawn: {error}") from None
        return PrintJob("slip", slip_file_name(data.order, data.shipment), pdf, "pdf")

    def _with_slip(self, feedback: Feedback, shipment: int | None) -> Feedback:
        """The answer with the shipment's slip to print; the packing stands when it fails."""
        try:
            job = self.slip_job(self._order_id, shipment)
        except BinwiseError as error:
            return replace(feedback, level=Level.WARNING,
                           message=f"{feedback.message} No packing slip: {error}")
        return replace(feedback, prints=(*feedback.prints, job))

    def undo(self) -> Feedback:
        if self._pending_qty or self._partial_asked:
            self._pending_qty, self._partial_asked = None, False
            return self._info("Cancelled.")
        if self._view is None:
            return self._error("Nothing to undo.")
        try:
            out = packing.unpack_last(self._order_id)
        except BinwiseError as error:
            return self._error(str(error))
        self._refresh()
        lot = f" lot {out.lot}" if out.lot else ""
        again = f" Box {out.box} is open again." if out.reopened else ""
        return self._feedback(Level.OK, f"1 × {out.sku}{lot} taken out of box {out.box}."
                              f"{again}", {"state", "orders"})
