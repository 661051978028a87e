"""The Put away page (F3): take what waits in the dock into bins.

The card shows the putaway under way: the item, lot and expiry, how many, and the suggested bin
in very large letters with the station's reason. Beside it, the dock, oldest first. Enter on an
empty box takes the oldest; Ctrl+Z cancels the task or undoes the last putaway; Ctrl+R sets
where the item belongs.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.stations.base import Level
from app.ui import theme
from app.ui.putaway.dock_model import COL_NAME, DockModel
from app.ui.putaway.putaway_rule_dialog import PutawayRuleDialog
from app.ui.widgets import expiry
from app.ui.widgets.cards import Card, caption, fit_label, label, name_label, set_tint
from app.ui.widgets.sounds import Sounds
from app.ui.widgets.station_view import UNDO_KEYS, StationView, open_dialog
from app.ui.widgets.tables import make_table

RULE_KEYS = ("Ctrl+R",)
ENTRY_PLACEHOLDER = "Enter = the oldest, or type a code"
EMPTY_PLACEHOLDER = "The dock is empty: nothing to put away"


class PutawayView(StationView):
    title = "Put away"
    entry_placeholder = ENTRY_PLACEHOLDER

    def __init__(self, station: Any, sounds: Sounds | None = None,
                 parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(station, sounds, parent)
        self.setObjectName("putawayView")
        self._today = today
        self.rule_dialog: PutawayRuleDialog | None = None
        self.model = DockModel(today, self)
        self._dock: tuple | None = None  # the dock as last read
        self._build()
        self.entry.entered_empty.connect(self._on_entered_empty)
        self.banner.show_feedback(Level.INFO, "Ready.")
        self.prompt.setText(station.prompt)
        self.refresh()

    def _build(self) -> None:
        card = Card("putawayCard")
        self.what_caption = caption("Put away")
        self.sku = fit_label(theme.BIG_FONT_PX, bold=True, name="putawaySku")
        self.name = name_label(theme.CARD_FONT_PX - 2, name="putawayName")
        self.lot = label(theme.CARD_FONT_PX - 2, name="putawayLot", wrap=True)
        self.qty = label(theme.CARD_FONT_PX + 4, bold=True, name="putawayQty")
        self.into_caption = caption("Into bin")
        self.bin = fit_label(theme.HUGE_FONT_PX, bold=True, name="suggestedBin",
                             colour=theme.ACCENT, gives_height=True)
        self.reason = label(theme.CARD_FONT_PX - 2, name="suggestionReason", wrap=True)
        for widget in (self.what_caption, self.sku, self.name, self.lot, self.qty,
                       self.into_caption, self.bin, self.reason):
            card.box.addWidget(widget)
        card.box.addStretch(1)

        dock_title = QLabel("In the dock, oldest first")
        dock_title.setFont(theme.font(theme.BASE_FONT_PX, bold=True))
        self.dock_count = QLabel()
        self.dock_count.setFont(theme.font(theme.BASE_FONT_PX))
        title_row = QHBoxLayout()
        title_row.addWidget(dock_title)
        title_row.addStretch(1)
        title_row.addWidget(self.dock_count)
        self.table = make_table(self.model, COL_NAME)
        self.table.setObjectName("dockTable")
        dock = QVBoxLayout()
        dock.setSpacing(4)
        dock.addLayout(title_row)
        dock.addWidget(self.table, 1)

        body = QHBoxLayout()
        body.setSpacing(12)
        # The card first: what to do now matters more than the rest of the dock.
        body.addWidget(card, 6)
        body.addLayout(dock, 5)
        self.take_button = self.add_button("Take oldest", (), self.take_oldest, hint="Enter")
        self.rule_button = self.add_button("Putaway rule", RULE_KEYS, self.edit_rule)
        self.undo_button = self.add_button("Undo / cancel", UNDO_KEYS, self.undo)
        self._frame(body)

    # -- input -------------------------------------------------------------------------------

    @Slot()
    def _on_entered_empty(self) -> None:
        self._answer("Enter", lambda: self.station.enter(""))

    @Slot()
    def take_oldest(self) -> None:
        self._answer("Take oldest", self.station.take_oldest)

    @Slot()
    def edit_rule(self) -> None:
        if self.busy:
            # The station belongs to the worker until its scans are answered.
            self.banner.show_feedback(Level.INFO, "Saving the last scans: press Ctrl+R again "
                                      "in a moment.")
            return
        state = self.station.state
        sku = state.sku or (state.dock[0].sku if state.dock else "")
        self.rule_dialog = PutawayRuleDialog(sku, self, user_id=self.station.user_id)
        self.rule_dialog.accepted.connect(self._on_rule_dialog_accepted)
        open_dialog(self.rule_dialog, self)

    @Slot()
    def _on_rule_dialog_accepted(self) -> None:
        note = " It applies from the next item scanned." if self.station.state.sku else ""
        self.banner.show_feedback(Level.OK, self.rule_dialog.message + note)
        self.sounds.play(Level.OK)

    # -- output ------------------------------------------------------------------------------

    def _render_state(self) -> None:
        if self._dock is None or self.answer_changed is None or "stock" in self.answer_changed:
            # Only an answer that moved stock (or the page being drawn again) reads the dock;
            # an item scanned or a refusal leaves it as it is.
            self._dock = self.station.dock_list()
        state = self.station.state_with(self._dock)
        today = self._today()
        working = state.awaiting == "bin" and state.sku is not None
        empty = not working and not state.dock
        self.what_caption.setText("PUT AWAY" if working else "THE DOCK" if empty
                                  else "NEXT IN THE DOCK")
        # Nothing to show in big letters: what the card says moves up.
        self.lot.setVisible(not empty)
        self.bin.setVisible(not empty)
        self.entry.setPlaceholderText(EMPTY_PLACEHOLDER if empty else ENTRY_PLACEHOLDER)
        if working:
            self._show_task(state, today)
        elif state.dock:
            first = state.dock[0]
            self.sku.setText(first.sku)
            self.name.setText(first.name)
            self._show_lot(first.lot_code, first.expiry, today)
            self.qty.setText(f"{first.qty} waiting")
            self.into_caption.setVisible(False)
            self.bin.setText("Enter")
            self.reason.setText("Press Enter to take the oldest stock, or scan any item in "
                                "the dock.")
        else:
            self.sku.setText("The dock is empty")
            self.name.setText("Everything received has been put away: nothing waits here.")
            self._show_lot(None, None, today)
            self.qty.setText("")
            self.into_caption.setVisible(False)
            self.bin.setText("")
            self.reason.setText("Stock received on the Receive page (F2) waits in the dock "
                                "until it is put away; it shows here then.")
        self.model.set_rows(state.dock)
        self.model.set_current(state.sku if working else None, state.lot)
        units = sum(x.qty for x in state.dock)
        self.dock_count.setText(f"{len(state.dock)} line(s), {units} units")
        self.take_button.setEnabled(not working and bool(state.dock))
        self.undo_button.setEnabled(working or state.can_undo)

    def _show_task(self, state: Any, today: date) -> None:
        self.sku.setText(state.sku)
        self.name.setText(state.name or "")
        self._show_lot(state.lot, state.expiry, today)
        of = f"  (of {state.available} in the dock)" if state.available != state.qty else ""
        self.qty.setText(f"Qty {state.qty}{of}")
        self.into_caption.setVisible(True)
        if state.suggestion is not None:
            self.bin.setText(state.suggestion.code)
            self.reason.setText(state.suggestion.reason)
        else:
            self.bin.setText("any bin")
            self.reason.setText("No bin has room for all of it: scan any bin with space.")

    def _show_lot(self, lot: str | None, expires: Any, today: date) -> None:
        parts = []
        if lot:
            parts.append(f"Lot {lot}")
        if expires:
            parts.append(f"expires {expiry.text(expires, today)}")
        self.lot.setText("  ·  ".join(parts) if parts else "No lot")
        set_tint(self.lot, expiry.colours(expires, today))
