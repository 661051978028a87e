"""Waiting for the write lock instead of failing: SQLite's "database is locked", retried.

Another process (an import, a second station) may hold SQLite's single write lock. Every write
transaction starts with BEGIN IMMEDIATE, so that is the one place a writer meets the lock, before
it has changed anything: retrying the BEGIN is always safe. A statement outside any transaction
(autocommit) is atomic on its own, so retrying it is safe too. A statement inside a transaction
is never retried: the transaction must be run again as a whole by its caller.

SQLite's own busy handler sleeps up to 100 ms between polls, long enough to miss the short gaps
a bulk writer leaves between its chunks, and waits a fixed time. So the connection's busy
timeout is kept short and this module polls every few milliseconds, for as long as the process
is patient: forever for the stations (a scan is never refused because someone else is
writing), a bounded time for headless commands, which then say clearly that they gave up.
"""

import logging
import time

from peewee import OperationalError, SqliteDatabase

log = logging.getLogger(__name__)

# How long SQLite itself waits inside one attempt (ms): short, so polling stays fine-grained.
BUSY_TIMEOUT_MS = 10
POLL_S = 0.002
# Headless commands give up after this long; the stations wait as long as it takes.
HEADLESS_PATIENCE_S = 60.0

_patience: float | None = HEADLESS_PATIENCE_S


class DatabaseBusyError(OperationalError):
    """Another program held the write lock for longer than this process was willing to wait."""

    def __init__(self, waited: float) -> None:
        self.waited = waited
        super().__init__(
            f"The database is busy: another program has been writing to it for "
            f"{waited:.0f} s. Nothing was changed; try again when it has finished.")


def set_patience(seconds: float | None) -> None:
    """How long a write waits for the lock before giving up; None waits as long as it takes."""
    global _patience
    _patience = seconds


def patience() -> float | None:
    return _patience


def is_locked(error: Exception) -> bool:
    text = str(error).lower()
    return "database is locked" in text or "database is busy" in text


class WaitingSqliteDatabase(SqliteDatabase):
    """A SqliteDatabase whose writers wait their turn for the lock (see the module docstring)."""

    def begin(self, lock_type=None) -> None:
        self._waiting(lambda: SqliteDatabase.begin(self, lock_type))

    def execute_sql(self, sql, params=None):
        if self.in_transaction():
            return super().execute_sql(sql, params)
        return self._waiting(lambda: SqliteDatabase.execute_sql(self, sql, params))

    def _waiting(self, attempt):
        started = None
        while True:
            try:
                return attempt()
            except OperationalError as error:
                if not is_locked(error):
                    raise
                now = time.monotonic()
                if started is None:
                    started = now
                    log.debug("Waiting for the write lock")
                limit = _patience
                if limit is not None and now - started >= limit:
                    raise DatabaseBusyError(now - started) from error
            time.sleep(POLL_S)
