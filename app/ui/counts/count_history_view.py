"""The history on the Counts page: every counted line, newest first, with who counted it, what
the records expected, what was found, what was adjusted and what became of it.

Scanning or typing a bin or an item shows only its counts; Escape shows all of them again.
"""

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.core import count_views
from app.core.errors import BinwiseError
from app.scanning.decode import DecodeConfig
from app.stations.base import Level
from app.ui import theme
from app.ui.count.count_models import HIS_STATUS, HistoryModel
from app.ui.count.count_widgets import heading, padded
from app.ui.widgets.entry_box import EntryBox
from app.ui.widgets.tables import make_table

log = logging.getLogger(__name__)

EXPLANATION = ("Each line is one item (and lot) of a counted bin: what the records expected, "
               "what was counted, and what was adjusted. Newest first, the last "
               f"{count_views.HISTORY_LIMIT} lines.")


class HistoryPanel(QWidget):
    """Emits `feedback_requested(level, message)` for the page's banner."""

    feedback_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None, *,
                 decode_config: DecodeConfig | None = None,
                 ops: Any = count_views) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self.decode_config = decode_config or DecodeConfig()
        self.ops = ops
        self.target: Any = None  # the bin or item shown, None for all
        self.model = HistoryModel(self)

        self.explanation = QLabel(EXPLANATION)
        self.explanation.setObjectName("historyExplanation")
        self.explanation.setFont(theme.font(theme.BASE_FONT_PX))
        self.explanation.setWordWrap(True)
        self.entry = EntryBox("Scan or type a bin or an item to see only its counts; Enter")
        self.entry.setObjectName("historyEntry")
        self.entry.entered.connect(self._on_entered)
        self.title = heading()
        self.title.setObjectName("historyTitle")
        self.table = padded(make_table(self.model, HIS_STATUS, font_px=16))
        self.table.setObjectName("historyTable")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.explanation)
        layout.addWidget(self.entry)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.entry)
        escape = QShortcut(QKeySequence("Escape"), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.clear_filter)

    # -- showing -----------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            rows = self.ops.history_rows(self.target)
        except Exception:
            log.exception("Could not read the count history")
            return
        self.model.set_rows(rows)
        if self.target is None:
            self.title.setText(f"All counts: {len(rows)} line(s)" if rows else
                               "Nothing has been counted yet.")
        else:
            what = "bin" if self.target.kind == "bin" else "item"
            shown = (f"{len(rows)} line(s)" if rows else "never counted")
            self.title.setText(f"Counts of {what} {self.target.code}: {shown}. Escape shows "
                               f"all counts.")

    # -- filter ------------------------------------------------------------------------------

    @Slot(str)
    def handle_scan(self, code: str) -> None:
        self.show_code(code)

    @Slot(str)
    def _on_entered(self, text: str) -> None:
        self.show_code(text.strip())

    def show_code(self, code: str) -> None:
        try:
            target = self.ops.identify(code, self.decode_config)
        except BinwiseError as error:
            self.feedback_requested.emit(Level.ERROR.value, str(error))
            return
        except Exception as error:  # a bug must not close the window mid-task
            log.exception("Looking up %r failed", code)
            self.feedback_requested.emit(Level.ERROR.value,
                                         f"Binwise could not look that up ({error}).")
            return
        self.target = target
        self.refresh()
        lines = self.model.rowCount()
        if lines:
            self.feedback_requested.emit(Level.OK.value, f"{target.code}: {lines} counted "
                                         f"line(s), newest first. Escape shows all counts.")
        else:
            self.feedback_requested.emit(Level.WARNING.value, f"{target.code} has never been "
                                         f"counted. Escape shows all counts.")

    @Slot()
    def clear_filter(self) -> None:
        if self.entry.text():
            self.entry.clear()
            return
        if self.target is None:
            return
        self.target = None
        self.refresh()
        self.feedback_requested.emit(Level.INFO.value, "All counts, newest first.")
