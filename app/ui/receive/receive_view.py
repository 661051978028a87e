"""The Receive view: scan a purchase order, then what arrived, and watch the lines fill up.

The view passes scans, typed entries, Undo and Finish to the `ReceiveStation` and shows what it
answers: the prompt, a coloured banner with the message, the PO's lines, the last few scans. It
plays the sound for each answer's level. It makes no warehouse decisions of its own.

After Finish, when lots were received, it says which, and offers their labels on the Labels
page (F9) when the window has one.
"""

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.stations.base import Feedback, Level
from app.ui import theme
from app.ui.receive.receive_model import COL_NAME, ReceiveLinesModel
from app.ui.widgets.cards import ElidedLabel
from app.ui.widgets.sounds import Sounds
from app.ui.widgets.station_view import UNDO_KEYS, StationView
from app.ui.widgets.tables import make_table

log = logging.getLogger(__name__)

ENTRY_PLACEHOLDER = "Type a code, a quantity or a lot, then Enter"
FINISH_KEYS = ("F10", "Ctrl+Return", "Ctrl+Enter")
LABELS_KEY = "F9"

_STATUS_COLOURS = {
    "open": ("#2f6fb3", "#ffffff"),
    "partial": ("#f2a900", "#1a1a1a"),
    "received": ("#1e7b34", "#ffffff"),
    "cancelled": ("#7b8794", "#ffffff"),
}

# (po number, since, user id) -> the lots received on that PO in this session.
ReceivedLots = Callable[[str, datetime, int | None], Sequence[Any]]


def _utcnow() -> datetime:
    # The database keeps times in naive UTC.
    return datetime.now(UTC).replace(tzinfo=None)


class ReceiveView(StationView):
    """One station's screen. `handle_scan` is what the main window calls for each scan."""

    title = "Receive"
    entry_placeholder = ENTRY_PLACEHOLDER

    # The lots received on the PO just finished (records with lot_id, sku, lot, qty).
    lots_received = Signal(object)
    # The person asked for those lots' labels.
    labels_requested = Signal()

    def __init__(self, station: Any, sounds: Sounds | None = None,
                 parent: QWidget | None = None, *,
                 received_lots: ReceivedLots | None = None,
                 now: Callable[[], datetime] | None = None) -> None:
        super().__init__(station, sounds, parent)
        self.setObjectName("receiveView")
        self._received_lots = received_lots
        self._now = now or _utcnow
        # The PO being received and when the view first saw it open.
        self._session: tuple[str, datetime] | None = None
        self.last_lots: tuple[Any, ...] = ()
        # Set by the window when it has a Labels page to send the person to.
        self.labels_available = False
        self._build()
        self.banner.show_feedback(Level.INFO, "Ready.")
        self.refresh()
        self.prompt.setText(station.prompt)

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.po_number = QLabel()
        self.po_number.setObjectName("poNumber")
        self.po_number.setFont(theme.font(24, bold=True))
        # On a line of its own under the number, so a long name stays whole beside the
        # pending badge; narrower than even that, it ends in "…" and its tooltip has it all.
        self.po_supplier = ElidedLabel()
        self.po_supplier.setObjectName("poSupplier")
        self.po_supplier.setFont(theme.font(20))
        self.po_status = QLabel()
        self.po_status.setObjectName("poStatus")
        self.po_status.setFont(theme.font(16, bold=True))
        self.pending = QLabel()
        self.pending.setObjectName("pending")
        self.pending.setFont(theme.font(20, bold=True))
        self.pending.setStyleSheet("#pending { background: #2f6fb3; color: white; "
                                   "border-radius: 6px; padding: 4px 12px; }")
        self.pending.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        header = QHBoxLayout()
        header.setSpacing(14)
        header.addWidget(self.po_number)
        header.addWidget(self.po_status)
        header.addStretch(1)
        header.addWidget(self.pending)

        self.model = ReceiveLinesModel(self)
        self.table = make_table(self.model, COL_NAME)
        self.table.setObjectName("linesTable")
        self.model.base_font = self.table.font()

        body = QVBoxLayout()
        body.setSpacing(10)
        body.addLayout(header)
        body.addWidget(self.po_supplier)
        body.addWidget(self.table, 1)

        self.labels_button = self.add_button("Print lot labels", (), self._on_labels_clicked,
                                             hint=LABELS_KEY)
        self.labels_button.setObjectName("labelsButton")
        self.labels_button.setVisible(False)
        self.undo_button = self.add_button("Undo", UNDO_KEYS, self.undo)
        self.finish_button = self.add_button("Finish PO", FINISH_KEYS, self.finish)
        # The PO's lines (their item names) matter more than the last scans' list.
        self._frame(body, self.recent_panel(), side_stretch=1)

    # -- input -------------------------------------------------------------------------------

    @Slot()
    def finish(self) -> None:
        session = self._session
        lots: list[tuple[Any, ...]] = []

        def work() -> Feedback:
            feedback = self.station.finish()
            if not feedback.refused and session is not None:
                lots.append(self._lots_of(session))
            return feedback

        self._answer("Finish PO", work,
                     lambda feedback: self._with_lots(feedback, lots[0]) if lots else feedback)

    def _lots_of(self, session: tuple[str, datetime]) -> tuple[Any, ...]:
        """On the worker: the lots received in this session, to print their labels."""
        if self._received_lots is None:
            return ()
        number, since = session
        try:
            return tuple(self._received_lots(number, since, getattr(self.station, "user_id",
                                                                    None)))
        except Exception:
            log.exception("Could not list the lots received on %s", number)
            return ()

    def _with_lots(self, feedback: Feedback, lots: tuple[Any, ...]) -> Feedback:
        """Name the lots just received, so their labels can be printed."""
        if self._received_lots is None:
            return feedback
        self.last_lots = lots
        if not lots:
            return feedback
        shown = ", ".join(f"{lot.sku} lot {lot.lot} ({lot.qty})" for lot in lots[:4])
        more = f" and {len(lots) - 4} more" if len(lots) > 4 else ""
        where = f" Press {LABELS_KEY} to print their labels." if self.labels_available else ""
        self.labels_button.setVisible(self.labels_available)
        self.lots_received.emit(lots)
        return Feedback(feedback.level, f"{feedback.message} Lots received: {shown}{more}."
                        f"{where}", feedback.prompt, feedback.changed)

    @Slot()
    def _on_labels_clicked(self) -> None:
        self.labels_requested.emit()

    # -- output ------------------------------------------------------------------------------

    def _render_state(self) -> None:
        state = self.station.state
        if state.po_number:
            if self._session is None or self._session[0] != state.po_number:
                self._session = (state.po_number, self._now())
                self.labels_button.setVisible(False)
            self.po_number.setText(state.po_number)
            self.po_supplier.setText(state.supplier or "")
            self.po_supplier.setVisible(bool(state.supplier))
            status = state.po_status or ""
            background, text = _STATUS_COLOURS.get(status, ("#7b8794", "#ffffff"))
            self.po_status.setText(status.upper())
            self.po_status.setStyleSheet(
                f"#poStatus {{ background: {background}; color: {text}; border-radius: 4px; "
                f"padding: 2px 8px; }}")
            self.po_status.setVisible(bool(status))
        else:
            self._session = None
            self.po_number.setText("No purchase order open")
            self.po_supplier.setText("")
            self.po_supplier.setVisible(False)
            self.po_status.setVisible(False)
        pending = []
        if state.pending_qty:
            pending.append(f"Next item × {state.pending_qty}")
        if state.current_item:
            pending.append(f"{state.current_item}: needs {state.awaiting}")
        self.pending.setText("   ".join(pending))
        self.pending.setVisible(bool(pending))
        self.model.set_lines(state.lines, state.last_line_id)
        row = self.model.row_of(state.last_line_id)
        if row is not None:
            self.table.scrollTo(self.model.index(row, 0))
        self.undo_button.setEnabled(state.can_undo or bool(state.pending_qty)
                                    or bool(state.current_item))
        self.finish_button.setEnabled(state.po_number is not None)
