"""Long writes in short transactions, yet all or nothing for the user.

SQLite has one write lock for the whole file: an import that writes 100,000 rows in one
transaction keeps every station waiting until it ends. So long work writes in chunks, each
its own transaction of at most about `CHUNK_SECONDS`, with a short pause between chunks in which
waiting scans take their turn (they poll for the lock every few milliseconds, app/db/retry.py).

The user still sees all or nothing. The whole file is checked before the first chunk is
written (the caller's job), so a late failure is rare: another station changed something in
between, the disk filled up. When it happens, every chunk already committed is taken back by
the undo that its writer returned, newest first, again in short transactions; then the error is
raised as if nothing had been written. Other stations may have seen the first chunks for a
moment, never a half-imported file that stays.
"""

import logging
import time
from collections.abc import Callable, Iterable, Sized
from typing import TypeVar

from app.core.errors import BinwiseError
from app.db import retry
from app.db.models import database

log = logging.getLogger(__name__)

CHUNK_SECONDS = 0.25
PAUSE_SECONDS = 0.01

Batch = TypeVar("Batch", bound=Sized)
Undo = Callable[[], None]
Progress = Callable[[int], None]


def write_in_chunks(batches: Iterable[Batch], write: Callable[[Batch], Undo | None], *,
                    progress: Progress | None = None,
                    chunk_seconds: float | None = None) -> int:
    """Write each batch with `write` (which returns how to take it back), as many batches per
    transaction as fit in `chunk_seconds`. Returns how many items the batches held; calls
    `progress` with that count after every chunk."""
    budget = CHUNK_SECONDS if chunk_seconds is None else chunk_seconds
    committed: list[Undo] = []
    written = 0
    iterator = iter(batches)
    finished = False
    try:
        while not finished:
            pending: list[Undo] = []
            count = 0
            with database.atomic():
                started = time.monotonic()
                while True:
                    batch = next(iterator, None)
                    if batch is None:
                        finished = True
                        break
                    undo = write(batch)
                    if undo is not None:
                        pending.append(undo)
                    count += len(batch)
                    if time.monotonic() - started >= budget:
                        break
            committed.extend(pending)
            written += count
            if progress is not None:
                progress(written)
            if not finished:
                time.sleep(PAUSE_SECONDS)
    except BaseException as error:
        if committed:
            take_back(committed, error)
        raise
    return written


class Pacer:
    """For work done as many short transactions of its own (allocating order after order):
    pause a moment every `CHUNK_SECONDS`, so that waiting scans get the lock in between."""

    def __init__(self) -> None:
        self._since = time.monotonic()

    def tick(self) -> None:
        if time.monotonic() - self._since >= CHUNK_SECONDS:
            time.sleep(PAUSE_SECONDS)
            self._since = time.monotonic()


def take_back(undos: list[Undo], cause: BaseException) -> None:
    """Run the undos of committed chunks, newest first, in short transactions. They wait for
    the lock as long as it takes: giving up half way would leave half a file behind."""
    before = retry.patience()
    retry.set_patience(None)
    try:
        remaining = list(undos)  # popped from the end: newest first
        while remaining:
            with database.atomic():
                started = time.monotonic()
                while remaining:
                    remaining.pop()()
                    if time.monotonic() - started >= CHUNK_SECONDS:
                        break
            if remaining:
                time.sleep(PAUSE_SECONDS)
    except Exception as error:
        log.exception("Could not take back a partly written import")
        raise BinwiseError(
            f"{cause} Binwise could not take back the part already written ({error}): "
            f"check the imported records before importing again.") from error
    finally:
        retry.set_patience(before)
