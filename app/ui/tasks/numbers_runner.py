"""Long reads (replenishment, reports) on a worker thread, so the window never freezes: one job
at a time per runner, progress and the result coming back as signals on the main thread.

The thread is kept by this module rather than by a widget, so closing a page never destroys a
running QThread; the application waits for running jobs before it quits.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from app.core.background import run_on_worker

log = logging.getLogger(__name__)

# Jobs still running, kept alive until they finish.
_running: set["_Job"] = set()

PROGRESS_EVERY_S = 0.2


def wait_for_jobs() -> None:
    for job in list(_running):
        job.wait()


class _Job(QThread):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[Callable[[int, int], None]], Any]) -> None:
        super().__init__()
        self._work = work
        self._last_progress = 0.0

    def run(self) -> None:
        try:
            result = run_on_worker(self._work, self._progress)
        except Exception as error:  # a failed report must not take the window with it
            log.exception("Background work failed")
            self.failed.emit(str(error) or type(error).__name__)
        else:
            self.succeeded.emit(result)


    def _progress(self, done: int, total: int) -> None:
        # A few emits a second at most: each one from this thread holds Python's interpreter
        # lock while Qt locks the connection, and the window's thread may be connecting
        # signals at that moment; fewer crossings, less waiting on each other.
        now = time.monotonic()
        if done >= total or now - self._last_progress >= PROGRESS_EVERY_S:
            self._last_progress = now
            self.progressed.emit(done, total)


class Runner(QObject):
    """Runs `work(progress)` off the UI thread; a request while busy runs once it is done."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job: _Job | None = None
        self._pending: Callable | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(wait_for_jobs)

    @property
    def busy(self) -> bool:
        return self._job is not None

    def start(self, work: Callable[[Callable[[int, int], None]], Any]) -> None:
        if self._job is not None:
            self._pending = work
            return
        job = _Job(work)
        job.progressed.connect(self.progressed)
        job.succeeded.connect(self._on_job_succeeded)
        job.failed.connect(self._on_job_failed)
        # Forgetting the job must not depend on this runner still being alive.
        job.finished.connect(lambda j=job: (_running.discard(j), j.deleteLater()))
        job.finished.connect(self._on_job_finished)
        _running.add(job)
        self._job = job
        self.busy_changed.emit(True)
        job.start()

    def wait(self) -> None:
        if self._job is not None:
            self._job.wait()

    @Slot(object)
    def _on_job_succeeded(self, result: Any) -> None:
        if self._pending is None:
            self.finished.emit(result)

    @Slot(str)
    def _on_job_failed(self, message: str) -> None:
        if self._pending is None:
            self.failed.emit(message)

    @Slot()
    def _on_job_finished(self) -> None:
        self._job = None
        pending, self._pending = self._pending, None
        if pending is not None:
            self.start(pending)
        else:
            self.busy_changed.emit(False)
