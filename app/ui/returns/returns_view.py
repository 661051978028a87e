"""The Returns page (Shift+F2): scan the order (or RMA) from the return slip, then each unit.

The card shows the order in big letters and the grade in force in a loud colour (green
sellable, amber damaged, red scrap) with the reason beside it; both stay until changed, by the
returns sheet's barcodes or by keys: Ctrl+1/2/3 for the grade, Ctrl+R for the next reason. F10
is done with the parcel, Ctrl+Z takes the last unit back, Ctrl+T sends quarantined stock back
to a supplier. The list shows what the order shipped
and what came back.
"""

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.config import PrintSettings
from app.stations.base import Feedback, Level
from app.ui import theme
from app.ui.returns.returns_model import ReturnLinesModel
from app.ui.widgets.cards import Card, caption, fit_label, label, set_tint
from app.ui.widgets.sounds import Sounds
from app.ui.widgets.station_view import BODY_STRETCH, UNDO_KEYS, StationView, open_dialog
from app.ui.widgets.tables import make_table

GRADE_KEYS = {"sellable": ("Ctrl+1",), "damaged": ("Ctrl+2",), "scrap": ("Ctrl+3",)}
REASON_KEYS = ("Ctrl+R",)
DONE_KEYS = ("F10",)
SUPPLIER_KEYS = ("Ctrl+T",)
GRADE_COLOURS = {grade: (theme.LEVEL_COLOURS[level].background, theme.LEVEL_COLOURS[level].text)
                 for grade, level in (("sellable", Level.OK), ("damaged", Level.WARNING),
                                      ("scrap", Level.ERROR))}


class ReturnsView(StationView):
    title = "Returns"
    entry_placeholder = "Type an order or RMA, a quantity, a reason or a grade"

    def __init__(self, station: Any, sounds: Sounds | None = None,
                 parent: QWidget | None = None, *, printing: PrintSettings | None = None) -> None:
        super().__init__(station, sounds, parent)
        self.printing = printing or PrintSettings()
        self.setObjectName("returnsView")
        self.lines_model = ReturnLinesModel(self)
        self._build()
        self.banner.show_feedback(Level.INFO, "Ready.")
        self.prompt.setText(station.prompt)
        self.refresh()

    def _build(self) -> None:
        card = Card("returnsCard")
        self.heading = caption("Returns")
        self.order = fit_label(theme.HUGE_FONT_PX, bold=True, name="returnsOrder",
                               colour=theme.ACCENT, gives_height=True)
        self.grade = label(theme.BIG_FONT_PX + 6, bold=True, name="returnsGrade")
        self.reason = label(theme.BIG_FONT_PX, bold=True, name="returnsReason", wrap=True)
        self.left = label(theme.CARD_FONT_PX, name="returnsLeft", wrap=True)
        self.expected = label(theme.CARD_FONT_PX, name="returnsExpected", wrap=True)
        keys = caption("Ctrl+1 sellable · Ctrl+2 damaged · Ctrl+3 scrap · Ctrl+R next reason")
        for widget in (self.heading, self.order, self.grade, self.reason, keys, self.left,
                       self.expected):
            card.box.addWidget(widget)
        card.box.addStretch(1)

        title = QLabel("Shipped on this order")
        title.setFont(theme.font(theme.BASE_FONT_PX, bold=True))
        # Fitted to their contents, the rest scrolls sideways: a stretched SKU gave way to a
        # long lot at 1024 px.
        self.lines_table = make_table(self.lines_model, font_px=17)
        self.lines_table.setObjectName("returnsLinesTable")
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(title)
        column.addWidget(self.lines_table, 1)

        for grade, keys in GRADE_KEYS.items():
            self.add_shortcuts(keys, lambda g=grade: self.choose_grade(g))
        self.reason_button = self.add_button("Reason", REASON_KEYS, self.next_reason)
        self.done_button = self.add_button("Done", DONE_KEYS, self.done)
        self.supplier_button = self.add_button("To supplier", SUPPLIER_KEYS,
                                               self.open_supplier_return)
        self.undo_button = self.add_button("Undo", UNDO_KEYS, self.undo)
        # The card has room to spare; the lines take as much of the width (their lot shows).
        self._frame(card, side, side_stretch=BODY_STRETCH)

    @Slot()
    def next_reason(self) -> None:
        self._answer("Next reason", self.station.next_reason)

    def choose_grade(self, grade: str) -> None:
        self._answer(f"Grade {grade}", lambda: self.station.set_grade(grade))

    @Slot()
    def done(self) -> None:
        self._answer("Done", self.station.finish)

    @Slot()
    def open_supplier_return(self) -> None:
        """Quarantined stock back to its supplier, in a dialog; its answer shows here."""
        from app.ui.returns.supplier_return_dialog import SupplierReturnDialog

        dialog = SupplierReturnDialog(self.station.user_id, self.printing, self)
        dialog.accepted.connect(lambda: self.show_feedback(
            Feedback(Level.OK, dialog.result_text, self.station.prompt), "To supplier"))
        open_dialog(dialog, self)
        self.supplier_dialog = dialog

    # -- output ------------------------------------------------------------------------------

    def _render_state(self) -> None:
        state = self.station.state
        view = state.order
        self.grade.setText(f"  {state.grade.upper()}  ")
        set_tint(self.grade, GRADE_COLOURS[state.grade])
        self.reason.setText(f"Reason: {state.reason.text}")
        if view is None:
            self.heading.setText("START")
            self.order.setText("Scan a return slip")
            self.left.setText("The order number or the RMA number on the slip.")
            self.expected.setText("")
            self.lines_model.set_rows([])
        else:
            self.heading.setText(f"RETURN · ORDER {view.status.upper()}")
            self.order.setText(view.number + (f" · {view.rma}" if view.rma else ""))
            self.left.setText(f"{view.returned} back, {view.returnable} more can come back")
            self.expected.setText("Expected: " + ", ".join(
                f"{qty} × {sku}" + (f" ({reason})" if reason else "")
                for sku, qty, reason in view.expected) if view.expected else "")
            self.lines_model.set_rows(view.lines)
        self.done_button.setEnabled(view is not None)
        self.undo_button.setEnabled(state.last is not None)
