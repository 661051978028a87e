"""The Returns tab of the settings (F12): the warehouse's list of return reasons, as
`binwise returns reasons` edits it: add, rename, remove, reorder. The list is shared by every
station and changing it is a supervisor's decision: saving asks for a supervisor's badge or
name and PIN when the person logged in is not one.

A rename keeps the reason's code (what the returns sheet's barcodes and the refunds export
hold), so returns booked before keep their meaning.
"""

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import return_reasons, users
from app.core.errors import BinwiseError
from app.core.return_reasons import Reason

# (load the list, save(list, approver_id or None) -> the list saved)
ReasonsStore = tuple[Callable[[], tuple[Reason, ...]],
                     Callable[[list[Reason], int | None], tuple[Reason, ...]]]


class ReasonsTab(QWidget):
    # The list was saved (the dialog's Save goes on with the rest then).
    saved = Signal()

    def __init__(self, store: ReasonsStore | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.reasons: list[Reason] = []
        self.dirty = False
        self.list = QListWidget()
        self.list.setObjectName("returnReasons")
        self.list.currentRowChanged.connect(self._on_current_row_changed)
        self.text = QLineEdit()
        self.text.setObjectName("reasonText")
        self.text.setPlaceholderText("A reason, e.g. Arrived too late (or late=Arrived too late)")
        self.text.returnPressed.connect(self.add)
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self.add)
        self.rename_button = QPushButton("Rename")
        self.rename_button.clicked.connect(self.rename)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove)
        self.up_button = QPushButton("Up")
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton("Down")
        self.down_button.clicked.connect(lambda: self.move(1))
        self.save_button = QPushButton("Save reasons")
        self.save_button.clicked.connect(lambda: self.save_reasons())
        self.message = QLabel()
        self.message.setObjectName("reasonsMessage")
        self.message.setWordWrap(True)
        buttons = QGridLayout()
        for column, button in enumerate((self.add_button, self.rename_button,
                                         self.remove_button, self.up_button,
                                         self.down_button, self.save_button)):
            button.setAutoDefault(False)
            buttons.addWidget(button, 0, column)
        layout = QVBoxLayout(self)
        title = QLabel("<b>Return reasons</b> (all stations; the returns sheet prints them)")
        layout.addWidget(title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._load()

    def _load(self) -> None:
        if self._store is None:
            self._say("The return reasons are kept in the warehouse: open a warehouse first.")
            for widget in (self.list, self.text, self.add_button, self.rename_button,
                           self.remove_button, self.up_button, self.down_button,
                           self.save_button):
                widget.setEnabled(False)
            return
        try:
            self.reasons = list(self._store[0]())
        except Exception:  # the rest of the settings stay usable without the warehouse
            self._store = None
            self._load()
            return
        self._show()

    def _show(self, row: int | None = None) -> None:
        self.list.clear()
        self.list.addItems([f"{r.text}   ({r.code})" for r in self.reasons])
        if self.reasons:
            self.list.setCurrentRow(min(row if row is not None else 0, len(self.reasons) - 1))

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _changed(self, row: int | None, text: str) -> None:
        self.dirty = True
        self._show(row)
        self._say(f"{text} Save reasons (or Save) to keep the change.")

    @Slot(int)
    def _on_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.reasons):
            self.text.setText(self.reasons[row].text)

    # -- editing ------------------------------------------------------------------------------

    @Slot()
    def add(self) -> None:
        try:
            reason = return_reasons.parse(self.text.text())
        except BinwiseError as error:
            self._say(str(error))
            return
        if any(r.code == reason.code for r in self.reasons):
            self._say(f"Reason {reason.code} is on the list already.")
            return
        if len(self.reasons) >= return_reasons.MAX_REASONS:
            self._say(f"At most {return_reasons.MAX_REASONS} return reasons fit on the returns "
                      f"sheet: remove one first.")
            return
        self.reasons.append(reason)
        self._changed(len(self.reasons) - 1, f"Added {reason.text}.")

    @Slot()
    def rename(self) -> None:
        row = self.list.currentRow()
        text = self.text.text().strip()
        if not 0 <= row < len(self.reasons):
            self._say("Choose the reason to rename in the list.")
            return
        if not text:
            self._say("Type the reason's new name first.")
            return
        old = self.reasons[row]
        self.reasons[row] = Reason(old.code, text[:60])
        self._changed(row, f"{old.text} is now {text[:60]} (code {old.code} stays).")

    @Slot()
    def remove(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.reasons):
            self._say("Choose the reason to remove in the list.")
            return
        if len(self.reasons) == 1:
            self._say("Keep at least one return reason.")
            return
        gone = self.reasons.pop(row)
        self._changed(row, f"Removed {gone.text}.")

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.reasons) and 0 <= row + step < len(self.reasons):
            self.reasons[row], self.reasons[row + step] = (self.reasons[row + step],
                                                           self.reasons[row])
            self._changed(row + step, "Moved.")

    # -- saving -------------------------------------------------------------------------------

    def save_reasons(self, approver_id: int | None = None) -> None:
        """Save the list; without a supervisor logged in, one approves it on the spot, and
        `saved` follows once it is stored."""
        if self._store is None:
            return
        try:
            self.reasons = list(self._store[1](self.reasons, approver_id))
        except users.PermissionDeniedError as error:
            from app.ui.people.approval import ask_approval

            self._say(str(error))
            ask_approval(self, error, self.save_reasons)
            return
        except BinwiseError as error:
            self._say(str(error))
            return
        self.dirty = False
        self._show(self.list.currentRow())
        self._say(f"Saved {len(self.reasons)} return reasons.")
        self.saved.emit()
