"""The pack station: scan an order, then every unit into its box; the last unit packs it.

Scan the order (or the pick list it was picked on): the lines to pack, the order's note and
gift message are shown. Each item scan puts one unit in the box (`CODE,QTY`, a GS1 count or a
typed quantity first put more); a unit not on the order, one too many or a lot the pick did not
book is refused and changes nothing. `#CMD:NEWBOX` closes the box (type `W 1.25` for its weight
in kg, `D 30x20x10` for its size, `T <number>` for its tracking number); `#CMD:PARTIAL`, pressed
twice, ships what is packed and leaves the rest as a backorder. Undo takes the last unit out,
of a closed box too (which opens again), never out of a shipped one.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.core import order_changes, packing
from app.core.errors import BinwiseError
from app.core.packing import PackView
from app.db.models import PickListOrder, SalesOrder
from app.scanning.commands import command_in
from app.scanning.decode import DecodeConfig, Reading, decode
from app.scanning.resolve import resolve
from app.stations.base import Feedback, Level, Scan, Station, typed_quantity


@dataclass(frozen=True)
class PackState:
    awaiting: str  # "order", "unit", "done"
    order: PackView | None
    pending_qty: int | None
    partial_asked: bool


class PackStation(Station):
    name = "pack"
    title = "Pack"

    def __init__(self, user_id: int, decode_config: DecodeConfig | None = None):
        self.user_id = user_id
        self.decode_config = decode_config or DecodeConfig()
        self._order_id: int | None = None
        self._view: PackView | None = None
        self._pending_qty: int | None = None
        self._partial_asked = False

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
        if view.status not in packing.PACKABLE:
            return f"Order {view.number} is {view.status}: scan the next order"
        if view.to_pack == 0:
            return (f"Nothing picked waits for {view.number}: ship it in part "
                    f"(#CMD:PARTIAL) or scan the next order")
        box = f"box {view.box}" if view.box else "the next box"
        return f"Scan the units into {box} ({view.to_pack} to pack)"

    @property
    def state(self) -> PackState:
        return PackState(self.awaiting, self._view, self._pending_qty, self._partial_asked)

    def _refresh(self) -> None:
        self._view = packing.view(self._order_id) if self._order_id is not None else None

    # -- input ------------------------------------------------------------------------------

    def _handle(self, reading: Reading) -> Feedback:
        self._partial_asked = False
        found = resolve(reading)
        if found.of("order") or found.of("picklist"):
            return self._on_document(found)
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
        self._refresh()
        lot_text = f" lot {done.lot}" if done.lot else ""
        if done.order_packed:
            return self._feedback(Level.OK, f"{done.qty} × {done.sku}{lot_text} into box "
                                  f"{done.box}. Order {self._view.number} is packed: close "
                                  f"the box and weigh it (W 1.25).", {"state", "orders"})
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
        qty = typed_quantity(text)
        if qty is not None and self.awaiting == "unit" \
                and not resolve(decode(text, self.decode_config)).matches:
            if qty <= 0:
                return self._error("The quantity must be at least 1.")
            refused = self._qty_refused(qty)
            if refused:
                return refused
            self._pending_qty = qty
            return self._info(f"Quantity {qty}: scan the item to put them in the box.")
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

    def commands(self):
        return {**super().commands(), "CANCEL": self.cancel, "NEWBOX": self.new_box,
                "PARTIAL": self.partial}

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
        self._refresh()
        return self._feedback(Level.OK, f"Box {number} closed: type its weight (W 1.25); the "
                              f"next unit goes into box {number + 1}.", {"state"})

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
        return self._feedback(Level.OK, f"Shipment {shipped.shipment} of "
                              f"{self._view.number} shipped: {shipped.units} unit(s). {rest}",
                              {"stock", "state", "orders"})

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
