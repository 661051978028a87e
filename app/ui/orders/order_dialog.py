"""The New order dialog: number, channel, ship-by date and lines of SKU and quantity.

Everything is reachable with Tab. A scanned item fills the next line (or adds one to a line of
the same SKU); a scan that is no item fills the order number while it is empty. The order is
created (and allocated) by the core when Save is pressed; a refusal keeps the dialog open with
the reason.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core import order_views
from app.core.errors import BinwiseError
from app.stations.base import Level
from app.ui import theme

FIRST_ROWS = 3
MAX_QTY = 99_999
ADD_LINE_KEYS = "Ctrl+L"


class NewOrderDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *,
                 create: Callable[..., Any] = order_views.create_order,
                 sku_for_code: Callable[[str], str | None] = order_views.sku_for_code) -> None:
        super().__init__(parent)
        self.setWindowTitle("New order")
        self.setMinimumWidth(620)
        self._create = create
        self._sku_for_code = sku_for_code
        self.created: Any = None
        self.number = QLineEdit()
        self.number.setPlaceholderText("The shop's order number")
        self.channel = QLineEdit()
        self.channel.setPlaceholderText("Shop, marketplace, phone… (optional)")
        self.ship_by = QLineEdit()
        self.ship_by.setPlaceholderText("YYYY-MM-DD (optional)")
        form = QFormLayout()
        form.addRow("Order number", self.number)
        form.addRow("Channel", self.channel)
        form.addRow("Ship by", self.ship_by)
        self.grid = QGridLayout()
        self.grid.addWidget(QLabel("SKU"), 0, 0)
        self.grid.addWidget(QLabel("Qty"), 0, 1)
        self.rows: list[tuple[QLineEdit, QSpinBox]] = []
        self.add_button = QPushButton(f"Add line   {ADD_LINE_KEYS}")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self._on_add_clicked)
        QShortcut(QKeySequence(ADD_LINE_KEYS), self).activated.connect(self._on_add_clicked)
        self.error = QLabel()
        self.error.setObjectName("orderError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {theme.LEVEL_COLOURS[Level.ERROR].background};")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Lines: scan the items or type their SKUs"))
        layout.addLayout(self.grid)
        layout.addWidget(self.add_button)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        # Rows join the dialog's layout first: tab order only links widgets of one window.
        for _ in range(FIRST_ROWS):
            self.add_line()
        self.number.setFocus()

    def add_line(self, sku: str = "", qty: int = 1) -> tuple[QLineEdit, QSpinBox]:
        sku_box = QLineEdit(sku)
        qty_box = QSpinBox()
        qty_box.setRange(1, MAX_QTY)
        qty_box.setValue(qty)
        row = len(self.rows) + 1
        self.grid.addWidget(sku_box, row, 0)
        self.grid.addWidget(qty_box, row, 1)
        if self.rows:
            QWidget.setTabOrder(self.rows[-1][1], sku_box)
        QWidget.setTabOrder(sku_box, qty_box)
        self.rows.append((sku_box, qty_box))
        return sku_box, qty_box

    @Slot()
    def _on_add_clicked(self) -> None:
        self.add_line()[0].setFocus()

    def lines(self) -> list[tuple[str, int]]:
        return [(sku.text().strip(), qty.value()) for sku, qty in self.rows if sku.text().strip()]

    @Slot(str)
    def handle_scan(self, code: str) -> None:
        sku = self._sku_for_code(code)
        if sku is None:
            if not self.number.text().strip():
                self.number.setText(code.strip())
                self.error.setText("")
                return
            self.error.setText(f"'{code}' is not a known item. Scan the item's barcode, or "
                               f"type its SKU.")
            return
        self.error.setText("")
        for sku_box, qty_box in self.rows:
            if sku_box.text().strip().lower() == sku.lower():
                qty_box.setValue(qty_box.value() + 1)
                return
        empty = next((row for row in self.rows if not row[0].text().strip()), None)
        sku_box, qty_box = empty or self.add_line()
        sku_box.setText(sku)
        qty_box.setFocus()

    @Slot()
    def save(self) -> None:
        ship_by = None
        text = self.ship_by.text().strip()
        if text:
            try:
                ship_by = date.fromisoformat(text)
            except ValueError:
                self.error.setText(f"Ship by '{text}' is not a date: type it as YYYY-MM-DD, "
                                   f"or leave it empty.")
                self.ship_by.setFocus()
                return
        try:
            self.created = self._create(self.number.text(), self.lines(),
                                        channel=self.channel.text().strip(), ship_by=ship_by)
        except BinwiseError as error:
            self.error.setText(str(error))
            return
        self.accept()
