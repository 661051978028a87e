"""The Labels view: choose bins, items or lots (typed, or scanned one by one), a size and a
resolution, see the first label, then print it through the system's print dialog, send ZPL to
a Zebra queue, or save a PDF or ZPL file. Every field and action has a key, printed beside it
(`labels_keys`); the prompt and banner work as on the stations, and where the last labels
went stays on the page.

The view keeps no warehouse logic: `app.core.label_select` turns choices and scans into labels,
`app.labels.layout`/`pdf`/`zpl` draw them. The printer, size and resolution used last come in
as settings and go back out through `save_settings` after each successful print.
"""

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from app.core import label_select
from app.core.errors import BinwiseError
from app.core.faults import explain
from app.labels import pdf
from app.labels.command_sheet import write_command_sheet
from app.labels.layout import draw_label
from app.labels.templates import DPIS, SIZES, BinLabel, Label, arrow_for, describe, get_size
from app.scanning.decode import DecodeConfig
from app.stations.base import Level
from app.ui import theme
from app.ui.labels import labels_keys as keys
from app.ui.labels.label_output import LabelOutput
from app.ui.tasks.worker import InlineWorker, ThreadWorker
from app.ui.widgets.feedback_banner import FeedbackBanner, PromptLabel
from app.ui.widgets.file_dialogs import save_file_name

log = logging.getLogger(__name__)

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


class LabelsView(LabelOutput, QWidget):
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
        self.task_worker: InlineWorker | ThreadWorker = InlineWorker()
        self._build()
        self._restore(settings)
        self._connect()
        self._on_kind_changed()
        self._refresh()
        self._show(Level.INFO, "Each bin, item or lot label scanned adds its label here.")

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.prompt = PromptLabel(keys.PROMPT_EMPTY)
        self.banner = FeedbackBanner()
        self.kind = QComboBox()
        for key, title, _ in KINDS:
            self.kind.addItem(title, key)
        self.query = QLineEdit()
        self.query.setObjectName("labelQuery")
        self.query.setMinimumHeight(40)
        self.add_button = QPushButton(keys.button_text("Add", "Enter"))
        self.selection = QListWidget()
        self.selection.setObjectName("labelSelection")
        self.selection.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.remove_button = QPushButton(keys.button_text("Remove", keys.REMOVE_KEY))
        self.clear_button = QPushButton(keys.button_text("Clear", keys.CLEAR_KEY))
        self.count = QLabel()

        self.size = QComboBox()
        for name, size in SIZES.items():
            self.size.addItem(size.title, name)
        self.dpi = QComboBox()
        for dpi in DPIS:
            self.dpi.addItem(f"{dpi} dpi", dpi)
        self.qr = QCheckBox(keys.with_key("QR code", keys.QR_KEY))
        self.qr.setToolTip("A QR code on bin labels, beside the barcode")
        self.arrows = QCheckBox(keys.with_key("Arrows", keys.ARROWS_KEY))
        self.arrows.setToolTip("An arrow on bin labels: down for level 01, up for the others")
        self.copies = QSpinBox()
        self.copies.setRange(1, 99)
        self.output = QComboBox()
        for key, title in OUTPUTS:
            self.output.addItem(title, key)
        self.printer_name = QLineEdit()
        self.printer_name.setPlaceholderText("Printer, or CUPS queue for ZPL")
        self.preview = keys.PreviewLabel()
        self.preview.setObjectName("labelPreview")
        # Grey around the label, so its white edges show.
        self.preview.setStyleSheet("background: #cbd2d9;")
        self.print_button = QPushButton(keys.button_text("Print", keys.PRINT_KEY))
        self.print_button.setObjectName("printLabels")
        self.save_button = QPushButton(keys.button_text("Save…", keys.SAVE_KEY))
        # The command barcodes let a scanner-only station do what keys do.
        self.commands_button = QPushButton("Command barcodes…")
        # The returns desk grades and gives reasons by scanner alone with these.
        self.returns_sheet_button = QPushButton("Returns sheet…")
        # Where the last labels went: it stays when the banner moves on to the next scan.
        self.last_output = QLabel()
        self.last_output.setObjectName("lastOutput")
        self.last_output.setWordWrap(True)
        self.last_output.setTextFormat(Qt.TextFormat.PlainText)
        self.last_output.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for button in (self.add_button, self.remove_button, self.clear_button,
                       self.save_button, self.print_button):
            button.setFont(theme.font(theme.BASE_FONT_PX, bold=True))
            button.setMinimumHeight(48)
            button.setAutoDefault(False)

        what = QGroupBox(keys.with_key("What to print", keys.KIND_KEY))
        what_layout = QVBoxLayout(what)
        what_layout.addWidget(self.kind)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.add_button)
        what_layout.addLayout(row)
        what_layout.addWidget(QLabel(keys.with_key("Chosen", keys.LIST_KEY)))
        what_layout.addWidget(self.selection, 1)
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.remove_button)
        row.addWidget(self.clear_button)
        what_layout.addLayout(row)

        how = QGroupBox("How")
        form = QFormLayout(how)
        form.addRow(keys.with_key("Size", keys.SIZE_KEY), self.size)
        form.addRow(keys.with_key("Resolution", keys.DPI_KEY), self.dpi)
        form.addRow(keys.with_key("Copies", keys.COPIES_KEY), self.copies)
        form.addRow(keys.with_key("Output", keys.OUTPUT_KEY), self.output)
        form.addRow(keys.with_key("Printer", keys.PRINTER_KEY), self.printer_name)
        form.addRow("Bin labels", self.qr)
        form.addRow("", self.arrows)
        side = QVBoxLayout()
        side.addWidget(how)
        # The barcode sheets on a row of their own, so the page still fits 1024 px.
        sheets = QHBoxLayout()
        sheets.addWidget(self.commands_button)
        sheets.addWidget(self.returns_sheet_button)
        sheets.addStretch(1)
        side.addLayout(sheets)
        side.addWidget(self.preview, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.last_output, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        side.addLayout(buttons)

        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(what, 1)
        body.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.prompt)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        keys.bind(self)
        self.setFocusProxy(self.query)

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
        self.commands_button.clicked.connect(self._on_commands_clicked)
        self.returns_sheet_button.clicked.connect(self._on_returns_sheet_clicked)

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
            found = label_select.from_scan(text, self.decode_config)
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

    @Slot()
    def _on_add_clicked(self) -> None:
        try:
            found = label_select.choose_typed(self.kind.currentData(), self.query.text().strip())
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

    @Slot()
    def _refresh(self) -> None:
        count = len(self.labels())
        self.count.setText(f"{count} label{'s' if count != 1 else ''}")
        self.printer_name.setEnabled(self.output.currentData() != "pdf")
        self.print_button.setEnabled(count > 0)
        self.save_button.setEnabled(count > 0)
        self.clear_button.setEnabled(count > 0)
        self.prompt.setText(keys.prompt(count, self.output.currentData()))
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

    # -- output (app/ui/label_output.py) ------------------------------------------------------

    @Slot()
    def _on_commands_clicked(self) -> None:
        path = self.dialogs.save_path(self, str(Path.home() / "binwise-commands.pdf"),
                                      "PDF files (*.pdf)")
        if not path:
            return
        try:
            write_command_sheet(path)
        except OSError as error:
            self._show(Level.ERROR, explain(error) or
                       f"Could not write {path}: {error.strerror or error}")
            return
        self._show(Level.OK, f"Command barcodes saved to {path}: print at 100 %.")

    @Slot()
    def _on_returns_sheet_clicked(self) -> None:
        from app.core.return_reasons import reasons
        from app.labels.returns_sheet import write_returns_sheet

        path = self.dialogs.save_path(self, str(Path.home() / "binwise-returns-sheet.pdf"),
                                      "PDF files (*.pdf)")
        if not path:
            return
        try:
            write_returns_sheet(path, [(r.code, r.text) for r in reasons()])
        except OSError as error:
            self._show(Level.ERROR, explain(error) or
                       f"Could not write {path}: {error.strerror or error}")
            return
        self._show(Level.OK, f"Returns sheet saved to {path}: print at 100 %.")

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
