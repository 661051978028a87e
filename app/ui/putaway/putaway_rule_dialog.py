"""A small dialog to set where an item should be put away: its preferred zone, or one bin.

Opened from the Lookup page (an item shown) or the Put away page (Ctrl+R). A scanned bin label
fills the place; a scanned item fills the SKU while it is empty. The operations validate: a
zone must be a zone and a bin a bin.
"""

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import order_views
from app.core.errors import BinwiseError
from app.core.users import PermissionDeniedError
from app.stations.base import Level
from app.ui import theme
from app.ui.people.approval import ask_approval


class PutawayRuleDialog(QDialog):
    def __init__(self, sku: str = "", parent: QWidget | None = None, *,
                 get_rule: Callable[[str], str | None] = order_views.putaway_rule,
                 set_rule: Callable[..., str] = order_views.set_putaway_rule,
                 clear_rule: Callable[..., bool] = order_views.clear_putaway_rule,
                 sku_for_code: Callable[[str], str | None] = order_views.sku_for_code,
                 user_id: int | None = None) -> None:
        super().__init__(parent)
        self.user_id = user_id
        self.setWindowTitle("Where this item is put away")
        self.setMinimumWidth(680)
        self._get, self._set, self._clear = get_rule, set_rule, clear_rule
        self._sku_for_code = sku_for_code
        # What was done, in words, for the page's banner.
        self.message = ""
        self.sku = QLineEdit(sku)
        self.sku.setPlaceholderText("Scan or type the item")
        self.sku.editingFinished.connect(self._show_current)
        self.current = QLabel()
        self.current.setObjectName("currentRule")
        self.place = QLineEdit()
        self.place.setPlaceholderText("Type a zone (A) or scan a bin label (A-01-01)")
        self.error = QLabel()
        self.error.setObjectName("ruleError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {theme.LEVEL_COLOURS[Level.ERROR].background};")
        form = QFormLayout()
        form.addRow("SKU", self.sku)
        form.addRow("Now", self.current)
        form.addRow("Preferred zone or bin", self.place)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.clear_button = QPushButton("Clear rule")
        self.clear_button.setAutoDefault(False)
        self.buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.clear_button.clicked.connect(lambda: self.clear_rule())
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._show_current()
        (self.place if sku else self.sku).setFocus()

    @Slot()
    def _show_current(self) -> None:
        sku = self.sku.text().strip()
        if not sku:
            self.current.setText("—")
            return
        try:
            rule = self._get(sku)
        except BinwiseError as error:
            self.current.setText(str(error))
            return
        self.current.setText(rule or "no rule: the nearest empty bin is suggested")

    @Slot(str)
    def handle_scan(self, code: str) -> None:
        if not self.sku.text().strip():
            self.sku.setText(self._sku_for_code(code) or code)
            self._show_current()
            self.place.setFocus()
        else:
            self.place.setText(code)

    def _approval(self, error: PermissionDeniedError, redo: Callable[[int], None]) -> None:
        """A supervisor approves the change on the spot; then it is made."""
        self.error.setText(str(error))
        ask_approval(self, error, redo)

    @Slot()
    def save(self, approver_id: int | None = None) -> None:
        sku = self.sku.text().strip()
        try:
            rule = self._set(sku, self.place.text(), self.user_id, approver_id)
        except PermissionDeniedError as error:
            self._approval(error, lambda approver: self.save(approver))
            return
        except BinwiseError as error:
            self.error.setText(str(error))
            return
        self.message = f"{sku} is now put away into {rule}."
        self.accept()

    def clear_rule(self, approver_id: int | None = None) -> None:
        sku = self.sku.text().strip()
        try:
            had = self._clear(sku, self.user_id, approver_id)
        except PermissionDeniedError as error:
            self._approval(error, lambda approver: self.clear_rule(approver))
            return
        except BinwiseError as error:
            self.error.setText(str(error))
            return
        self.message = (f"{sku} has no preferred place any more: the nearest empty bin is "
                        f"suggested." if had else f"{sku} had no preferred place.")
        self.accept()
