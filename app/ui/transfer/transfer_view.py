"""The Transfer page (F6): move stock from one bin to another by scanning.

The card across the top says where from, what is being moved (item, lot, quantity) and what to
scan next; the table below shows what the source bin holds, the lines being moved highlighted.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.stations.base import Level
from app.ui import theme
from app.ui.lookup.lookup_model import COL_LOCATION, COL_NAME, BinLinesModel
from app.ui.widgets.cards import Card, caption, fit_label, label
from app.ui.widgets.sounds import Sounds
from app.ui.widgets.station_view import UNDO_KEYS, StationView
from app.ui.widgets.tables import make_table

# What the card's last line says for each step.
_NEXT = {
    "source": "Scan the bin to take stock from",
    "item": "Scan the item to move",
    "lot": "Scan or type the lot",
    "destination": "Scan the destination bin",
}


class TransferView(StationView):
    title = "Transfer"
    entry_placeholder = "Type a bin, item, lot or a quantity, then Enter"

    def __init__(self, station: Any, sounds: Sounds | None = None,
                 parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(station, sounds, parent)
        self.setObjectName("transferView")
        self.model = BinLinesModel(today, self)
        self._build()
        self.banner.show_feedback(Level.INFO, "Ready.")
        self.prompt.setText(station.prompt)
        self.refresh()

    def _build(self) -> None:
        # One row across the top, so the bin's contents below get the full width.
        card = Card("transferCard")
        card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.source = fit_label(theme.HUGE_FONT_PX - 20, bold=True, name="transferSource",
                                colour=theme.ACCENT, gives_height=True)
        self.moving = fit_label(theme.BIG_FONT_PX, bold=True, name="transferMoving")
        self.lot = label(theme.CARD_FONT_PX, name="transferLot")
        self.next_step = label(theme.CARD_FONT_PX + 4, bold=True, name="transferNext",
                               wrap=True)
        row = QHBoxLayout()
        row.setSpacing(40)
        # The bin and what moves get the width; their letters shrink when it is short.
        for widgets, stretch in (((caption("From bin"), self.source), 4),
                                 ((caption("Moving"), self.moving, self.lot), 4),
                                 ((caption("Next"), self.next_step), 3)):
            column = QVBoxLayout()
            column.setSpacing(2)
            for widget in widgets:
                column.addWidget(widget)
            column.addStretch(1)
            row.addLayout(column, stretch)
        card.box.addLayout(row)

        self.contents_title = QLabel()
        self.contents_title.setFont(theme.font(theme.BASE_FONT_PX, bold=True))
        self.table = make_table(self.model, COL_NAME)
        self.table.setObjectName("contentsTable")
        self.table.setColumnHidden(COL_LOCATION, True)

        body = QVBoxLayout()
        body.setSpacing(6)
        body.addWidget(card)
        body.addWidget(self.contents_title)
        body.addWidget(self.table, 1)
        self.undo_button = self.add_button("Undo / cancel", UNDO_KEYS, self.undo)
        self._frame(body)

    def _render_state(self) -> None:
        state = self.station.state
        self.source.setText(state.source or "—")
        if state.sku:
            qty = f"{state.qty} × " if state.qty else ""
            self.moving.setText(f"{qty}{state.sku}")
            self.lot.setText(f"Lot {state.lot}" if state.lot else "")
        else:
            self.moving.setText("nothing yet")
            self.lot.setText("")
        self.next_step.setText(_NEXT.get(state.awaiting, ""))
        self.contents_title.setText(f"In {state.source}" if state.source
                                    else "Scan a bin to see what it holds")
        self.model.set_rows(state.contents)
        self.model.set_current(state.sku, state.lot)
        self.undo_button.setEnabled(state.can_undo or state.source is not None)
