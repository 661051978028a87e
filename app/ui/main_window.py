"""The main window: a bar of stations on the left (each on a function key), the active station's
view, and a status bar with the database, the user and the scanner's last activity.

Once the warehouse has logins, the window starts on the log-in page; whoever logs in is shown
in the side bar, every station books to them, and Ctrl+Shift+L or a quiet spell (the idle
time the admin set) logs them out again.

Every scan the scanner filter recognises goes to the active view, whatever has focus; while a
dialog is open it goes to the dialog, or is refused with the error sound. The settings (F12 or
Ctrl+,) are kept here: the scanner filter, the sounds and every station follow them at once.
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app import paths
from app.config import LabelSettings, Settings
from app.scanning.commands import command_in
from app.scanning.decode import decode
from app.stations.base import Level
from app.ui.pages import PAGES, PageContext, StationPage
from app.ui.people.login_panel import LoginPanel
from app.ui.scanner.held_scans import HeldScans
from app.ui.scanner.scanner_filter import ScannerFilter
from app.ui.station_bar import StationBar, page_order
from app.ui.tasks.worker import InlineWorker, ThreadWorker
from app.ui.widgets.sounds import Sounds
from app.ui.widgets.station_view import open_dialog

log = logging.getLogger(__name__)

STATUS_REFRESH_MS = 200
STATUS_MESSAGE_MS = 6000
SETTINGS_KEYS = ("F12", "Ctrl+,")
LOGOUT_KEYS = ("Ctrl+Shift+L",)
# Activity that keeps a person logged in.
_ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel)


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
                 save_settings: Callable[[Settings], None] | None = None,
                 threaded: bool = False, login_required: bool = False,
                 idle_logout_ms: int = 0, preload_after_ms: int | None = None) -> None:
        super().__init__(parent)
        # Stations on one background thread, long work on another, so that neither a scan
        # waiting for the lock nor a label batch freezes the window, and scans are never
        # queued behind long work. Without `threaded` (tests) both run inline.
        self.station_worker: InlineWorker | ThreadWorker = (
            ThreadWorker("station", self) if threaded else InlineWorker())
        self.task_worker: InlineWorker | ThreadWorker = (
            ThreadWorker("work", self) if threaded else InlineWorker())
        # Planning and reports take seconds on a large warehouse: their own thread, so a label
        # batch or an import never waits behind them, nor they behind it.
        self.numbers_worker: InlineWorker | ThreadWorker = (
            ThreadWorker("numbers", self) if threaded else InlineWorker())
        # A file, or a PostgreSQL server's URL (which a Path would mangle).
        self.db_path = db_path if paths.is_database_url(db_path) else Path(db_path)
        self.user_id: int | None = user_id
        self.user_name = user_name
        self.login_required = login_required
        self.settings = settings or Settings()
        self._save_settings = save_settings or (lambda new: None)
        self.sounds = sounds or Sounds(enabled=None if self.settings.sounds else False,
                                       parent=self)
        self.settings_dialog: QWidget | None = None
        title = (paths.database_label(db_path) if isinstance(self.db_path, str)
                 else self.db_path.name)
        self.setWindowTitle(f"Binwise — {title}")
        self.setMinimumSize(1000, 640)
        self.pages = sorted(pages, key=lambda p: page_order(p.key))

        self.stack = QStackedWidget()
        self.bar = bar = StationBar(self.pages, SETTINGS_KEYS[0])
        self.station_buttons = bar.buttons
        self.badges = bar.badges
        self.logout_button = bar.logout_button
        self.settings_button = bar.settings_button
        # Built when first opened (see view_at): the window is ready for the first scan
        # without building, importing and filling thirteen pages first.
        self._views: list[QWidget | None] = [None] * len(self.pages)
        for index, page in enumerate(self.pages):
            self.stack.addWidget(QWidget())  # stands in for the page until it is built
            self._on_keys((page.key,), lambda i=index: self.switch_to(i))
        self.logout_button.clicked.connect(lambda: self.log_out())
        self._on_keys(LOGOUT_KEYS, lambda: self.log_out())
        self.settings_button.clicked.connect(self.open_settings)
        self._on_keys(SETTINGS_KEYS, self.open_settings)
        self.station_buttons.idClicked.connect(self.switch_to)
        self.login_panel = LoginPanel()
        self.login_panel.logged_in.connect(self.log_in)
        self.login_panel.failed.connect(lambda level: self.sounds.play(Level(level)))
        self.stack.addWidget(self.login_panel)

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
        self.held_scans = HeldScans(self)
        self.held_scans.released.connect(self._deliver)
        self._watch_labels()
        self._connect_scale()
        self.scanner = scanner
        if scanner is not None:
            scanner.scan_received.connect(self._on_scan_received)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setTimerType(Qt.TimerType.PreciseTimer)
        self._idle.setInterval(idle_logout_ms)
        self._idle.timeout.connect(self._on_idle_timeout)
        if login_required and idle_logout_ms > 0:
            # Every key and click anywhere keeps the person logged in.
            QApplication.instance().installEventFilter(self)
        if login_required:
            self.log_out(message="")
        else:
            self._show_person()
        if self.pages and not self.locked:
            self.switch_to(0)
        if preload_after_ms is not None and any(page.preload for page in self.pages):
            QTimer.singleShot(preload_after_ms, self._preload)

    def _on_keys(self, keys: Sequence[str], action: Callable[[], None]) -> None:
        for key in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)

    # -- who is logged in --------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self.login_required and self.user_id is None

    @Slot(object)
    def log_in(self, person) -> None:
        self._book_to(person.id)
        self.user_name = person.name
        self._show_person(person.role)
        self.statusBar().showMessage(f"{person.name} logged in.", STATUS_MESSAGE_MS)
        self.sounds.play(Level.OK)
        self._restart_idle()
        if self.pages:
            self.switch_to(0)

    def log_out(self, message: str | None = None) -> None:
        """Back to the log-in page. Without logins there is nobody to log out."""
        if not self.login_required:
            self.statusBar().showMessage("Nobody logs in here yet: an admin creates users "
                                         "with `binwise users add`.", STATUS_MESSAGE_MS)
            return
        who = self.user_name if self.user_id is not None else None
        self._book_to(None)
        self.user_name = ""
        self._idle.stop()
        self._show_person()
        self.bar.uncheck_all()
        if message is None:
            message = f"{who} logged out." if who else "Nobody is logged in at this station."
        self.login_panel.reset(message or "Nobody is logged in at this station.")
        self.stack.setCurrentWidget(self.login_panel)
        self.login_panel.setFocus(Qt.FocusReason.OtherFocusReason)

    def _book_to(self, user_id: int | None) -> None:
        """Every station and page books what it does to this user from now on."""
        self.user_id = user_id
        for view in self._built():
            for part in (view, getattr(view, "station", None), getattr(view, "review", None),
                         getattr(view, "plan", None)):
                if part is not None and hasattr(part, "user_id"):
                    part.user_id = user_id

    def _show_person(self, role: str = "") -> None:
        if self.locked:
            text = "Nobody logged in"
        else:
            text = self.user_name + (f" ({role})" if role else "")
        self.logout_button.setText(f"Log out {self.user_name}\n{LOGOUT_KEYS[0]}")
        self.logout_button.setVisible(self.login_required and not self.locked)
        if hasattr(self, "user_label"):
            self.user_label.setText(f"User: {text}")

    def _restart_idle(self) -> None:
        if self._idle.interval() > 0 and not self.locked and self.login_required:
            self._idle.start()

    @Slot()
    def _on_idle_timeout(self) -> None:
        if self.locked:
            return
        minutes = self._idle.interval() / 60_000
        who = self.user_name
        self.log_out(message=f"{who} was logged out after {minutes:g} min without a scan.")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in _ACTIVITY and self._idle.isActive():
            self._idle.start()
        return False

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        self.db_label = QLabel(f"Database: {paths.database_label(self.db_path)}")
        self.db_label.setToolTip(paths.database_label(self.db_path))
        self.user_label = QLabel(f"User: {self.user_name}")
        self.user_label.setObjectName("userLabel")
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
        if not 0 <= index < len(self.pages):
            return
        if self.locked:
            self.station_buttons.button(index).setChecked(False)
            self.sounds.play(Level.ERROR)
            self.login_panel.banner.show_feedback(Level.ERROR, "Log in first: scan your "
                                                  "badge, or type your name and PIN.")
            return
        view = self.view_at(index)
        refresh = getattr(view, "refresh", None)
        if callable(refresh):
            # Other pages may have moved stock or changed orders since it was last shown.
            refresh()
        self.stack.setCurrentIndex(index)
        self.bar.show_current(index)
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _watch_labels(self) -> None:
        """Carrier label files from the shipping tool's folder, imported as they appear."""
        from app.ui.label_inbox import LabelInbox, summary

        self.label_inbox = LabelInbox(self.task_worker, self)
        self.label_inbox.swept.connect(lambda outcomes: self.statusBar().showMessage(
            summary(outcomes), STATUS_MESSAGE_MS * 2))
        self.label_inbox.failed.connect(lambda message: self.statusBar().showMessage(
            message, STATUS_MESSAGE_MS * 2))
        self.label_inbox.set_folder(self.settings.shipping_labels.watch_folder)

    def _connect_scale(self) -> None:
        """A serial scale for the Pack page; what goes wrong with it is a status-bar line."""
        from app.ui.pack.scale_reader import ScaleReader

        self.scale = ScaleReader(self)
        self.scale.message.connect(lambda text: self.statusBar().showMessage(
            text, STATUS_MESSAGE_MS * 2))
        self.scale.set_port(self.settings.scale.port, self.settings.scale.baud,
                            self.settings.scale.request)

    def shutdown_workers(self) -> None:
        """Finish the work already asked for (no scan is dropped), then stop the threads."""
        self.scale.close()
        self.label_inbox.stop()
        self.station_worker.shutdown()
        self.task_worker.shutdown()
        self.numbers_worker.shutdown()

    def page_index(self, title: str) -> int | None:
        return next((i for i, page in enumerate(self.pages) if page.title == title), None)

    def view_of(self, title: str) -> QWidget | None:
        index = self.page_index(title)
        return None if index is None else self.view_at(index)

    @property
    def views(self) -> list[QWidget]:
        """Every page's view, building those not opened yet."""
        return [self.view_at(index) for index in range(len(self.pages))]

    def _built(self) -> list[QWidget]:
        return [view for view in self._views if view is not None]

    def view_at(self, index: int) -> QWidget:
        """The page's view, built the first time it is asked for: with the settings, the
        person and the workers the window has now."""
        view = self._views[index]
        if view is not None:
            return view
        page = self.pages[index]
        context = PageContext(user_id=self.user_id, sounds=self.sounds,
                              settings=self.settings, save_labels=self._on_labels_saved)
        view = page.make_view(context)
        for setter, worker in (("set_worker", self.station_worker),
                               ("set_task_worker", self.task_worker),
                               ("set_numbers_worker", self.numbers_worker)):
            if callable(getattr(view, setter, None)):
                getattr(view, setter)(worker)
        if callable(getattr(view, "set_print_settings", None)):
            view.set_print_settings(self.settings.printing)
        if callable(getattr(view, "set_scale", None)):
            view.set_scale(self.scale)
        self._views[index] = view
        stand_in = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, view)
        self.stack.removeWidget(stand_in)
        stand_in.deleteLater()
        if current >= 0:
            self.stack.setCurrentIndex(current)
        self._book_to(self.user_id)
        badge_changed = getattr(view, "badge_changed", None)
        if badge_changed is not None:
            self._add_badge(index, badge_changed)
        self._connect_labels(view)
        return view

    def _add_badge(self, index: int, badge_changed) -> None:
        """A page can show a count in the corner of its button (Replenish: items low)."""
        badge = self.bar.add_badge(index, self.pages[index].title)
        badge_changed.connect(lambda text, b=badge: StationBar.show_badge(b, text))

    @Slot()
    def _preload(self) -> None:
        """Build the pages that show something in the side bar, once the window is up."""
        for index, page in enumerate(self.pages):
            if page.preload:
                self.view_at(index)

    def _connect_labels(self, view: QWidget) -> None:
        """Receiving offers the lots' labels when there is a Labels page to print them on."""
        if (self.pages[self._views.index(view)].title != "Receive"
                or self.page_index("Labels") is None or not hasattr(view, "lots_received")):
            return
        view.labels_available = True
        view.lots_received.connect(self._on_lots_received)
        view.labels_requested.connect(lambda: self.switch_to(self.page_index("Labels")))

    @Slot(object)
    def _on_lots_received(self, lots: Sequence) -> None:
        # One receiving session is one receipt: the Labels page selects its lots.
        receipts = sorted({lot.receipt_id for lot in lots})
        labels = self.view_of("Labels")
        if receipts and callable(getattr(labels, "show_receipt", None)):
            labels.show_receipt(receipts[-1])

    @Slot(str)
    def _on_scan_received(self, code: str) -> None:
        self._since_scan.start()
        self._on_status_timeout()
        if self._idle.isActive():
            self._idle.start()
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not self:
            handler = getattr(modal, "handle_scan", None)
            # A dialog that takes scans may leave one that is not its own (False): held too.
            if callable(handler) and handler(code) is not False:
                return
            # A scan never answers a dialog and is never dropped: it waits for the page.
            self.held_scans.hold(code)
            self.sounds.play(Level.WARNING)
            page = self.pages[self.stack.currentIndex()].title if self.pages else "the page"
            self.statusBar().showMessage(
                f"{len(self.held_scans)} scan(s) held: they go to {page} when this window "
                f"closes.", STATUS_MESSAGE_MS)
            return
        # Scans held for a dialog that has just closed go first, in order.
        self.held_scans.release_if_free()
        self._deliver(code)

    @Slot(str)
    def _deliver(self, code: str) -> None:
        if command_in(decode(code, self.settings.scanner.decode()).text) == "LOGOUT":
            # Logging out is the window's, whatever the page: a scanner-only station needs it.
            self.log_out()
            return
        if self.locked:
            # The log-in page takes badges and refuses everything else out loud.
            self.login_panel.handle_scan(code)
            return
        view = self.current_view()
        if view is not None:
            view.handle_scan(code)
        if not self.held_scans and "scan(s) held" in self.statusBar().currentMessage():
            self.statusBar().clearMessage()  # delivered: no longer held

    # -- settings ----------------------------------------------------------------------------

    @Slot()
    def open_settings(self) -> None:
        if self.settings_dialog is not None and self.settings_dialog.isVisible():
            self.settings_dialog.raise_()
            return
        from app.core import return_reasons, seller
        from app.ui.settings.settings_dialog import SettingsDialog  # not needed to start

        self.settings_dialog = SettingsDialog(
            self.settings, self.store_settings, self, seller_store=(seller.load, seller.save),
            reasons_store=(return_reasons.reasons, lambda new, approver: return_reasons.save(
                new, self.user_id, approver)))
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
        if str(self.label_inbox.folder or "") != settings.shipping_labels.watch_folder:
            self.label_inbox.set_folder(settings.shipping_labels.watch_folder)
        self.scale.set_port(settings.scale.port, settings.scale.baud, settings.scale.request)
        config = settings.scanner.decode()
        for view in self._built():  # those built later are built with these settings
            if callable(getattr(view, "set_print_settings", None)):
                view.set_print_settings(settings.printing)
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
