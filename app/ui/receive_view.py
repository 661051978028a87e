"""The Receive view: scan a purchase order, then what arrived, and watch the lines fill up.

The view passes scans, typed entries, Undo and Finish to the `ReceiveStation` and shows what it
answers: the prompt, a coloured banner with the message, the PO's lines, the last few scans. It
plays the sound for each answer's level. It makes no warehouse decisions of its own.
"""

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.stations.base import Feedback, Level, Scan
from app.ui import theme
from app.ui.entry_box import EntryBox
from app.ui.feedback_banner import FeedbackBanner, PromptLabel
from app.ui.receive_model import COL_NAME, ReceiveLinesModel
from app.ui.recent_scans import RecentScans
from app.ui.sounds import Sounds

log = logging.getLogger(__name__)

ENTRY_PLACEHOLDER = "Type a code, a quantity or a lot, then Enter"
UNDO_KEYS = ("Ctrl+Z",)
FINISH_KEYS = ("F10", "Ctrl+Return", "Ctrl+Enter")

_STATUS_COLOURS = {
    "open": ("#2f6fb3", "#ffffff"),
    "partial": ("#f2a900", "#1a1a1a"),
    "received": ("#1e7b34", "#ffffff"),
    "cancelled": ("#7b8794", "#ffffff"),
}


class ReceiveView(QWidget):
    """One station's screen. `handle_scan` is what the main window calls for each scan."""

    title = "Receive"

    def __init__(self, station: Any, sounds: Sounds | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiveView")
        self.station = station
        self.sounds = sounds or Sounds(enabled=False, parent=self)
        self._build()
        self._connect()
        self.banner.show_feedback(Level.INFO, "Ready.")
        self._render_state()
        self.prompt.setText(station.prompt)

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.prompt = PromptLabel()
        self.banner = FeedbackBanner()

        self.po_number = QLabel()
        self.po_number.setObjectName("poNumber")
        self.po_number.setFont(theme.font(24, bold=True))
        self.po_supplier = QLabel()
        self.po_supplier.setFont(theme.font(20))
        self.po_status = QLabel()
        self.po_status.setObjectName("poStatus")
        self.po_status.setFont(theme.font(16, bold=True))
        self.pending = QLabel()
        self.pending.setObjectName("pending")
        self.pending.setFont(theme.font(20, bold=True))
        self.pending.setStyleSheet("#pending { background: #2f6fb3; color: white; "
                                   "border-radius: 6px; padding: 4px 12px; }")
        header = QHBoxLayout()
        header.setSpacing(14)
        header.addWidget(self.po_number)
        header.addWidget(self.po_status)
        header.addWidget(self.po_supplier, 1)
        header.addWidget(self.pending)

        self.model = ReceiveLinesModel(self)
        self.table = QTableView()
        self.table.setObjectName("linesTable")
        self.table.setModel(self.model)
        self.table.setFont(theme.font(theme.TABLE_FONT_PX))
        self.model.base_font = self.table.font()
        self.table.horizontalHeader().setFont(theme.font(theme.BASE_FONT_PX, bold=True))
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(36)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # Tab goes from the entry box to the buttons; the table is for looking at.
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        heading = self.table.horizontalHeader()
        heading.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        heading.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        heading.setHighlightSections(False)

        recent_title = QLabel("Last scans")
        recent_title.setFont(theme.font(theme.BASE_FONT_PX, bold=True))
        self.recent = RecentScans()
        self.recent.setFont(theme.font(15))
        recent_box = QVBoxLayout()
        recent_box.setSpacing(4)
        recent_box.addWidget(recent_title)
        recent_box.addWidget(self.recent, 1)
        recent_widget = QWidget()
        recent_widget.setLayout(recent_box)
        recent_box.setContentsMargins(0, 0, 0, 0)
        recent_widget.setFixedWidth(340)

        middle = QHBoxLayout()
        middle.setSpacing(12)
        middle.addWidget(self.table, 1)
        middle.addWidget(recent_widget)

        self.entry = EntryBox(ENTRY_PLACEHOLDER)
        self.undo_button = QPushButton(f"Undo   {UNDO_KEYS[0]}")
        self.finish_button = QPushButton(f"Finish PO   {FINISH_KEYS[0]}")
        for button in (self.undo_button, self.finish_button):
            button.setFont(theme.font(theme.BASE_FONT_PX + 1, bold=True))
            button.setMinimumHeight(48)
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            # Reachable with Tab, but a mouse click leaves the keyboard in the entry box.
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        bottom.addWidget(self.entry, 1)
        bottom.addWidget(self.undo_button)
        bottom.addWidget(self.finish_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.prompt)
        layout.addWidget(self.banner)
        layout.addLayout(header)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        self.setFocusProxy(self.entry)

    def _connect(self) -> None:
        self.entry.entered.connect(self._on_entered)
        self.undo_button.clicked.connect(self.undo)
        self.finish_button.clicked.connect(self.finish)
        self._shortcuts = []
        for keys, slot in ((UNDO_KEYS, self.undo), (FINISH_KEYS, self.finish)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
                self._shortcuts.append(shortcut)

    # -- input -------------------------------------------------------------------------------

    @Slot(str)
    def handle_scan(self, code: str) -> None:
        """A scan from the scanner, whatever widget has focus."""
        self._answer(code, lambda: self.station.handle(Scan(code, source="scanner")))

    @Slot(str)
    def _on_entered(self, text: str) -> None:
        self._answer(f"typed {text.strip()}", lambda: self.station.enter(text))

    @Slot()
    def undo(self) -> None:
        self._answer("Undo", self.station.undo)

    @Slot()
    def finish(self) -> None:
        self._answer("Finish PO", self.station.finish)

    def _answer(self, what: str, call: Callable[[], Feedback]) -> None:
        try:
            feedback = call()
        except Exception as error:  # a bug must not close the window mid-delivery
            log.exception("Receive station failed on %r", what)
            feedback = Feedback(
                Level.ERROR, f"Binwise could not handle that ({error}). Check the lines "
                f"before going on and tell your supervisor.", self._safe_prompt())
        self.show_feedback(feedback, what)

    def _safe_prompt(self) -> str:
        try:
            return self.station.prompt
        except Exception:
            return ""

    # -- output ------------------------------------------------------------------------------

    def show_feedback(self, feedback: Feedback, what: str) -> None:
        self.banner.show_feedback(feedback.level, feedback.message)
        self.prompt.setText(feedback.prompt or self._safe_prompt())
        try:
            self._render_state()
        except Exception:
            log.exception("Could not show the receiving state")
        self.recent.add(feedback.level, what, feedback.message)
        self.sounds.play(feedback.level)

    def _render_state(self) -> None:
        state = self.station.state
        if state.po_number:
            self.po_number.setText(state.po_number)
            self.po_supplier.setText(state.supplier or "")
            status = state.po_status or ""
            background, text = _STATUS_COLOURS.get(status, ("#7b8794", "#ffffff"))
            self.po_status.setText(status.upper())
            self.po_status.setStyleSheet(
                f"#poStatus {{ background: {background}; color: {text}; border-radius: 4px; "
                f"padding: 2px 8px; }}")
            self.po_status.setVisible(bool(status))
        else:
            self.po_number.setText("No purchase order open")
            self.po_supplier.setText("")
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
