"""The To supplier dialog of the Returns page (Ctrl+T): send quarantined stock back to a
supplier. Choose the supplier, set how many of each quarantined item and lot go, Send: the core
books it under a document number and the printout goes to the slip printer (or its folder)
without a print dialog, as a station's documents do.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.config import PrintSettings
from app.core import supplier_returns
from app.core.errors import BinwiseError
from app.labels.printing import PrintJob, send
from app.labels.supplier_return_pdf import ReturnSheet, ReturnSheetLine, supplier_return_pdf
from app.stations.base import Level
from app.ui import theme

MAX_ROWS = 40  # listed; the command line sends any number
SUPPLIER_WIDTH = 220


def printout(doc: supplier_returns.SupplierReturnDoc) -> PrintJob:
    sheet = ReturnSheet(doc.seller, doc.number, doc.supplier, doc.created, doc.user,
                        tuple(ReturnSheetLine(x.sku, x.name, x.lot, x.qty) for x in doc.lines))
    return PrintJob("slip", f"{doc.number}.pdf", supplier_return_pdf(sheet), "pdf")


class SupplierReturnDialog(QDialog):
    def __init__(self, user_id: int, printing: PrintSettings, parent: QWidget | None = None,
                 *, send_job: Callable[..., str] = send,
                 ops: Any = supplier_returns) -> None:
        super().__init__(parent)
        self.setWindowTitle("Return to supplier")
        self.setMinimumWidth(640)
        self._user_id, self._printing, self._send, self._ops = user_id, printing, send_job, ops
        self.result_text = ""
        self.supplier = QComboBox()
        names = ops.supplier_names()
        self.supplier.addItems(names)
        if len(names) > 1:
            # Chosen by the user, or by the first line given a quantity: never a guess that
            # sends the goods to whoever comes first in the list.
            self.supplier.setPlaceholderText("Choose the supplier")
            self.supplier.setCurrentIndex(-1)
        self._chosen_by_hand = False
        self.supplier.activated.connect(self._on_supplier_chosen)
        form = QFormLayout()
        form.addRow("Supplier", self.supplier)
        self.grid = QGridLayout()
        for column, text in enumerate(("SKU", "Lot", "Bought from", "In quarantine",
                                       "Send back")):
            self.grid.addWidget(QLabel(text), 0, column)
        self.rows: list[tuple[Any, QSpinBox]] = []
        for row in ops.quarantined()[:MAX_ROWS]:
            spin = QSpinBox()
            spin.setRange(0, row.qty)
            spin.valueChanged.connect(lambda _qty: self._on_qty_set())
            line = len(self.rows) + 1
            self.grid.addWidget(QLabel(row.sku), line, 0)
            self.grid.addWidget(QLabel(row.lot or ""), line, 1)
            bought_from = QLabel(row.supplier or "not known")
            bought_from.setWordWrap(True)  # a long company name keeps the dialog narrow
            bought_from.setMaximumWidth(SUPPLIER_WIDTH)
            self.grid.addWidget(bought_from, line, 2)
            self.grid.addWidget(QLabel(str(row.qty)), line, 3)
            self.grid.addWidget(spin, line, 4)
            self.rows.append((row, spin))
        # Lines bought elsewhere than the chosen supplier: said, not refused (an item may
        # come from several).
        self.elsewhere = QLabel()
        self.elsewhere.setWordWrap(True)
        self.error = QLabel("" if self.rows else "Nothing waits in quarantine.")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {theme.LEVEL_COLOURS[Level.ERROR].background};")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Send back")
        self.buttons.accepted.connect(self.send_back)
        self.buttons.rejected.connect(self.reject)
        lines = QWidget()
        lines.setLayout(self.grid)
        scrolled = QScrollArea()  # 40 lines are taller than a small screen
        scrolled.setWidgetResizable(True)
        scrolled.setFrameShape(QFrame.Shape.NoFrame)
        scrolled.setWidget(lines)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(scrolled, 1)
        layout.addWidget(self.elsewhere)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def choose(self, sku: str, lot: str | None, qty: int) -> None:
        for row, spin in self.rows:
            if row.sku == sku and row.lot == lot:
                spin.setValue(qty)

    @Slot(int)
    def _on_supplier_chosen(self, _index: int) -> None:
        self._chosen_by_hand = True
        self._note_elsewhere()

    def _on_qty_set(self) -> None:
        if not self._chosen_by_hand and self.supplier.count() > 1:
            # Where the first line going back was bought, until the user chooses.
            first = next((row.supplier for row, spin in self.rows
                          if spin.value() and row.supplier), None)
            self.supplier.setCurrentIndex(self.supplier.findText(first) if first else -1)
        self._note_elsewhere()

    def _note_elsewhere(self) -> None:
        chosen = self.supplier.currentText()
        others = sorted({f"{row.sku} from {row.supplier}" for row, spin in self.rows
                         if spin.value() and row.supplier and chosen
                         and row.supplier != chosen})
        self.elsewhere.setText(f"Bought elsewhere: {', '.join(others)}." if others else "")

    @Slot()
    def send_back(self) -> None:
        lines = [(row.sku, row.lot, spin.value()) for row, spin in self.rows if spin.value()]
        if not self.supplier.count():
            self.error.setText("Add the supplier first (a purchase order import names it).")
            return
        if self.supplier.currentIndex() < 0:
            self.error.setText("Choose the supplier the goods go back to.")
            return
        if not lines:
            self.error.setText("Set how many of each item go back.")
            return
        try:
            doc = self._ops.return_to_supplier(self.supplier.currentText(), lines,
                                               self._user_id)
        except BinwiseError as error:
            self.error.setText(str(error))
            return
        try:
            where = self._send(printout(doc), self._printing.target("slip"))
            printed = f"Printout: {where}."
        except BinwiseError as error:
            printed = f"The printout was not printed: {error}"
        self.result_text = (f"{doc.number}: {doc.units} unit(s) back to {doc.supplier}. "
                            f"{printed}")
        self.accept()
