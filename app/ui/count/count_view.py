"""The Count page (F5): today's bins in walking order; scan a bin, scan everything in it, scan
the bin again to close it.

Blind: the page shows what has been counted, never what the records expect, so the count is
not steered by the number on the screen. The card shows the bin being counted (or the next one)
very big; beside it today's list. F10 closes the bin, Ctrl+E confirms it empty, Ctrl+Z takes
the last scan back, Ctrl+Shift+X cancels the count (nothing it counted is booked). Scanning a
bin whose count was left open carries on with that count. The list is made the first time
the page is shown each day.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.core import count_views
from app.stations.base import Feedback, Level
from app.ui import theme
from app.ui.count.count_models import CNT_NAME, DUE_KIND, CountedModel, DueModel
from app.ui.count.count_widgets import ShortcutYielder, padded
from app.ui.widgets.cards import Card, caption, fit_label, label
from app.ui.widgets.sounds import Sounds
from app.ui.widgets.station_view import UNDO_KEYS, StationView
from app.ui.widgets.tables import make_table

CLOSE_KEYS = ("F10",)
EMPTY_KEYS = ("Ctrl+E",)
CANCEL_KEYS = ("Ctrl+Shift+X",)
SIDE_WIDTH = 400
SIDE_FONT_PX = 18
BIN_FONT_PX = theme.HUGE_FONT_PX + 16
MESSAGE_FONT_PX = theme.HUGE_FONT_PX - 36
CARD_KIND = {"scheduled": "Scheduled count", "adhoc": "Ad-hoc count",
             "short": "Count after a short pick", "recount": "Recount: the first count differed"}


class CountView(StationView):
    title = "Count"
    entry_placeholder = "Type a code, a quantity, 'empty', 'close' or 'cancel'; Enter"

    def __init__(self, station: Any, sounds: Sounds | None = None,
                 parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today,
                 load_policy: Callable[[], Any] | None = count_views.current_policy
                 ) -> None:
        super().__init__(station, sounds, parent)
        self.setObjectName("countView")
        self._today = today
        self._load_policy = load_policy
        self._prepared_for: date | None = None
        self._due: tuple | None = None  # today's list as last read
        self.due_model = DueModel(self)
        self.counted_model = CountedModel(self)
        self._build()
        self.entry.installEventFilter(ShortcutYielder(EMPTY_KEYS, self.entry))
        self.banner.show_feedback(Level.INFO, "Ready.")
        self.prompt.setText("Scan a bin to count")
        self.refresh()

    def _build(self) -> None:
        card = Card("countCard")
        self.where_caption = caption("Next")
        self.bin = fit_label(BIN_FONT_PX, bold=True, name="countBin", colour=theme.ACCENT,
                             gives_height=True)
        self.kind = label(theme.CARD_FONT_PX, bold=True, name="countKind")
        self.pending = label(theme.CARD_FONT_PX, bold=True, name="countPending",
                             colour=theme.ACCENT)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind)
        kind_row.addStretch(1)
        kind_row.addWidget(self.pending)
        self.counted_title = label(theme.BASE_FONT_PX + 1, bold=True, name="countedTitle")
        self.counted_table = padded(make_table(self.counted_model, CNT_NAME))
        self.counted_table.setObjectName("countedTable")
        card.box.addWidget(self.where_caption)
        card.box.addWidget(self.bin)
        card.box.addLayout(kind_row)
        card.box.addSpacing(6)
        card.box.addWidget(self.counted_title)
        card.box.addWidget(self.counted_table, 1)

        self.due_title = QLabel()
        self.due_title.setFont(theme.font(theme.BASE_FONT_PX, bold=True))
        self.due_table = padded(make_table(self.due_model, DUE_KIND, font_px=SIDE_FONT_PX))
        self.due_table.setObjectName("dueTable")
        side = QWidget()
        side.setMaximumWidth(SIDE_WIDTH)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.due_title)
        column.addWidget(self.due_table, 1)

        self.close_button = self.add_button("Close bin", CLOSE_KEYS, self.close_bin)
        self.empty_button = self.add_button("Empty", EMPTY_KEYS, self.confirm_empty)
        self.undo_button = self.add_button("Undo", UNDO_KEYS, self.undo)
        self.cancel_button = self.add_button("Cancel count", CANCEL_KEYS, self.cancel_count)
        self._frame(card, side)

    # -- the day's list ----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._load_policy is not None and not self.busy and self.station.awaiting == "bin":
            # A supervisor may have changed the policy on the Counts page since.
            self.station.policy = self._load_policy()
        self.prepare_day()

    def prepare_day(self) -> None:
        """Make today's list, once a day (again tomorrow if the window stays open)."""
        today = self._today()
        if self._prepared_for == today:
            return

        def prepare() -> Feedback:
            feedback = self.station.prepare()
            self._prepared_for = today  # only once it worked: a failure is tried again
            return feedback

        self._answer("Today's list", prepare)

    # -- input -------------------------------------------------------------------------------

    @Slot()
    def close_bin(self) -> None:
        self._answer("Close bin", self.station.close)

    @Slot()
    def confirm_empty(self) -> None:
        self._answer("Empty", self.station.confirm_empty)

    @Slot()
    def cancel_count(self) -> None:
        self._answer("Cancel count", self.station.cancel_count)

    def show_feedback(self, feedback: Feedback, what: str) -> None:
        before = {(r.sku, r.lot): r.counted for r in self.counted_model.rows()}
        super().show_feedback(feedback, what)
        if self.answering_scan and feedback.level is Level.INFO:
            # A scan that was taken (a bin started, a lot asked for) still gets its beep:
            # the person holding the scanner is not looking at the screen.
            self.sounds.play(Level.OK)
        if feedback.level is not Level.ERROR:
            self._mark_last_line(before)

    def _mark_last_line(self, before: dict[tuple[str, str | None], int]) -> None:
        # The station does not say which line a scan added to: it is the one whose count
        # changed since the table was last drawn.
        model = self.counted_model
        changed = [(r.sku, r.lot) for r in model.rows() if before.get((r.sku, r.lot)) != r.counted]
        if changed or not model.rows():
            was, model.last = model.last, changed[0] if changed else None
            if was != model.last:
                # The highlight moves: the rows it leaves and reaches are redrawn, no others.
                model.restyle_rows(lambda r: (r.sku, r.lot) in (was, model.last))

    # -- output ------------------------------------------------------------------------------

    def _render_state(self) -> None:
        changed = self.answer_changed
        if self._due is None or changed is None or ("state" in changed
                                                    and "line" not in changed):
            # An item counted or a refused scan leaves today's list as it was: not read again.
            self._due = self.station.due_list()
        state = self.station.state_with(self._due)
        due = list(state.due)
        current = next((d for d in due if d.code == state.bin), None)
        if state.bin is not None:
            self._caption("Lot of the last item: scan or type it" if state.awaiting == "lot"
                          else "Counting: scan every item, then this bin again")
            self._show_bin(state.bin)
            self.kind.setText(CARD_KIND.get(current.kind, current.kind) if current
                              else CARD_KIND["adhoc"])
            units = sum(line.counted for line in state.counted)
            self.counted_title.setText(f"Counted so far: {len(state.counted)} line(s), "
                                       f"{units} unit(s)")
        else:
            waiting = [d for d in due if d.status == "planned"]
            if waiting:
                self._caption("Next on the list: scan its bin label")
                self._show_bin(waiting[0].code)
                self.kind.setText(CARD_KIND.get(waiting[0].kind, waiting[0].kind))
            else:
                self._caption("Today's list")
                self._show_message("All counted")
                self.kind.setText("Scan any bin to count it ad hoc.")
            self.counted_title.setText("Nothing counted yet: scan a bin to start")
        pending = state.pending_qty
        self.pending.setText(f"Next scan counts {pending} each" if pending else "")
        self.counted_model.set_rows(state.counted)
        self.due_model.set_rows(due)
        left = sum(1 for d in due if d.status == "planned")
        self.due_title.setText(f"Today's list: {left} bin(s) still to count" if left else
                               "Today's list: nothing left to count")
        counting = state.bin is not None
        self.close_button.setEnabled(counting)
        self.empty_button.setEnabled(counting and not state.counted)
        self.cancel_button.setEnabled(counting)
        self.undo_button.setEnabled(state.can_undo or bool(pending)
                                    or state.awaiting == "lot")

    def _caption(self, text: str) -> None:
        self.where_caption.setText(text.upper())

    def _show_bin(self, code: str) -> None:
        self.bin.setFont(theme.font(BIN_FONT_PX, bold=True))
        self.bin.setText(code)

    def _show_message(self, text: str) -> None:
        self.bin.setFont(theme.font(MESSAGE_FONT_PX, bold=True))
        self.bin.setText(text)

