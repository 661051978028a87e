"""Long reads (replenishment, reports) on the window's worker for the numbers pages, so the
window never freezes: one job at a time per page, a request while busy replacing the one waiting,
progress and the result coming back on the main thread.

Without a worker (a page on its own, in tests) the work runs at once on the caller's thread.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.ui.tasks.worker import InlineWorker, ThreadWorker

log = logging.getLogger(__name__)

PROGRESS_EVERY_S = 0.2

Work = Callable[[Callable[[int, int], None]], Any]


class Runner(QObject):
    """Runs `work(progress)` on a worker; a request while busy runs once it is done."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None,
                 worker: InlineWorker | ThreadWorker | None = None) -> None:
        super().__init__(parent)
        self._worker = worker or InlineWorker()
        self._busy = False
        self._pending: Work | None = None

    def set_worker(self, worker: InlineWorker | ThreadWorker) -> None:
        self._worker = worker

    @property
    def busy(self) -> bool:
        return self._busy

    def start(self, work: Work) -> None:
        if self._busy:
            self._pending = work
            return
        self._busy = True
        self.busy_changed.emit(True)
        self._run(work)

    def _run(self, work: Work) -> None:
        worker = self._worker
        last = [0.0]

        def progress(done: int, total: int) -> None:
            # A few updates a second are enough for a progress bar.
            now = time.monotonic()
            if done >= total or now - last[0] >= PROGRESS_EVERY_S:
                last[0] = now
                worker.call_soon(self._on_progress, done, total)

        try:
            worker.submit(lambda: work(progress), self._on_succeeded, self._on_failed)
        except RuntimeError as error:  # the worker was shut down: the window is closing
            self._on_failed(error)

    def _on_progress(self, done: int, total: int) -> None:
        if self._busy:
            self.progressed.emit(done, total)

    def _on_succeeded(self, result: Any) -> None:
        self._end(lambda: self.finished.emit(result))

    def _on_failed(self, error: BaseException) -> None:
        # A failed report must not take the window with it: logged, and said on the page.
        log.error("Background work failed", exc_info=error)
        self._end(lambda: self.failed.emit(str(error) or type(error).__name__))

    def _end(self, announce: Callable[[], None]) -> None:
        """Announce the result unless a newer request waits; then run that one."""
        pending, self._pending = self._pending, None
        if pending is not None:
            self._run(pending)
            return
        self._busy = False
        announce()
        if not self._busy:
            self.busy_changed.emit(False)
