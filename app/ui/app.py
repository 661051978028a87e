"""Starting the window: open the database, load the user's settings, build the QApplication and
the main window, install the scanner filter with the settings' timings, run until the window
closes; or, with `smoke_test`, show it for a moment and close (the packaged build runs that to
prove the bundle works)."""

import logging
import os
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QLoggingCategory, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import config, paths
from app.core import session, users
from app.core.backup import DailyBackups
from app.core.faults import check_database_file, explain
from app.ui import theme
from app.ui.main_window import MainWindow
from app.ui.scanner.scanner_filter import ScannerFilter
from app.ui.widgets.sounds import Sounds

log = logging.getLogger(__name__)

DEFAULT_USER = "operator"
SMOKE_TEST_MS = 1000
# Screens of this size or smaller get the window maximised; larger ones get a sensible size.
COMPACT_SCREEN = (1440, 900)
# The write-ahead log is copied into the database while nobody scans, so scans never wait for it.
IDLE_CHECKPOINT_MS = 2000
# The day's backup starts this long after the window, once the first paint is done.
BACKUP_DELAY_MS = 5000
# Pages with a badge in the side bar (Replenish) are built this long after the window is up,
# not before it shows.
PRELOAD_AFTER_MS = 1500
# Closing the window lets a daily backup still running finish (it is a temporary file until then).
BACKUP_WAIT_S = 60

# QtMultimedia reports every optional codec library it does not find; none of them matter for
# three short WAVs, and the noise hides real problems.
_QUIET_LOGGING = "qt.multimedia.symbolsresolver=false\nqt.multimedia.ffmpeg.info=false"


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        QLoggingCategory.setFilterRules(_QUIET_LOGGING)
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Binwise")
    app.setApplicationDisplayName("Binwise")
    app.setOrganizationName("Binwise")
    # Wayland desktops match the window to its menu entry (packaging/binwise.desktop) by this.
    app.setDesktopFileName("binwise")
    icon = paths.resource("icons", "binwise.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    theme.apply_theme(app)
    return app


def _default_user() -> tuple[int, str]:
    user = session.find_user(DEFAULT_USER)
    if user is None:
        raise LookupError(f"The database has no user '{DEFAULT_USER}'.")
    return user


def _show(window: MainWindow) -> None:
    screen = window.screen().availableGeometry()
    if screen.width() <= COMPACT_SCREEN[0] or screen.height() <= COMPACT_SCREEN[1]:
        # Kiosk set-ups often run without a window manager, which is what maximises: fill the
        # screen ourselves first.
        window.setGeometry(screen)
        window.showMaximized()
    else:
        window.resize(1366, 768)
        window.show()
    # The scanner types into whatever has the keyboard: take it at start.
    window.raise_()
    window.activateWindow()


def _no_display() -> bool:
    """Qt aborts the whole process when it finds no screen; say so instead."""
    return (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


def run(db_path: str | Path, smoke_test: bool = False) -> int:
    """Open the window on the database at `db_path`; returns the exit code."""
    if _no_display():
        print("binwise: no screen found (DISPLAY is not set). Start Binwise from the desktop, "
              "or without one as `xvfb-run -a binwise ...`; the headless commands "
              "(binwise --help) work anywhere.", file=sys.stderr)
        return 2
    try:
        # The first start makes the warehouse; a folder, a foreign or damaged file must not be
        # taken for one.
        if not paths.is_database_url(db_path):
            check_database_file(Path(db_path), create=True, write=True)
        session.open_warehouse(db_path)
    except Exception as error:
        _close_quietly()
        _report_fault(explain(error, db_path) or
                      f"Cannot open {paths.database_label(db_path)}: {error}",
                      show=not smoke_test)
        return 2
    errors: list[str] = []
    previous_hook = sys.excepthook

    def record(kind, value, tb) -> None:
        # Qt calls slots from C++: an exception there is printed and forgotten unless kept.
        errors.append("".join(traceback.format_exception(kind, value, tb)))
        previous_hook(kind, value, tb)

    sys.excepthook = record
    scanner: ScannerFilter | None = None
    try:
        app = _application()
        # With logins, nobody is logged in at start; without, everything is the operator's.
        login_required = users.logins_enabled()
        user_id, user_name = (None, "") if login_required else _default_user()
        # Read once; from here on the window keeps them and saves what the user changes.
        settings = config.load()
        sounds = Sounds(enabled=None if settings.sounds else False)
        scanner = ScannerFilter(settings.scanner.wedge())
        scanner.install(app)
        window = MainWindow(db_path, user_id, user_name, scanner=scanner, sounds=sounds,
                            settings=settings, save_settings=config.save, threaded=True,
                            login_required=login_required,
                            idle_logout_ms=users.idle_logout_minutes() * 60_000,
                            preload_after_ms=PRELOAD_AFTER_MS)
        _show(window)
        QTimer.singleShot(0, _note_shown)
        idle = _checkpoint_when_idle(scanner, window)
        daily = DailyBackups(Path(db_path), settings.backups_kept)
        # Soon after start (not competing with the first paint) and at the first scan of each
        # day; the copy runs on its own thread.
        QTimer.singleShot(BACKUP_DELAY_MS, daily.due)
        scanner.scan_received.connect(lambda _text: daily.due())
        if smoke_test:
            QTimer.singleShot(SMOKE_TEST_MS, lambda: _end_smoke_test(window))
        app.exec()
        idle.stop()
        window.shutdown_workers()
        daily.wait(BACKUP_WAIT_S)
        window.deleteLater()
        if errors:
            print(f"binwise: {len(errors)} error(s) while the window was open", file=sys.stderr)
            return 1
        return 0
    except Exception as error:
        message = explain(error, db_path)
        if message is None:
            log.exception("Binwise window failed")
        _report_fault(message or str(error), show=not smoke_test)
        return 1
    finally:
        sys.excepthook = previous_hook
        if scanner is not None:
            scanner.uninstall()
        _close_quietly()


def _report_fault(message: str, show: bool) -> None:
    """Say why the window cannot open: on stderr, and in a dialog for someone who started it
    from the desktop menu and sees no terminal."""
    print(f"binwise: {message}", file=sys.stderr)
    if show:
        _application()
        box = QMessageBox(QMessageBox.Icon.Critical, "Binwise cannot open the warehouse",
                          message, QMessageBox.StandardButton.Close)
        box.exec()


def _close_quietly() -> None:
    try:
        session.close_warehouse()
    except Exception:  # a damaged file may refuse even this; nothing is left to save
        pass


def _note_shown() -> None:
    """Write when the window was first shown into $BINWISE_SHOWN_FILE (start-up benchmark)."""
    target = os.environ.get("BINWISE_SHOWN_FILE")
    if target:
        Path(target).write_text(repr(time.time()), encoding="utf-8")


def _checkpoint_when_idle(scanner: ScannerFilter, parent: MainWindow) -> QTimer:
    since_scan = QElapsedTimer()
    since_scan.start()
    scanner.scan_received.connect(lambda _text: since_scan.restart())
    timer = QTimer(parent)
    timer.setInterval(IDLE_CHECKPOINT_MS)

    def tick() -> None:
        if since_scan.elapsed() >= IDLE_CHECKPOINT_MS:
            session.idle_checkpoint()

    timer.timeout.connect(tick)
    timer.start()
    return timer


def _end_smoke_test(window: MainWindow) -> None:
    try:
        shot = window.grab()
        if shot.isNull():
            raise RuntimeError("the window could not be drawn")
        target = os.environ.get("BINWISE_SMOKE_SHOT")
        if target and not shot.save(target):
            raise OSError(f"could not save the screenshot to {target}")
    finally:
        window.close()
