"""The Labels view: choose bins, items or lots (typed, or scanned one by one), a size and a
resolution, see the first label, then print it through the system's print dialog, send ZPL to
a Zebra queue, or save a PDF or ZPL file.

The view keeps no warehouse logic: `app.labels.select` turns choices and scans into labels,
`app.labels.layout`/`pdf`/`zpl` draw them. The printer, size and resolution used last come in
as settings and go back out through `save_settings` after each successful print.
"""

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.config import LabelSettings
from app.core.errors import BinwiseError
from app.labels import pdf, select, zpl
from app.labels.layout import Drawing, draw_label
from app.labels.templates import DPIS, SIZES, BinLabel, Label, arrow_for, describe, get_size
from app.scanning.decode import DecodeConfig
from app.stations.base import Level
from app.ui.feedback_banner import FeedbackBanner
from app.ui.file_dialogs import save_file_name

# What the selection box offers: (key, title, what to type).
KINDS = (
    ("bins-range", "Bins in a range", "A-01-01..A-03-10"),
    ("bins-zone", "Bins in a zone", "Zone code, e.g. A"),
    ("items", "Items", "SKUs, separated by spaces"),
    ("lots", "Lots by code", "Lot codes, separated by spaces"),
    ("lots-sku", "Lots of an item", "SKU"),
    ("receipt", "Lots just received", "Receipt number"),
    ("badges", "Login badges", "Names, or * for everyone"),
)
OUTPUTS = (("pdf", "PDF file"), ("printer", "System printer"), ("zpl", "Zebra printer (ZPL)"))
PREVIEW_SIZE = (420, 300)


class LabelDialogs:
    """The dialogs the view opens; tests hand in their own."""

    def save_path(self, parent: QWidget, suggested: str, filters: str) -> str | None:
        return save_file_name(parent, "Save labels", suggested, filters)

    def print_preview(self, parent: QWidget, printer: QPrinter,
                      paint: Callable[[QPrinter], None]) -> bool:
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.paintRequested.connect(paint)
        return dialog.exec() == QPrintPreviewDialog.DialogCode.Accepted


class LabelsView(QWidget):
    """Label printing. `handle_scan` adds the scanned bin, item or lot to the selection."""

    title = "Labels"
    # The number of labels selected, after every change.
    selection_changed = Signal(int)
    # Where the labels went (a file, a printer, a queue) and how many.
    labels_printed = Signal(str, int)
    # After every message shown: its level ("ok", "warning", "error", "info").
    feedback_shown = Signal(str)

    def __init__(self, settings: LabelSettings, save_settings: Callable[[LabelSettings], None],
                 dialogs: LabelDialogs | None = None, decode_config: DecodeConfig | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelsView")
        self.settings = settings
        self._save_settings = save_settings
        self.dialogs = dialogs or LabelDialogs()
        self.decode_config = decode_config or DecodeConfig()
        self._labels: list[Label] = []
        self._build()
        self._restore(settings)
        self._connect()
        self._on_kind_changed()
        self._refresh()
        self._show(Level.INFO, "Scan bins, items or lots, or choose them above.")

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = FeedbackBanner()
        self.kind = QComboBox()
        for key, title, _ in KINDS:
            self.kind.addItem(title, key)
        self.query = QLineEdit()
        self.query.setObjectName("labelQuery")
        self.add_button = QPushButton("Add")
        self.selection = QListWidget()
        self.selection.setObjectName("labelSelection")
        self.selection.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.remove_button = QPushButton("Remove")
        self.clear_button = QPushButton("Clear")
        self.count = QLabel()

        self.size = QComboBox()
        for name, size in SIZES.items():
            self.size.addItem(size.title, name)
        self.dpi = QComboBox()
        for dpi in DPIS:
            self.dpi.addItem(f"{dpi} dpi", dpi)
        self.qr = QCheckBox("QR code on bin labels")
        self.arrows = QCheckBox("Arrows on bin labels (level 01 down, others up)")
        self.copies = QSpinBox()
        self.copies.setRange(1, 99)
        self.output = QComboBox()
        for key, title in OUTPUTS:
            self.output.addItem(title, key)
        self.printer_name = QLineEdit()
        self.printer_name.setPlaceholderText("Printer, or CUPS queue for ZPL")
        self.preview = QLabel()
        self.preview.setObjectName("labelPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(*PREVIEW_SIZE)
        # Grey around the label, so its white edges show.
        self.preview.setStyleSheet("background: #cbd2d9;")
        self.print_button = QPushButton("Print")
        self.print_button.setObjectName("printLabels")
        self.save_button = QPushButton("Save…")

        what = QGroupBox("What to print")
        what_layout = QVBoxLayout(what)
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addWidget(self.query, 1)
        row.addWidget(self.add_button)
        what_layout.addLayout(row)
        what_layout.addWidget(self.selection, 1)
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.remove_button)
        row.addWidget(self.clear_button)
        what_layout.addLayout(row)

        how = QGroupBox("How")
        form = QFormLayout(how)
        form.addRow("Size", self.size)
        form.addRow("Resolution", self.dpi)
        form.addRow("", self.qr)
        form.addRow("", self.arrows)
        form.addRow("Copies", self.copies)
        form.addRow("Output", self.output)
        form.addRow("Printer", self.printer_name)
        side = QVBoxLayout()
        side.addWidget(how)
        side.addWidget(self.preview, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        side.addLayout(buttons)

        body = QHBoxLayout()
        body.addWidget(what, 1)
        body.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

    def _restore(self, settings: LabelSettings) -> None:
        for combo, value in ((self.size, settings.size.lower()), (self.dpi, settings.dpi),
                             (self.output, settings.output)):
            index = combo.findData(value)
            combo.setCurrentIndex(max(0, index))
        self.printer_name.setText(settings.printer)

    def _connect(self) -> None:
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.query.returnPressed.connect(self._on_add_clicked)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.clear_button.clicked.connect(self.clear)
        for combo in (self.size, self.dpi, self.output):
            combo.currentIndexChanged.connect(self._refresh)
        for box in (self.qr, self.arrows):
            box.toggled.connect(self._refresh)
        self.copies.valueChanged.connect(self._refresh)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)

    # -- choosing ----------------------------------------------------------------------------

    def labels(self) -> list[Label]:
        """The labels as they will print: bin options applied, each copy repeated."""
        out: list[Label] = []
        for label in self._labels:
            if isinstance(label, BinLabel):
                label = replace(label, qr=self.qr.isChecked(),
                                arrow=arrow_for(label.code) if self.arrows.isChecked() else None)
            out += [label] * self.copies.value()
        return out

    def add_labels(self, labels: list[Label]) -> None:
        self._labels += labels
        self.selection.addItems([describe(label) for label in labels])
        self.selection.scrollToBottom()
        self._refresh()

    @Slot()
    def clear(self) -> None:
        self._labels.clear()
        self.selection.clear()
        self._refresh()

    def handle_scan(self, text: str) -> None:
        """A scanned bin, item or lot joins the selection."""
        try:
            found = select.from_scan(text, self.decode_config)
        except BinwiseError as error:
            self._show(Level.ERROR, str(error))
            return
        self.add_labels(found)
        self._show(Level.OK, "Added " + ", ".join(describe(label) for label in found))

    def show_receipt(self, receipt_id: int) -> None:
        """Offer the lot labels of what was just received: the lots of the receipt, selected."""
        self.kind.setCurrentIndex(self.kind.findData("receipt"))
        self.query.setText(str(receipt_id))
        self.clear()
        self._on_add_clicked()

    def _choose(self, key: str, text: str) -> list[Label]:
        words = text.split()
        if not words:
            raise BinwiseError("Type what to add first.")
        if key == "bins-range":
            return list(select.bins_in_range(*select.parse_range(text)))
        if key == "bins-zone":
            return list(select.bins_in_zone(text))
        if key == "items":
            return list(select.items_by_sku(words))
        if key == "lots":
            return list(select.lots_by_code(words))
        if key == "lots-sku":
            return list(select.lots_of_item(text))
        if key == "badges":
            return list(select.badges([] if words == ["*"] else words))
        if not text.strip().isdigit():
            raise BinwiseError(f"'{text}' is not a receipt number.")
        return list(select.lots_received_in(int(text)))

    @Slot()
    def _on_add_clicked(self) -> None:
        try:
            found = self._choose(self.kind.currentData(), self.query.text().strip())
        except BinwiseError as error:
            self._show(Level.ERROR, str(error))
            return
        self.add_labels(found)
        self.query.clear()
        self._show(Level.OK, f"Added {len(found)} label{'s' if len(found) != 1 else ''}.")

    @Slot()
    def _on_remove_clicked(self) -> None:
        rows = sorted((i.row() for i in self.selection.selectedIndexes()), reverse=True)
        for row in rows:
            del self._labels[row]
            self.selection.takeItem(row)
        self._refresh()

    @Slot()
    def _on_kind_changed(self) -> None:
        self.query.setPlaceholderText(KINDS[self.kind.currentIndex()][2])

    # -- preview -----------------------------------------------------------------------------

    def _size(self):
        return get_size(self.size.currentData())

    def _drawings(self, for_zpl: bool = False) -> list[Drawing]:
        size, dpi = self._size(), self.dpi.currentData()
        cap = zpl.MAX_MODULE_DOTS if for_zpl else None
        quiet = max(10, self.settings.quiet_zone_modules)
        done: dict[Label, Drawing] = {}
        for label in self.labels():
            if label not in done:
                done[label] = draw_label(label, size, dpi, quiet, cap)
        return [done[label] for label in self.labels()]

    @Slot()
    def _refresh(self) -> None:
        count = len(self.labels())
        self.count.setText(f"{count} label{'s' if count != 1 else ''}")
        self.printer_name.setEnabled(self.output.currentData() != "pdf")
        self.print_button.setEnabled(count > 0)
        self.save_button.setEnabled(count > 0)
        self.preview.clear()
        if self._labels:
            first = self.labels()[0]
            try:
                drawing = draw_label(first, self._size(), self.dpi.currentData())
            except BinwiseError as error:
                self.preview.setText(str(error))
            else:
                pixmap = QPixmap.fromImage(pdf.to_qimage(drawing))
                self.preview.setPixmap(pixmap.scaled(
                    *PREVIEW_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation))
                self.preview.setToolTip(describe(first))
        else:
            self.preview.setText("Nothing chosen yet")
        self.selection_changed.emit(count)

    # -- output ------------------------------------------------------------------------------

    @Slot()
    def _on_print_clicked(self) -> None:
        output = self.output.currentData()
        if output == "printer":
            self._run(self._print_system)
        elif output == "zpl":
            self._run(self._send_zpl)
        else:
            self._run(lambda: self._save("pdf"))

    @Slot()
    def _on_save_clicked(self) -> None:
        self._run(lambda: self._save("zpl" if self.output.currentData() == "zpl" else "pdf"))

    def _run(self, action: Callable[[], str | None]) -> None:
        """Run an output action with a busy cursor; report and remember what it did."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            target = action()
        except (BinwiseError, OSError) as error:
            self._show(Level.ERROR, str(error))
            return
        finally:
            QApplication.restoreOverrideCursor()
        if target is None:
            return
        count = len(self.labels())
        self._remember()
        self._show(Level.OK, f"{count} label{'s' if count != 1 else ''} to {target}.")
        self.labels_printed.emit(target, count)

    def _save(self, fmt: str) -> str | None:
        size = self._size()
        if fmt == "zpl":
            zpl.check_size(size)
        suggested = str(Path.home() / f"labels.{fmt}")
        filters = "ZPL files (*.zpl)" if fmt == "zpl" else "PDF files (*.pdf)"
        path = self.dialogs.save_path(self, suggested, filters)
        if not path:
            return None
        if fmt == "zpl":
            text = "".join(zpl.drawing_zpl(d) for d in self._drawings(for_zpl=True))
            Path(path).write_text(text, encoding="utf-8")
        else:
            pdf.write_pdf(path, self._drawings(), size)
        return path

    def _send_zpl(self) -> str:
        zpl.check_size(self._size())
        queue = self.printer_name.text().strip()
        text = "".join(zpl.drawing_zpl(d) for d in self._drawings(for_zpl=True))
        zpl.send_raw(text, queue)
        return queue

    def _print_system(self) -> str | None:
        size, drawings = self._size(), self._drawings()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.printer_name.text().strip():
            printer.setPrinterName(self.printer_name.text().strip())
        printer.setResolution(self.dpi.currentData())
        printer.setFullPage(True)
        pdf.setup_device(printer, size)
        if not self.dialogs.print_preview(self, printer,
                                          lambda device: pdf.paint_pages(device, drawings, size)):
            return None
        if printer.printerName():
            self.printer_name.setText(printer.printerName())
        return printer.printerName() or printer.outputFileName() or "the printer"

    def _remember(self) -> None:
        chosen = replace(self.settings, size=self.size.currentData(), dpi=self.dpi.currentData(),
                         output=self.output.currentData(),
                         printer=self.printer_name.text().strip())
        if chosen != self.settings:
            self.settings = chosen
            self._save_settings(chosen)

    def _show(self, level: Level, message: str) -> None:
        self.banner.show_feedback(level, message)
        self.feedback_shown.emit(level.value)
