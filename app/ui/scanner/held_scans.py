"""Scans that arrive while a dialog without a scan handler is open (a confirmation, a file or
print dialog): held in order and delivered to the page once no dialog is open any more, so a
scan is never dropped and never answers the dialog.
"""

from collections import deque

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

POLL_MS = 100


class HeldScans(QObject):
    """`hold(code)` while a dialog is open; `released(code)` for each, in order, after."""

    released = Signal(str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._codes: deque[str] = deque()
        # A dialog closing emits no application-wide signal; a short poll is the plain way
        # to notice for every kind of dialog, including QMessageBox.exec().
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.release_if_free)

    def __len__(self) -> int:
        return len(self._codes)

    def blocked(self) -> bool:
        """Whether a dialog other than the window itself is open."""
        modal = QApplication.activeModalWidget()
        return modal is not None and modal is not self._window

    def hold(self, code: str) -> None:
        self._codes.append(code)
        self._timer.start()

    @Slot()
    def release_if_free(self) -> None:
        """Deliver every held scan, in order, when no dialog is open any more."""
        if self.blocked():
            return
        self._timer.stop()
        while self._codes:
            self.released.emit(self._codes.popleft())
