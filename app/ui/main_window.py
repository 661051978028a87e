"""The main window: a bar of stations on the left (each on a function key), the active station's
view, and a status bar with the database, the user and the scanner's last activity.

Every scan the scanner filter recognises goes to the active view, whatever has focus.
"""

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui import theme
from app.ui.pages import PAGES, PageContext, StationPage
from app.ui.scanner_filter import ScannerFilter
from app.ui.sounds import Sounds

STATUS_REFRESH_MS = 200


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
                 pages: Sequence[StationPage] = PAGES, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.user_name = user_name
        self.sounds = sounds or Sounds(parent=self)
        self.setWindowTitle(f"Binwise — {self.db_path.name}")
        self.setMinimumSize(1000, 640)
        self.pages = sorted(pages, key=lambda p: int(p.key.lstrip("F")))
        context = PageContext(user_id=user_id, sounds=self.sounds)

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
            button.setObjectName(f"station_{page.title.lower()}")
            button.setCheckable(True)
            button.setFont(theme.font(19, bold=True))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(72)
            self.station_buttons.addButton(button, index)
            bar_layout.addWidget(button)
            shortcut = QShortcut(QKeySequence(page.key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda i=index: self.switch_to(i))
        bar_layout.addStretch(1)
        self.station_buttons.idClicked.connect(self.switch_to)

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
        self.db_label = QLabel(f"Database: {self.db_path}")
        self.db_label.setToolTip(str(self.db_path))
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
        self.stack.setCurrentIndex(index)
        self.station_buttons.button(index).setChecked(True)
        self.views[index].setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot(str)
    def _on_scan_received(self, code: str) -> None:
        self._since_scan.start()
        self._on_status_timeout()
        view = self.current_view()
        if view is not None:
            view.handle_scan(code)

    @Slot()
    def _on_status_timeout(self) -> None:
        if self._since_scan.isValid():
            self.scanner_label.setText(
                f"Scanner: last scan {describe_since(self._since_scan.elapsed())}")
