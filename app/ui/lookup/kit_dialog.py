"""A small dialog to edit what goes in a kit, by keyboard and scanner.

Opened from the Lookup page with an item shown (Ctrl+K). Scan or type a component, type how
many go in one kit, Enter: it is added (or its quantity changed). Delete removes the selected
component; Esc closes. By scanner alone: scan a component once per unit in one kit (each scan
of the same one counts one more), the next component's scan saves the one before, and the
Finish command barcode saves the last and closes (Cancel drops the one not saved yet).
Each change is saved at once through app.core.kits, which refuses a kit inside itself and a
change while an order holds stock for the kit.
"""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import kits, order_views
from app.core.errors import BinwiseError
from app.core.quantities import MAX_QTY
from app.scanning.commands import command_in
from app.scanning.decode import decode
from app.stations.base import Level
from app.ui import theme


class KitDialog(QDialog):
    def __init__(self, sku: str, parent: QWidget | None = None, *,
                 components_of: Callable[[str], tuple] = kits.components_of,
                 add: Callable[[str, str, int], object] = kits.add_component,
                 remove: Callable[[str, str], object] = kits.remove_component,
                 sku_for_code: Callable[[str], str | None] = order_views.sku_for_code) -> None:
        super().__init__(parent)
        self.sku = sku
        self._components_of, self._add, self._remove = components_of, add, remove
        self._sku_for_code = sku_for_code
        self.changed = False  # something was saved: the page shows the kit again
        self.message = ""
        self.setWindowTitle(f"Kit {sku}: what goes in one")
        self.setMinimumWidth(640)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("kitComponents")
        self.table.setHorizontalHeaderLabels(["Component", "Name", "Per kit"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.component = QLineEdit()
        self.component.setObjectName("kitComponent")
        self.component.setPlaceholderText("Scan or type a component's SKU or barcode")
        self.component.returnPressed.connect(self._on_component_entered)
        self.qty = QSpinBox()
        self.qty.setObjectName("kitQty")
        self.qty.setRange(1, MAX_QTY)
        self.qty.setPrefix("× ")
        self.qty.lineEdit().returnPressed.connect(self.add_component)
        add_button = QPushButton("Add / set")
        add_button.setAutoDefault(False)
        add_button.clicked.connect(self.add_component)
        self.remove_button = QPushButton("Remove selected   Del")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        # Delete (or Backspace) on the list removes the selected component.
        self.table.installEventFilter(self)
        self.error = QLabel()
        self.error.setObjectName("kitError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {theme.LEVEL_COLOURS[Level.ERROR].background};")
        entry = QHBoxLayout()
        entry.addWidget(self.component, 1)
        entry.addWidget(self.qty)
        entry.addWidget(add_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self._close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Components of {sku}, each so many per kit:"))
        layout.addWidget(self.table, 1)
        layout.addLayout(entry)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._load()
        self.component.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.table and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

    def _load(self) -> None:
        try:
            components = self._components_of(self.sku)
        except BinwiseError as error:
            self.error.setText(str(error))
            components = ()
        self.table.setRowCount(len(components))
        for row, component in enumerate(components):
            for column, value in enumerate((component.sku, component.name, component.qty)):
                cell = QTableWidgetItem(str(value))
                if column == 2:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)
        self.remove_button.setEnabled(bool(components))

    def shown(self) -> list[tuple[str, int]]:
        """The components listed, as (SKU, per kit)."""
        return [(self.table.item(r, 0).text(), int(self.table.item(r, 2).text()))
                for r in range(self.table.rowCount())]

    @Slot(str)
    def handle_scan(self, code: str) -> None:
        """A scan names a component (its SKU goes in the box, the quantity is next), counts one
        more of the component waiting, or is the Finish or Cancel command."""
        command = command_in(code)
        pending = self.component.text().strip()
        if command == "FINISH":
            if pending and not self.add_component():
                return
            self._close()
            return
        if command == "CANCEL":
            self.component.clear()
            self.qty.setValue(1)
            self.component.setFocus()
            return
        if command is not None:
            self.error.setText(f"Here only components, Finish and Cancel can be scanned, not "
                               f"{command}.")
            return
        sku = self._sku_for_code(code) or code
        if pending and sku.lower() == pending.lower():
            self.qty.setValue(self.qty.value() + 1)
            self.qty.setFocus()
            return
        if pending and not self.add_component():
            return
        self.component.setText(sku)
        self._on_component_entered()
        # Scanned, each unit is a scan: the count starts at one, not at the kit's current one.
        self.qty.setValue(1)
        self.qty.selectAll()

    @Slot()
    def _on_component_entered(self) -> None:
        # A barcode's number typed by hand names its item, as scanned; `CODE,QTY` gives how
        # many go in one kit as well.
        typed = self.component.text().strip()
        reading = decode(typed) if typed else None
        per_kit = reading.qty if reading is not None and reading.error is None else None
        code = reading.text if per_kit else typed
        sku = self._sku_for_code(typed) if typed else None
        if (sku or code) != typed:
            self.component.setText(sku or code)
        current = dict(self.shown()).get(self.component.text().strip())
        self.qty.setValue(per_kit or current or 1)
        self.qty.setFocus()
        self.qty.selectAll()

    @Slot()
    def add_component(self) -> bool:
        """Save the component in the box with its quantity; False when refused."""
        component = self.component.text().strip()
        if not component:
            self.error.setText("Scan or type a component first.")
            self.component.setFocus()
            return False
        qty = self.qty.value()
        if not self._save(lambda: self._add(self.sku, component, qty),
                          f"{self.sku} now holds {qty} × {component} per kit."):
            return False
        self.component.clear()
        self.qty.setValue(1)
        self.component.setFocus()
        return True

    @Slot()
    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            self.error.setText("Select a component to remove (arrow keys), then Delete.")
            return
        component = self.table.item(row, 0).text()
        self._save(lambda: self._remove(self.sku, component),
                   f"{component} is no longer part of {self.sku}.")

    def _save(self, change: Callable[[], object], message: str) -> bool:
        try:
            change()
        except BinwiseError as error:
            self.error.setText(str(error))
            return False
        self.error.clear()
        self.changed, self.message = True, message
        self._load()
        return True

    @Slot()
    def _close(self) -> None:
        if self.changed:
            self.accept()
        else:
            self.reject()
