"""The watched label folder: carrier label files imported by the window as they appear.

The seller's shipping tool saves a label file into a folder (Settings, F12: Shipping labels);
a QFileSystemWatcher notices, and a timer looks again every few seconds (a file still being
written waits until it has not changed for two seconds; a network folder may send no events).
The import itself (app.core.shipping_labels.sweep_folder) runs on the window's background
worker, never on the UI thread; stored files move to `done/`, the rest to `unmatched/`.
"""

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from app.core.shipping_labels import sweep_folder

log = logging.getLogger(__name__)

SWEEP_MS = 3000
SETTLE_S = 2.0  # a file unchanged this long is written whole


class LabelInbox(QObject):
    """Imports label files from one folder on a worker; `swept` carries the outcomes."""

    swept = Signal(object)  # list of app.core.shipping_labels.Outcome, never empty
    failed = Signal(str)

    def __init__(self, worker, parent: QObject | None = None,
                 settle_s: float = SETTLE_S) -> None:
        super().__init__(parent)
        self._worker = worker
        self._settle_s = settle_s
        self._folder: Path | None = None
        self._busy = False
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_changed)
        self._timer = QTimer(self)
        self._timer.setInterval(SWEEP_MS)
        self._timer.timeout.connect(self.sweep)

    @property
    def folder(self) -> Path | None:
        return self._folder

    def set_folder(self, folder: str) -> None:
        """Watch `folder` from now on (empty: none); its files are looked at at once."""
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        self._timer.stop()
        self._folder = Path(folder).expanduser() if folder.strip() else None
        if self._folder is None:
            return
        if self._folder.is_dir():
            self._watcher.addPath(str(self._folder))
        else:
            self.failed.emit(f"The label folder {self._folder} does not exist: create it or "
                             f"choose another in Settings (F12).")
        self._timer.start()
        self.sweep()

    @Slot(str)
    def _on_changed(self, _path: str) -> None:
        # The file may still be being written: look once it has settled.
        QTimer.singleShot(int(self._settle_s * 1000) + 100, self.sweep)

    @Slot()
    def sweep(self) -> None:
        """Import what has arrived, on the worker; one sweep at a time."""
        folder = self._folder
        if folder is None or self._busy or not folder.is_dir():
            return
        if not self._watcher.directories():
            self._watcher.addPath(str(folder))  # it was created after it was chosen
        self._busy = True
        try:
            self._worker.submit(lambda: sweep_folder(folder, self._settle_s), self._on_swept,
                                self._on_failed)
        except RuntimeError:  # the window is closing: its worker has stopped
            self._busy = False

    def _on_swept(self, outcomes) -> None:
        self._busy = False
        if outcomes:
            self.swept.emit(outcomes)

    def _on_failed(self, error: BaseException) -> None:
        self._busy = False
        log.warning("Importing label files failed: %s", error)
        self.failed.emit(f"Label files in {self._folder} could not be imported: {error}")

    def stop(self) -> None:
        self._timer.stop()
        self._folder = None


def summary(outcomes) -> str:
    """One status-bar line for a sweep."""
    stored = sum(o.status == "stored" for o in outcomes)
    refused = [o for o in outcomes if o.status not in ("stored", "already")]
    text = f"Shipping labels: {stored} imported"
    if refused:
        text += (f", {len(refused)} not matched (moved to unmatched/): "
                 f"{refused[0].message}")
    return text
