"""The Printing tab of the settings (F12): where this station's packing slips and carrier
labels print (a CUPS queue each, or a folder to save them in), the slip's paper and whether it
leaves out prices; and the seller printed on every slip, shared by all stations.
"""

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import PrintSettings
from app.core.seller import Seller
from app.labels.slip_data import PAPERS, paper_named

LOGO_PREVIEW = (160, 60)


class PrintingTab(QWidget):
    def __init__(self, printing: PrintSettings, seller: Seller | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._printing = printing
        self.logo = seller.logo if seller else b""
        self._logo_changed = False
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.slip_queue = QLineEdit(printing.slip_queue)
        self.slip_queue.setPlaceholderText("CUPS queue, e.g. office (empty: save as PDF)")
        self.label_queue = QLineEdit(printing.label_queue)
        self.label_queue.setPlaceholderText("CUPS queue of the label printer")
        self.folder = QLineEdit(printing.folder)
        self.folder.setPlaceholderText("empty: 'Binwise printed' in your documents")
        self.paper = QComboBox()
        self.paper.addItems(list(PAPERS))
        self.paper.setCurrentText(paper_named(printing.slip_paper))
        self.gift = QCheckBox("Leave prices off every packing slip (orders with a gift message "
                              "never show them)")
        self.gift.setChecked(printing.slip_gift)
        form.addRow("Packing slip printer", self.slip_queue)
        form.addRow("Label printer", self.label_queue)
        form.addRow("Without a printer, save in", self.folder)
        form.addRow("Packing slip paper", self.paper)
        form.addRow("", self.gift)

        self.seller_name = QLineEdit(seller.name if seller else "")
        self.seller_address = QPlainTextEdit("\n".join(seller.address) if seller else "")
        self.seller_address.setPlaceholderText("One address line per line")
        self.seller_address.setFixedHeight(96)
        self.logo_preview = QLabel()
        self.logo_preview.setFixedSize(*LOGO_PREVIEW)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        choose = QPushButton("Choose PNG…")
        choose.clicked.connect(self._on_choose_logo)
        remove = QPushButton("No logo")
        remove.clicked.connect(self._on_remove_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview)
        logo_row.addWidget(choose)
        logo_row.addWidget(remove)
        logo_row.addStretch(1)
        self.seller_box = [self.seller_name, self.seller_address, choose, remove]
        for widget in self.seller_box:
            widget.setEnabled(seller is not None)
        form.addRow(QLabel("<b>Seller on every packing slip</b> (all stations)"))
        form.addRow("Name", self.seller_name)
        form.addRow("Address", self.seller_address)
        form.addRow("Logo", logo_row)
        self._show_logo()

    def _show_logo(self) -> None:
        pixmap = QPixmap()
        if self.logo and pixmap.loadFromData(self.logo):
            self.logo_preview.setPixmap(pixmap.scaled(
                *LOGO_PREVIEW, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        else:
            self.logo_preview.setText("(no logo)")

    def set_logo(self, data: bytes) -> None:
        self.logo, self._logo_changed = data, True
        self._show_logo()

    @Slot()
    def _on_choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Logo for the packing slip", "",
                                              "PNG images (*.png)")
        if name:
            try:
                self.set_logo(Path(name).read_bytes())
            except OSError as error:
                self.logo_preview.setText(f"Cannot read it: {error.strerror}")

    @Slot()
    def _on_remove_logo(self) -> None:
        self.set_logo(b"")

    def printing_from_form(self) -> PrintSettings:
        return replace(self._printing, slip_queue=self.slip_queue.text().strip(),
                       label_queue=self.label_queue.text().strip(),
                       folder=self.folder.text().strip(), slip_paper=self.paper.currentText(),
                       slip_gift=self.gift.isChecked())

    def seller_from_form(self) -> tuple[str, tuple[str, ...], bytes | None]:
        """(name, address lines, logo or None when unchanged)."""
        lines = tuple(x.strip() for x in self.seller_address.toPlainText().split("\n")
                      if x.strip())
        return (self.seller_name.text().strip(), lines,
                self.logo if self._logo_changed else None)
