"""The Pack page (Shift+F4): scan an order, then every unit into its box.

The card shows the order in big letters, what is left to pack and the box in work; the order's
note and gift message sit in a loud band that cannot be missed. Ctrl+B closes the box,
Ctrl+Shift+P (twice) ships what is packed and leaves the rest on backorder, Ctrl+P prints the
packing slip again, Ctrl+Z takes the last unit out.
A line under the box says whether the order's carrier label waits, was printed or is missing;
Ctrl+L prints it (again).
Type `W 1.25` for a box's weight, `D 30x20x10` for its size, `T <number>` for its tracking.
A USB scale that types its reading (`1.25 kg`) needs nothing more; a serial scale's last steady
reading (app.ui.pack.scale_reader) goes to the station, as if typed, source "scale", when a box
closes and on Ctrl+W. A scale that sends only when asked is asked then, and its answer goes the
same way; a scan before the answer came means the box moved on: the answer is not waited for.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout, QWidget

from app.scanning.commands import command_in
from app.scanning.decode import decode
from app.stations.base import Feedback, Level, Scan
from app.stations.pack import BOX_CLOSED
from app.ui import theme
from app.ui.pack.notes_band import NotesBand
from app.ui.pack.pack_model import PackLinesModel
from app.ui.widgets.cards import Card, caption, fit_label, label
from app.ui.widgets.sounds import Sounds
from app.ui.widgets.station_view import UNDO_KEYS, StationView
from app.ui.widgets.tables import make_table

NEW_BOX_KEYS = ("Ctrl+B",)
PARTIAL_KEYS = ("Ctrl+Shift+P",)
SLIP_KEYS = ("Ctrl+P",)
LABEL_KEYS = ("Ctrl+L",)
WEIGH_KEYS = ("Ctrl+W",)
ORDER_FONT_PX = theme.HUGE_FONT_PX
# Room for a SKU, a lot and what is left to pack; the other columns scroll into view.
LINES_MIN_WIDTH = 440
NOTE_STYLE = ("background: #fde7b0; color: #6b4a00; border: 3px solid #d69e00; "
              "border-radius: 6px; padding: 8px;")


# Its weight would go on the next box: the box the scale was to weigh stays without one.
NOT_WEIGHED = "Scale: the box was not weighed: the next scan came first."


class PackView(StationView):
    title = "Pack"
    entry_placeholder = "Type an order, a quantity, W 1.25 (weight), D 30x20x10 or T tracking"

    def __init__(self, station: Any, sounds: Sounds | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(station, sounds, parent)
        self.setObjectName("packView")
        self.lines_model = PackLinesModel(self)
        self.scale: Any = None  # a ScaleReader when the window has one
        self._build()
        self.banner.show_feedback(Level.INFO, "Ready.")
        self.prompt.setText(station.prompt)
        self.refresh()

    def _build(self) -> None:
        card = Card("packCard")
        self.heading = caption("Pack")
        self.order = fit_label(ORDER_FONT_PX, bold=True, name="packOrder", colour=theme.ACCENT,
                               gives_height=True)
        # Shrinks rather than widen the card past what a 1024-pixel screen leaves the lines.
        self.left = fit_label(theme.BIG_FONT_PX + 6, bold=True, name="packLeft")
        self.box = label(theme.CARD_FONT_PX, name="packBox", wrap=True)
        self.label_status = label(theme.CARD_FONT_PX, name="packLabel", wrap=True)
        self.notes = NotesBand(theme.BIG_FONT_PX)
        self.notes.setObjectName("packNotes")
        self.notes.setStyleSheet(NOTE_STYLE)
        card.box.addWidget(self.heading)
        card.box.addWidget(self.order)
        # The band takes the card's spare height; without notes the stretch below does.
        card.box.addWidget(self.notes, 1)
        card.box.addWidget(self.left)
        card.box.addWidget(self.box)
        card.box.addWidget(self.label_status)
        card.box.addStretch(0)

        title = QLabel("In this order")
        title.setFont(theme.font(theme.BASE_FONT_PX, bold=True))
        # No stretched column: every column is as wide as its longest text (a lot code is
        # never cut), and what does not fit scrolls sideways.
        self.lines_table = make_table(self.lines_model, font_px=17)
        self.lines_table.setObjectName("packLinesTable")
        self.lines_table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(title)
        column.addWidget(self.lines_table, 1)

        self.box_button = self.add_button("New box", NEW_BOX_KEYS, self.new_box)
        self.partial_button = self.add_button("Ship part", PARTIAL_KEYS, self.partial)
        self.undo_button = self.add_button("Undo", UNDO_KEYS, self.undo)
        self.add_shortcuts(SLIP_KEYS, self.slip)
        # A key, not a button: three buttons are what leaves the entry box room at 1024 px.
        self.add_shortcuts(LABEL_KEYS, self.print_label)
        self.add_shortcuts(WEIGH_KEYS, self.weigh_now)
        self._frame(card, side)
        side.setMinimumWidth(LINES_MIN_WIDTH)

    @Slot()
    def new_box(self) -> None:
        self._answer("New box", self.station.new_box)

    @Slot()
    def partial(self) -> None:
        self._answer("Ship part", self.station.partial)

    @Slot()
    def slip(self) -> None:
        self._answer("Packing slip", self.station.slip)

    @Slot()
    def print_label(self) -> None:
        self._answer("Print label", self.station.print_label)

    def set_scale(self, scale: Any) -> None:
        """The serial scale whose readings weigh this page's boxes (None: none)."""
        self.scale = scale

    def handle_scan(self, code: str) -> None:
        # Weighing reads the scale, which the window holds: a scanner-only bench weighs by
        # the command barcode as a keyboard does by Ctrl+W.
        if command_in(decode(code, self.station.decode_config).text) == "WEIGH":
            self.weigh_now()
            return
        super().handle_scan(code)

    @Slot()
    def weigh_now(self) -> None:
        """Ctrl+W: the scale's last steady reading weighs the box, as if the scale typed it
        (a scale that sends only when asked is asked now)."""
        if self.scale is not None and self.scale.asks:
            self.scale.ask(self._send_reading, self._no_weight)
            return
        line = self.scale.take() if self.scale is not None else None
        if line is None:
            why = (self.scale.why_none() if self.scale is not None else
                   "No scale is set: choose its port in Settings > Pack (F12), or type W 1.25.")
            if self.scale is not None:
                self.scale.message.emit(why)
            self.banner.show_feedback(Level.WARNING, why)
            return
        self._send_reading(line)

    def _no_weight(self, why: str) -> None:
        self.banner.show_feedback(Level.WARNING, why)

    def _answer(self, what: str, call: Callable[[], Feedback],
                then: Callable[[Feedback], Feedback] | None = None, *,
                scan: bool = False) -> None:
        # Whatever the packer does next moves on from the box the scale was asked about.
        if self.scale is not None and self.scale.cancel_ask():
            self.scale.message.emit(NOT_WEIGHED)
        super()._answer(what, call, then, scan=scan)

    def _send_reading(self, line: str) -> None:
        """The scale's text through the scan path, in turn with the scans before it."""
        scan = Scan(line, source="scale")
        super()._answer(f"scale {line}", lambda: self.station.handle(scan), scan=True)

    # -- output ------------------------------------------------------------------------------

    def show_feedback(self, feedback: Feedback, what: str) -> None:
        super().show_feedback(feedback, what)
        if BOX_CLOSED in feedback.changed and self.scale is not None and self.scale.is_open:
            # The box just closed sits on the scale: its weight goes in without a key, unless
            # the packer has moved on (scans wait behind this answer): it would weigh the next.
            if self.busy:
                self.scale.take()  # its reading was that box's: given to no other
                self.scale.message.emit(NOT_WEIGHED)
                return
            if self.scale.asks:
                self.scale.ask(self._send_reading, self._no_weight)
                return
            line = self.scale.take()
            if line is None:
                self.scale.message.emit(self.scale.why_none())
            else:
                self._send_reading(line)

    def _render_state(self) -> None:
        state = self.station.state
        view = state.order
        working = view is not None and state.awaiting == "unit"
        if view is None:
            self.heading.setText("START")
            self.order.setText("Scan an order")
            self.left.setText("")
            self.box.setText("Scan the packing slip or the pick list it was picked on.")
            self.lines_model.set_rows([])
        else:
            self.heading.setText(f"ORDER · {view.status.upper()}")
            self.order.setText(view.number)
            self.left.setText(f"{view.to_pack} to pack" if view.to_pack else "Nothing to pack")
            if view.box:
                self.box.setText(f"Shipment {view.shipment} · box {view.box}: "
                                 f"{view.in_box} unit(s)")
            else:
                self.box.setText("The next unit opens a new box.")
            self.lines_model.set_rows(view.lines)
        notes = []
        if view is not None and view.note:
            notes.append(f"NOTE: {view.note}")
        if view is not None and view.gift_message:
            notes.append(f"GIFT MESSAGE: {view.gift_message}")
        self.label_status.setText(_label_text(state.labels) if view is not None else "")
        self.label_status.setVisible(view is not None)
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        self.box_button.setEnabled(working)
        self.partial_button.setEnabled(working)
        self.undo_button.setEnabled(view is not None)


def _label_text(labels: Any) -> str:
    """The order's carrier label in a few words, with the key that prints it."""
    if labels is None or not (labels.waiting or labels.printed):
        return "Shipping label: none yet (Ctrl+L prints it once imported)"
    if labels.waiting:
        return (f"Shipping label: {labels.waiting} ready, printed with the box's last unit "
                f"(Ctrl+L: now)")
    return f"Shipping label: printed ({labels.printed}; Ctrl+L: again)"
