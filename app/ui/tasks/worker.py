"""One serial background worker: run work off the UI thread, deliver its result on it.

Anki's taskman pattern: a one-thread executor runs the work in order; the result (or the
exception) comes back to the main thread, so `done` always runs there and may touch widgets,
while the work itself never does. The window has three: one for the stations (a scan waits
there for the write lock while the window stays responsive, and scans keep their order), one for
long work (imports, label batches) and one for the numbers pages (planning, reports), so
nothing waits behind work of another kind.

Results travel through a plain queue; the worker thread only posts a bare wake-up event to the
main thread. It never emits a signal with a Python payload, which would have Qt's connection
locks and Python's interpreter lock taken on two threads at once.

`InlineWorker` runs the work at once on the calling thread (Picard's FakeThreadPool); a view
built without a worker uses it, which keeps tests that do not care about threads simple.

Each thread has its own database connection (peewee keeps one per thread); `shutdown` closes
the worker thread's before the thread ends.
"""

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from queue import Empty, SimpleQueue
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject

from app.core.background import close_thread_connection

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]

_WAKE = QEvent.Type(QEvent.registerEventType())


def _log_failure(error: BaseException) -> None:
    log.error("Background work failed", exc_info=error)


class InlineWorker:
    """Runs work at once, on the caller's thread."""

    busy = False

    def submit(self, work: Callable[[], Any], done: Done, failed: Failed | None = None) -> None:
        try:
            result = work()
        except Exception as error:
            (failed or _log_failure)(error)
            return
        done(result)

    def call_soon(self, callback: Callable[..., None], *args: Any) -> None:
        callback(*args)

    def shutdown(self) -> None:
        pass


class ThreadWorker(QObject):
    """Runs work on one background thread, in the order submitted."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._executor: ThreadPoolExecutor | None = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix=name)
        self._pending = 0
        self._calls: SimpleQueue[tuple[Callable[..., None], tuple]] = SimpleQueue()

    @property
    def busy(self) -> bool:
        """Work submitted and not yet delivered."""
        return self._pending > 0

    def submit(self, work: Callable[[], Any], done: Done, failed: Failed | None = None) -> None:
        if self._executor is None:
            raise RuntimeError(f"the {self._name} worker has been shut down")
        self._pending += 1

        def job() -> None:
            try:
                outcome: tuple[Callable[[Any], None], Any] = (done, work())
            except BaseException as error:  # delivered to the main thread, not lost here
                outcome = (failed or _log_failure, error)
            self.call_soon(self._deliver, *outcome)

        self._executor.submit(job)

    def call_soon(self, callback: Callable[..., None], *args: Any) -> None:
        """Run `callback(*args)` on the main thread, from any thread (progress, results)."""
        self._calls.put((callback, args))
        QCoreApplication.postEvent(self, QEvent(_WAKE))

    def event(self, event: QEvent) -> bool:
        if event.type() != _WAKE:
            return super().event(event)
        while True:
            try:
                callback, args = self._calls.get_nowait()
            except Empty:
                return True
            try:
                callback(*args)
            except Exception:  # a bug in one answer must not stop the next ones
                log.exception("Delivering the %s worker's result failed", self._name)

    def _deliver(self, callback: Callable[[Any], None], value: Any) -> None:
        self._pending -= 1
        callback(value)

    def shutdown(self) -> None:
        """Finish the work already submitted, close the thread's connection, stop."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        executor.submit(close_thread_connection)
        executor.shutdown(wait=True)
