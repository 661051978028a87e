"""The settings dialog (F12 or Ctrl+,): the scanner's timing and decoding, sounds on or off, the
scanner test, printing (slip and label printers, the seller on packing slips), the folder
carrier label files arrive in, the Pack station's serial scale, and the warehouse's return
reasons (a supervisor's). Save hands the new settings to the window, which stores and
follows them; the seller, shared by every station, is saved in the warehouse through
`seller_store`.
"""

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import ScannerSettings, Settings
from app.core.errors import BinwiseError
from app.core.seller import Seller
from app.stations.base import Level
from app.ui import theme
from app.ui.scanner.scanner_check import ScanCheck
from app.ui.scanner.scanner_test import CheckOptions, ScannerTestTab
from app.ui.settings.pack_tab import PackTab
from app.ui.settings.printing_tab import PrintingTab
from app.ui.settings.reasons_tab import ReasonsStore, ReasonsTab
from app.ui.widgets.sounds import Sounds

# Characters that may be data in a GS1 code (CSET 82 punctuation) cannot stand in for GS.
_DATA_PUNCTUATION = set("!\"%&'()*+,-./:;<=>?_")


def substitutes_problem(text: str) -> str | None:
    """Why these GS substitute characters would corrupt scans, or None."""
    for char in text:
        if char.isalnum() or char in _DATA_PUNCTUATION or not char.isprintable() \
                or char.isspace():
            return (f"'{char}' can be part of a code, so it cannot stand for GS. Use "
                    f"characters such as # $ @ | ~ ^.")
    return None


def _spin(low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, save: Callable[[Settings], None],
                 parent: QWidget | None = None, sounds: Sounds | None = None,
                 seller_store: tuple[Callable[[], Seller], Callable[..., Seller]] | None = None,
                 reasons_store: ReasonsStore | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(780)
        self.setMinimumHeight(640)
        self._settings = settings
        self._save = save
        self._sounds = sounds or getattr(parent, "sounds", None)
        self.saved: Settings | None = None
        self.tabs = QTabWidget()
        self.tabs.addTab(self._scanner_tab(settings.scanner), "Scanner")
        self.tabs.addTab(self._sounds_tab(settings), "Sounds")
        self.test_tab = ScannerTestTab(self.check_options)
        self.test_tab.checked.connect(self._on_checked)
        self.tabs.addTab(self.test_tab, "Scanner test")
        self._seller_store = seller_store
        seller = None
        if seller_store is not None:
            try:
                seller = seller_store[0]()
            except Exception:  # the rest of the settings stay usable without the warehouse
                seller = None
        self.printing_tab = PrintingTab(settings.printing, seller)
        self.tabs.addTab(self.printing_tab, "Printing")
        self.tabs.addTab(self._shipping_tab(settings), "Shipping labels")
        self.pack_tab = PackTab(settings.scale)
        self.tabs.addTab(self.pack_tab, "Pack")
        self.reasons_tab = ReasonsTab(reasons_store)
        self.reasons_tab.saved.connect(self._on_reasons_saved)
        self._save_after_reasons = False
        self.tabs.addTab(self.reasons_tab, "Returns")
        self.error = QLabel()
        self.error.setObjectName("settingsError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {theme.LEVEL_COLOURS[Level.ERROR].background};")
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    # -- building ----------------------------------------------------------------------------

    def _scanner_tab(self, scanner: ScannerSettings) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.gap = _spin(5, 1000, scanner.max_gap_ms, " ms")
        self.gap.setToolTip("A pause longer than this between two keys means a person is "
                            "typing. Raise it for Bluetooth scanners.")
        self.min_length = _spin(1, 50, scanner.min_length, " characters")
        self.per_char = _spin(1, 500, round(scanner.max_ms_per_char), " ms")
        self.no_terminator = QCheckBox("The scanner sends no Enter or Tab after a code")
        self.no_terminator.setChecked(scanner.accept_without_terminator)
        self.flush_after = _spin(20, 5000, scanner.flush_after_ms, " ms")
        self.flush_after.setEnabled(scanner.accept_without_terminator)
        self.no_terminator.toggled.connect(self.flush_after.setEnabled)
        self.prefix = QLineEdit(scanner.prefix)
        self.suffix = QLineEdit(scanner.suffix)
        self.gs_substitutes = QLineEdit(scanner.gs_substitutes)
        self.gs_substitutes.setMaxLength(6)
        self.gs_substitutes.setToolTip("Characters the scanner is programmed to send instead "
                                       "of the GS separator in GS1 codes, such as #.")
        form.addRow("Longest gap between keys", self.gap)
        form.addRow("Shortest scan", self.min_length)
        form.addRow("Slowest scan, per character", self.per_char)
        form.addRow("", self.no_terminator)
        form.addRow("Without Enter, a scan ends after", self.flush_after)
        form.addRow("Prefix the scanner adds", self.prefix)
        form.addRow("Suffix the scanner adds", self.suffix)
        form.addRow("GS substitutes", self.gs_substitutes)
        self.day_first = QCheckBox("Typed dates may also be day first: 31.03.2027 or 31/03/2027")
        self.day_first.setChecked(scanner.day_first_dates)
        form.addRow("", self.day_first)
        return tab

    def _sounds_tab(self, settings: Settings) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.sounds_on = QCheckBox("Play a sound for every scan: one beep ok, two beeps "
                                   "warning, a buzz for an error")
        self.sounds_on.setChecked(settings.sounds)
        layout.addWidget(self.sounds_on)
        layout.addStretch(1)
        return tab

    def _shipping_tab(self, settings: Settings) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.label_folder = QLineEdit(settings.shipping_labels.watch_folder)
        self.label_folder.setObjectName("labelFolder")
        self.label_folder.setPlaceholderText("e.g. /home/shop/Labels (empty: none)")
        form.addRow("Watched label folder", self.label_folder)
        note = QLabel("Point your shipping tool's label output here (PDF or ZPL, one file per "
                      "order or per box, named with the order number). New files are "
                      "imported while Binwise runs and printed at Pack on the box's last "
                      "unit; imported files move to done/, the others to unmatched/.")
        note.setWordWrap(True)
        form.addRow(note)
        return tab

    # -- reading the form --------------------------------------------------------------------

    def check_options(self) -> CheckOptions:
        return CheckOptions(self.prefix.text(), self.suffix.text(), self.gs_substitutes.text(),
                            self.gap.value())

    def settings_from_form(self) -> Settings:
        scanner = replace(
            self._settings.scanner, max_gap_ms=self.gap.value(),
            min_length=self.min_length.value(), max_ms_per_char=float(self.per_char.value()),
            accept_without_terminator=self.no_terminator.isChecked(),
            flush_after_ms=self.flush_after.value(), prefix=self.prefix.text(),
            suffix=self.suffix.text(), gs_substitutes=self.gs_substitutes.text(),
            day_first_dates=self.day_first.isChecked())
        shipping = replace(self._settings.shipping_labels,
                           watch_folder=self.label_folder.text().strip())
        return replace(self._settings, scanner=scanner, sounds=self.sounds_on.isChecked(),
                       printing=self.printing_tab.printing_from_form(),
                       shipping_labels=shipping, scale=self.pack_tab.scale_from_form())

    # -- actions -----------------------------------------------------------------------------

    @Slot()
    def save(self) -> None:
        problem = substitutes_problem(self.gs_substitutes.text())
        if problem:
            self._show_error(f"GS substitutes: {problem}")
            self.tabs.setCurrentIndex(0)
            self.gs_substitutes.setFocus()
            return
        if self.reasons_tab.dirty:
            # A supervisor's change: when one must approve it first, Save goes on after.
            self.reasons_tab.save_reasons()
            if self.reasons_tab.dirty:
                self._save_after_reasons = True
                self.tabs.setCurrentWidget(self.reasons_tab)
                return
        settings = self.settings_from_form()
        if self._seller_store is not None and self.printing_tab.seller_name.isEnabled():
            try:
                self._seller_store[1](*self.printing_tab.seller_from_form())
            except BinwiseError as error:
                self._show_error(f"Seller: {error}")
                self.tabs.setCurrentWidget(self.printing_tab)
                return
        try:
            self._save(settings)
        except OSError as error:
            self._show_error(f"The settings could not be saved ({error}). Check that the "
                             f"disk is not full, then press Save again.")
            return
        self.saved = settings
        self.accept()

    @Slot()
    def _on_reasons_saved(self) -> None:
        if self._save_after_reasons:
            self._save_after_reasons = False
            self.save()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)

    @Slot(str)
    def handle_scan(self, code: str) -> None:
        """Scans while the dialog is open are tests of the scanner."""
        self.tabs.setCurrentWidget(self.test_tab)
        self.test_tab.handle_scan(code)

    @Slot(object)
    def _on_checked(self, result: ScanCheck) -> None:
        if self._sounds is not None:
            self._sounds.play(result.level)

    def keyPressEvent(self, event) -> None:
        # Enter in the test tab's box is an arrival to check, not "Save".
        if self.tabs.currentWidget() is self.test_tab and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)
