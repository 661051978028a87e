"""The review queue on the Counts page: variances a recount confirmed, waiting for a supervisor.

Each line shows the bin, the item and lot, what the records expected, what was counted, the
variance and its value. Approve (Ctrl+A) posts the adjustment to or from inventory loss; Reject
(Ctrl+J) keeps the records as they are. Both ask first. A scanned bin or item selects its line.
"""

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Signal, Slot
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QMessageBox, QVBoxLayout, QWidget

from app.core import count_views
from app.core.errors import BinwiseError
from app.core.users import PermissionDeniedError
from app.stations.base import Level
from app.ui import theme
from app.ui.count.count_models import REV_NAME, ReviewModel, money
from app.ui.count.count_widgets import action_button, heading, padded
from app.ui.people.approval import ask_approval
from app.ui.widgets.record_model import RECORD_ROLE
from app.ui.widgets.tables import make_table

log = logging.getLogger(__name__)

APPROVE_KEY = "Ctrl+A"
REJECT_KEY = "Ctrl+J"


class ReviewPanel(QWidget):
    """Emits `feedback_requested(level, message)` for the page's banner, and `decided` after
    a decision changed the records."""

    feedback_requested = Signal(str, str)
    decided = Signal()

    def __init__(self, user_id: int, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today, ops: Any = count_views) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self.user_id = user_id
        self._today = today
        self.ops = ops
        # Asks before a decision that cannot be taken back; tests answer for the person.
        self.confirm: Callable[[str], bool] = self._ask
        self.model = ReviewModel(self)
        self.title = heading()
        self.table = padded(make_table(self.model, REV_NAME, selectable=True))
        self.table.setObjectName("reviewTable")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.detail = heading()
        self.detail.setObjectName("reviewDetail")
        self.approve_button = action_button("Approve", APPROVE_KEY, self.approve, self)
        self.reject_button = action_button("Reject", REJECT_KEY, self.reject, self)
        row = QHBoxLayout()
        row.addWidget(self.detail, 1)
        row.addWidget(self.approve_button)
        row.addWidget(self.reject_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.setFocusProxy(self.table)

    # -- rows --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the queue again, keeping the selected line if it is still there."""
        current = self.current_row()
        try:
            rows = self.ops.review_rows()
        except Exception:
            log.exception("Could not read the review queue")
            return
        self.model.set_rows(rows)
        self.title.setText(f"Variances waiting for review: {len(rows)}" if rows else
                           "Nothing waits for review: every recount matched or was adjusted.")
        row = self.model.row_of(current.line_id) if current else None
        self._select(0 if row is None and rows else row)
        self._on_current_row_changed()

    def current_row(self) -> Any:
        index = self.table.currentIndex()
        return index.data(RECORD_ROLE) if index.isValid() else None

    def _select(self, row: int | None) -> None:
        if row is None:
            return
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect \
            | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(self.model.index(row, 0), flags)

    def select_code(self, target: Any) -> bool:
        """Select the first line of the scanned bin or item; False when it has none."""
        for row, record in enumerate(self.model.rows()):
            if (target.kind == "bin" and record.bin.lower() == target.code.lower()) or \
                    (target.kind == "item" and record.sku.lower() == target.code.lower()):
                self._select(row)
                return True
        return False

    @Slot()
    def _on_current_row_changed(self) -> None:
        row = self.current_row()
        self.approve_button.setEnabled(row is not None)
        self.reject_button.setEnabled(row is not None)
        if row is None:
            self.detail.setText("")
            return
        change = "writes off" if row.variance < 0 else "adds"
        self.detail.setText(f"{row.describe()}: records say {row.expected}, counted "
                            f"{row.counted} (a recount confirmed it). Approve {change} "
                            f"{abs(row.variance)}; Reject keeps the records.")

    # -- decisions ---------------------------------------------------------------------------

    @Slot()
    def approve(self) -> None:
        self._decide(True)

    @Slot()
    def reject(self) -> None:
        self._decide(False)

    def _decide(self, approve: bool) -> None:
        row = self.current_row()
        if row is None:
            self.feedback_requested.emit(Level.INFO.value, "Nothing selected: choose a line "
                                         "with the arrow keys, or scan its bin.")
            return
        change = "writes off" if row.variance < 0 else "adds"
        if approve:
            question = (f"Approve {row.describe()}? This {change} {abs(row.variance)} unit(s) "
                        f"(value {money(row.value, signed=True)}) so the records say "
                        f"{row.counted}.")
        else:
            question = (f"Reject {row.describe()}? The records stay at {row.expected}; "
                        f"nothing is adjusted.")
        if not self.confirm(question):
            return
        self._record(row, approve, None)

    def _record(self, row, approve: bool, approver_id: int | None) -> None:
        try:
            orders = self.ops.decide(row.line_id, approve, self.user_id, self._today(),
                                     approver_id=approver_id)
        except PermissionDeniedError as error:
            # An operator: a supervisor approves on the spot, then it is recorded.
            self.feedback_requested.emit(Level.WARNING.value, str(error))
            ask_approval(self, error, lambda approver: self._record(row, approve, approver))
            return
        except BinwiseError as error:
            self.refresh()
            self.feedback_requested.emit(Level.ERROR.value, str(error))
            return
        except Exception as error:
            log.exception("Deciding count line %s failed", row.line_id)
            self.feedback_requested.emit(Level.ERROR.value, f"Binwise could not record the "
                                         f"decision ({error}). Tell your supervisor.")
            return
        self.refresh()
        self.decided.emit()
        if approve:
            again = f" Orders allocated again: {', '.join(orders)}." if orders else ""
            self.feedback_requested.emit(Level.OK.value, f"Approved: {row.describe()} is now "
                                         f"{row.counted} ({row.variance:+d} adjusted).{again}")
        else:
            self.feedback_requested.emit(Level.OK.value, f"Rejected: {row.describe()} stays "
                                         f"at {row.expected} as recorded.")

    def _ask(self, question: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Binwise", question,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setFont(theme.font(theme.BASE_FONT_PX + 2))
        # Without a window manager a dialog has no frame: draw one so it stands out.
        box.setStyleSheet(f"QMessageBox {{ border: 3px solid {theme.ACCENT}; }}")
        return box.exec() == QMessageBox.StandardButton.Yes
