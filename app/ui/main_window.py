"""The main window: a bar of stations on the left (each on a function key), the active station's
view, and a status bar with the database, the user and the scanner's last activity.

Every scan the scanner filter recognises goes to the active view, whatever has focus; while a
dialog is open it goes to the dialog, or is refused with the error sound. The settings (F12 or
Ctrl+,) are kept here: the scanner filter, the sounds and every station follow them at once.
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.config import LabelSettings, Settings
from app.stations.base import Level
from app.ui import theme
from app.ui.pages import PAGES, PageContext, StationPage
from app.ui.scanner_filter import ScannerFilter
from app.ui.settings_dialog import SettingsDialog
from app.ui.sounds import Sounds
from app.ui.station_view import open_dialog

log = logging.getLogger(__name__)

STATUS_REFRESH_MS = 200
STATUS_MESSAGE_MS = 6000
SETTINGS_KEYS = ("F12", "Ctrl+,")


def describe_since(ms: int) -> str:
    """How long ago, as a person reads it at a glance."""
    seconds = ms / 1000
    if seconds < 10:
        return f"{seconds:.1f} s ago"
    if seconds < 60:
        return f"{int(seconds)} s ago"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min ago"
    return f"{minutes // 60} h {minutes % 60} min ago"


class MainWindow(QMainWindow):
    def __init__(self, db_path: str | Path, user_id: int, user_name: str,
                 scanner: ScannerFilter | None = None, sounds: Sounds | None = None,
                 pages: Sequence[StationPage] = PAGES, parent: QWidget | None = None, *,
                 settings: Settings | None = None,
                 save_settings: Callable[[Settings], None] | None = None) -> None:
        super().__init__(parent)
        # A file, or a PostgreSQL server's URL (which a Path would mangle).
        self.db_path = db_path if paths.is_database_url(db_path) else Path(db_path)
        self.user_name = user_name
        self.settings = settings or Settings()
        self._save_settings = save_settings or (lambda new: None)
        self.sounds = sounds or Sounds(enabled=None if self.settings.sounds else False,
                                       parent=self)
        self.settings_dialog: SettingsDialog | None = None
        title = (paths.database_label(db_path) if isinstance(self.db_path, str)
                 else self.db_path.name)
        self.setWindowTitle(f"Binwise — {title}")
        self.setMinimumSize(1000, 640)
        self.pages = sorted(pages, key=lambda p: int(p.key.lstrip("F")))
        context = PageContext(user_id=user_id, sounds=self.sounds, settings=self.settings,
                              save_labels=self._on_labels_saved)

        self.stack = QStackedWidget()
        self.station_buttons = QButtonGroup(self)
        self.station_buttons.setExclusive(True)
        bar = QWidget()
        bar.setObjectName("stationBar")
        bar.setFixedWidth(150)
        bar.setStyleSheet(
            "#stationBar { background: #27313d; }"
            "#stationBar QPushButton { color: #e4e7eb; background: transparent; border: none;"
            " border-left: 6px solid transparent; padding: 10px 8px; text-align: left; }"
            "#stationBar QPushButton:checked { background: #3b4856; color: white;"
            " border-left: 6px solid #f2a900; }")
        bar_layout = QVBoxLayout(bar)
        bar_layout.setContentsMargins(0, 12, 0, 12)
        bar_layout.setSpacing(4)
        self.views: list[QWidget] = []
        for index, page in enumerate(self.pages):
            view = page.make_view(context)
            self.views.append(view)
            self.stack.addWidget(view)
            button = QPushButton(f"{page.key}\n{page.title}")
            button.setObjectName(f"station_{page.title.lower().replace(' ', '_')}")
            button.setCheckable(True)
            button.setFont(theme.font(19, bold=True))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(66)
            self.station_buttons.addButton(button, index)
            bar_layout.addWidget(button)
            shortcut = QShortcut(QKeySequence(page.key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda i=index: self.switch_to(i))
        bar_layout.addStretch(1)
        self.settings_button = QPushButton(f"{SETTINGS_KEYS[0]}\nSettings")
        self.settings_button.setFont(theme.font(16, bold=True))
        self.settings_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.settings_button.clicked.connect(self.open_settings)
        bar_layout.addWidget(self.settings_button)
        for key in SETTINGS_KEYS:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.open_settings)
        self.station_buttons.idClicked.connect(self.switch_to)
        self._connect_labels()

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_status_bar()
        self._since_scan = QElapsedTimer()
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_REFRESH_MS)
        self._status_timer.timeout.connect(self._on_status_timeout)
        self._status_timer.start()
        self.scanner = scanner
        if scanner is not None:
            scanner.scan_received.connect(self._on_scan_received)
        if self.pages:
            self.switch_to(0)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        self.db_label = QLabel(f"Database: {paths.database_label(self.db_path)}")
        self.db_label.setToolTip(paths.database_label(self.db_path))
        self.user_label = QLabel(f"User: {self.user_name}")
        self.scanner_label = QLabel("Scanner: no scan yet")
        self.scanner_label.setMinimumWidth(260)
        for label in (self.db_label, self.user_label, self.scanner_label):
            label.setContentsMargins(8, 2, 8, 2)
        bar.addWidget(self.db_label, 1)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.scanner_label)

    # -- stations ----------------------------------------------------------------------------

    def current_view(self) -> QWidget | None:
        return self.stack.currentWidget()

    @Slot(int)
    def switch_to(self, index: int) -> None:
        if not 0 <= index < len(self.views):
            return
        view = self.views[index]
        refresh = getattr(view, "refresh", None)
        if callable(refresh):
            # Other pages may have moved stock or changed orders since it was last shown.
            refresh()
        self.stack.setCurrentIndex(index)
        self.station_buttons.button(index).setChecked(True)
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def page_index(self, title: str) -> int | None:
        return next((i for i, page in enumerate(self.pages) if page.title == title), None)

    def view_of(self, title: str) -> QWidget | None:
        index = self.page_index(title)
        return None if index is None else self.views[index]

    def _connect_labels(self) -> None:
        """Receiving offers the lots' labels when there is a Labels page to print them on."""
        receive, labels = self.view_of("Receive"), self.view_of("Labels")
        if receive is None or labels is None or not hasattr(receive, "lots_received"):
            return
        receive.labels_available = True
        if callable(getattr(labels, "show_receipt", None)):
            receive.lots_received.connect(self._on_lots_received)
        receive.labels_requested.connect(lambda: self.switch_to(self.page_index("Labels")))

    @Slot(object)
    def _on_lots_received(self, lots: Sequence) -> None:
        # One receiving session is one receipt: the Labels page selects its lots.
        receipts = sorted({lot.receipt_id for lot in lots})
        if receipts:
            self.view_of("Labels").show_receipt(receipts[-1])

    @Slot(str)
    def _on_scan_received(self, code: str) -> None:
        self._since_scan.start()
        self._on_status_timeout()
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not self:
            # A scan never goes to the page behind an open dialog.
            handler = getattr(modal, "handle_scan", None)
            if callable(handler):
                handler(code)
            else:
                self.sounds.play(Level.ERROR)
                self.statusBar().showMessage(
                    f"Scan {code} ignored: finish or close the open window first.",
                    STATUS_MESSAGE_MS)
            return
        view = self.current_view()
        if view is not None:
            view.handle_scan(code)

    # -- settings ----------------------------------------------------------------------------

    @Slot()
    def open_settings(self) -> None:
        if self.settings_dialog is not None and self.settings_dialog.isVisible():
            self.settings_dialog.raise_()
            return
        self.settings_dialog = SettingsDialog(self.settings, self.store_settings, self)
        open_dialog(self.settings_dialog, self.current_view() or self)

    def store_settings(self, settings: Settings) -> None:
        """Save new settings (errors reach the caller) and follow them from now on."""
        self._save_settings(settings)
        self.apply_settings(settings)
        self.statusBar().showMessage("Settings saved.", STATUS_MESSAGE_MS)

    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings
        if self.scanner is not None:
            self.scanner.set_settings(settings.scanner.wedge())
        self.sounds.set_enabled(settings.sounds)
        config = settings.scanner.decode()
        for view in self.views:
            apply = getattr(view, "set_decode_config", None)
            if callable(apply):
                apply(config)
            elif hasattr(view, "decode_config"):
                view.decode_config = config

    def _on_labels_saved(self, labels: LabelSettings) -> None:
        # The Labels page owns only the label printer part; the scanner and sounds stay as
        # set here.
        self.settings = replace(self.settings, labels=labels)
        try:
            self._save_settings(self.settings)
        except OSError:
            log.exception("Could not save the label settings")

    @Slot()
    def _on_status_timeout(self) -> None:
        if self._since_scan.isValid():
            self.scanner_label.setText(
                f"Scanner: last scan {describe_since(self._since_scan.elapsed())}")
