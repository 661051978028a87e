"""The Lookup page (F1): scan anything and see what it is and where it is.

The title and subtitle come big from the station's answer; below them every stock line with
its location, lot, expiry and what is free, expired lots red and lots expiring soon amber. For
an item it also shows where it is put away, changed with Ctrl+R, and for a kit what goes in
one; Ctrl+K edits an item's components (makes it a kit). A purchase order shows its lines,
ordered and received, as the Receive page lists them.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from app.core import order_views
from app.core.errors import BinwiseError
from app.core.users import PermissionDeniedError
from app.stations.base import Level
from app.ui import theme
from app.ui.lookup.kit_dialog import KitDialog
from app.ui.lookup.lookup_model import COL_LOCATION, COL_NAME, BinLinesModel
from app.ui.people.approval import ask_approval
from app.ui.putaway.putaway_rule_dialog import PutawayRuleDialog
from app.ui.receive.receive_model import COL_NAME as PO_COL_NAME
from app.ui.receive.receive_model import ReceiveLinesModel
from app.ui.widgets.cards import fit_label
from app.ui.widgets.sounds import Sounds
from app.ui.widgets.station_view import StationView, open_dialog
from app.ui.widgets.tables import make_table

RULE_KEYS = ("Ctrl+R",)
BLOCK_KEYS = ("Ctrl+B",)
KIT_KEYS = ("Ctrl+K",)


class LookupView(StationView):
    title = "Lookup"
    entry_placeholder = "Type a bin, SKU, lot or PO, then Enter"
    # Lookup takes no quantities: a number in the box is a code a person is still typing.
    typed_number_first = False

    def __init__(self, station: Any, sounds: Sounds | None = None,
                 parent: QWidget | None = None, *, today: Callable[[], date] = date.today,
                 putaway_rule: Callable[[str], str | None] = order_views.putaway_rule) -> None:
        super().__init__(station, sounds, parent)
        self.setObjectName("lookupView")
        self._putaway_rule = putaway_rule
        self.rule_dialog: PutawayRuleDialog | None = None
        self.kit_dialog: KitDialog | None = None
        self.model = BinLinesModel(today, self)
        self.po_model = ReceiveLinesModel(self)
        self._build()
        self.banner.show_feedback(Level.INFO, "Scan anything to see what it is and where.")
        self.prompt.setText(station.prompt)
        self.refresh()

    def _build(self) -> None:
        self.heading = fit_label(theme.BIG_FONT_PX, bold=True, name="lookupTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("lookupSubtitle")
        self.subtitle.setFont(theme.font(theme.CARD_FONT_PX - 2))
        self.subtitle.setWordWrap(True)
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.rule = QLabel()
        self.rule.setObjectName("lookupRule")
        self.rule.setFont(theme.font(theme.BASE_FONT_PX + 1))
        self.rule.setTextFormat(Qt.TextFormat.PlainText)
        header = QHBoxLayout()
        header.setSpacing(16)
        header.addWidget(self.heading, 1)
        header.addWidget(self.rule, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table = make_table(self.model, COL_NAME)
        self.table.setObjectName("lookupTable")
        self.po_table = make_table(self.po_model, PO_COL_NAME)
        self.po_table.setObjectName("lookupPoTable")
        self.po_model.base_font = self.po_table.font()
        # Stock lines, or a purchase order's lines: one shows at a time.
        self.tables = QStackedWidget()
        self.tables.addWidget(self.table)
        self.tables.addWidget(self.po_table)
        body = QVBoxLayout()
        body.setSpacing(6)
        body.addLayout(header)
        body.addWidget(self.subtitle)
        body.addWidget(self.tables, 1)
        self.rule_button = self.add_button("Putaway rule", RULE_KEYS, self.edit_rule)
        self.block_button = self.add_button("Block bin", BLOCK_KEYS,
                                            lambda: self.toggle_block())
        self.kit_button = self.add_button("Kit", KIT_KEYS, self.edit_kit)
        self._frame(body)

    # -- the item's putaway rule -------------------------------------------------------------

    def _shown_sku(self) -> str | None:
        result = self.station.result
        return result.title if result is not None and result.kind == "item" else None

    @Slot()
    def edit_rule(self) -> None:
        if self.busy:
            # The station belongs to the worker until its scans are answered.
            self.banner.show_feedback(Level.INFO, "Saving the last scans: press Ctrl+R again "
                                      "in a moment.")
            return
        sku = self._shown_sku()
        if sku is None:
            self.banner.show_feedback(Level.INFO, "Scan an item first, then press Ctrl+R to "
                                      "set where it is put away.")
            return
        self.rule_dialog = PutawayRuleDialog(sku, self, user_id=self.station.user_id)
        self.rule_dialog.accepted.connect(self._on_rule_dialog_accepted)
        open_dialog(self.rule_dialog, self)

    @Slot()
    def _on_rule_dialog_accepted(self) -> None:
        self.banner.show_feedback(Level.OK, self.rule_dialog.message)
        self.sounds.play(Level.OK)
        self.refresh()

    # -- the item's components (a kit) ----------------------------------------------------------

    @Slot()
    def edit_kit(self) -> None:
        if self.busy:
            self.banner.show_feedback(Level.INFO, "Saving the last scans: press Ctrl+K again "
                                      "in a moment.")
            return
        sku = self._shown_sku()
        if sku is None:
            self.banner.show_feedback(Level.INFO, "Scan an item first, then press Ctrl+K to "
                                      "edit what goes in it as a kit.")
            return
        self.kit_dialog = KitDialog(sku, self)
        self.kit_dialog.accepted.connect(self._on_kit_dialog_accepted)
        open_dialog(self.kit_dialog, self)

    @Slot()
    def _on_kit_dialog_accepted(self) -> None:
        self.banner.show_feedback(Level.OK, self.kit_dialog.message)
        self.sounds.play(Level.OK)
        # Show the item again, with its new components.
        self._on_entered(self.kit_dialog.sku)

    # -- blocking the bin shown (a supervisor's action) ---------------------------------------

    def toggle_block(self, approver_id: int | None = None) -> None:
        result = self.station.result
        blocked = not (result is not None and result.blocked)
        try:
            feedback = self.station.set_blocked(blocked, approver_id)
        except PermissionDeniedError as error:
            self.banner.show_feedback(Level.WARNING, str(error))
            ask_approval(self, error, lambda approver: self.toggle_block(approver))
            return
        self.show_feedback(feedback, "Block bin" if blocked else "Unblock bin")

    # -- output ------------------------------------------------------------------------------

    def _render_state(self) -> None:
        result = self.station.result
        if result is None:
            self.heading.setText("Nothing looked up yet")
            self.subtitle.setText("Bins show what they hold; items and lots show every place "
                                  "they are, soonest expiry first.")
            self.model.set_rows([])
            self.po_model.set_lines([])
        else:
            self.heading.setText(result.title)
            totals = result.totals
            amounts = (f"  ·  on hand {totals.on_hand}, reserved {totals.reserved}, "
                       f"available {totals.available}" if result.kind == "bin" and
                       result.lines else "")
            self.subtitle.setText(f"{result.subtitle}{amounts}")
            self.model.set_rows(result.lines)
            self.po_model.set_lines(result.po_lines)
        is_po = result is not None and result.kind == "po"
        self.tables.setCurrentWidget(self.po_table if is_po else self.table)
        # Every line of a bin is in that bin: the column would only repeat the title.
        self.table.setColumnHidden(COL_LOCATION, result is not None and result.kind == "bin")
        is_bin = result is not None and result.kind == "bin"
        self.block_button.setEnabled(is_bin)
        self.block_button.setText(f"{'Unblock' if is_bin and result.blocked else 'Block'} bin"
                                  f"   {BLOCK_KEYS[0]}")
        sku = self._shown_sku()
        self.rule_button.setEnabled(sku is not None)
        self.kit_button.setEnabled(sku is not None)
        self.rule.setVisible(sku is not None)
        if sku is not None:
            try:
                place = self._putaway_rule(sku)
            except BinwiseError:
                place = None
            self.rule.setText(f"Put away into: {place or 'nearest empty bin'}   (Ctrl+R)")
