"""Backups of the warehouse file: on demand, daily with rotation, and restoring a checked one.

A backup is taken with SQLite's online backup API, so stations may keep scanning: the copy is
one consistent snapshot, never a file copied half way through a write. Every file is written
under a temporary name and renamed into place, so a full disk leaves no half backup behind.
Restoring checks the backup first (it opens, passes `PRAGMA integrity_check`, has a schema this
Binwise knows, and its stock matches its ledger) and keeps the current file aside.
"""

import errno
import logging
import os
import sqlite3
import threading
from contextlib import closing, suppress
from datetime import date, datetime
from pathlib import Path

from app.core.faults import FileFault, check_database_file, explain, is_server_url

log = logging.getLogger(__name__)

DAILY_FOLDER = "backups"
DEFAULT_KEEP = 7


def default_backup_path(db_path: Path, when: datetime | None = None) -> Path:
    """Beside the database, named with the date and time: warehouse-2026-11-30-1042.sqlite."""
    when = when or datetime.now()
    return db_path.with_name(f"{db_path.stem}-{when:%Y-%m-%d-%H%M%S}{db_path.suffix}")


def backup(db_path: Path, target: Path) -> Path:
    """Copy the database at `db_path` to `target` (which must not exist yet) while others may
    be writing; returns `target`."""
    check_database_file(db_path, create=False)
    if target.exists():
        raise FileFault(f"{target} already exists: choose another name, or move it away first.")
    if target.resolve().parent == db_path.resolve().parent and target.name == db_path.name:
        raise FileFault("A backup cannot replace the database itself: choose another name.")
    if not target.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(target.parent))
    temp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        try:
            _copy(db_path, temp)
        except sqlite3.Error as error:
            text = str(error).lower()
            culprit = db_path if "malformed" in text or "not a database" in text else target
            raise FileFault(explain(error, culprit) or f"The backup failed: {error}") from error
        os.replace(temp, target)
    except BaseException:
        with suppress(OSError):
            temp.unlink()
        raise
    return target


def daily_backup(db_path: Path, keep: int = DEFAULT_KEEP, today: date | None = None
                 ) -> Path | None:
    """Today's automatic backup in `backups/` beside the database, unless it exists or `keep`
    is 0; the oldest beyond `keep` are deleted. Returns the new file, or None."""
    if keep <= 0 or is_server_url(db_path) or not db_path.is_file():
        return None
    today = today or date.today()
    folder = db_path.parent / DAILY_FOLDER
    target = folder / f"{db_path.stem}-daily-{today.isoformat()}{db_path.suffix}"
    if target.exists():
        return None
    folder.mkdir(exist_ok=True)
    backup(db_path, target)
    # ISO dates sort by name; only files named like the automatic ones are ever deleted.
    dailies = sorted(folder.glob(f"{db_path.stem}-daily-????-??-??{db_path.suffix}"))
    for old in dailies[:-keep]:
        with suppress(OSError):
            old.unlink()
    return target


class DailyBackups:
    """Takes the day's backup on a thread of its own, so no scan waits for it: call `due()`
    when the window starts and on every scan; only the first call of a day starts one."""

    def __init__(self, db_path: Path, keep: int = DEFAULT_KEEP) -> None:
        self.db_path, self.keep = Path(db_path), keep
        self._day: date | None = None
        self._thread: threading.Thread | None = None
        self.taken: list[Path] = []

    def due(self, today: date | None = None) -> None:
        today = today or date.today()
        if today == self._day or self.keep <= 0:
            return
        self._day = today
        self._thread = threading.Thread(target=self._run, args=(today,), name="daily-backup",
                                        daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self, today: date) -> None:
        try:
            taken = daily_backup(self.db_path, self.keep, today)
        except Exception as error:  # a full disk must not stop the station; the log says why
            log.warning("The daily backup of %s failed: %s", self.db_path,
                        explain(error, self.db_path) or error)
            return
        if taken is not None:
            self.taken.append(taken)
            log.info("Daily backup written to %s", taken)


def _copy(db_path: Path, temp: Path) -> None:
    with closing(sqlite3.connect(db_path)) as source, closing(sqlite3.connect(temp)) as copy:
        source.execute("PRAGMA busy_timeout = 5000")
        # One step: the whole copy is read in one snapshot (WAL lets writers go on).
        source.backup(copy)
        # A backup is one self-contained file, with no write-ahead log beside it.
        copy.execute("PRAGMA journal_mode = DELETE")
        problem = _integrity_problem(copy)
    if problem:
        raise FileFault(f"{db_path} is damaged ({problem}): the backup was not written. "
                        "Restore an older backup (binwise restore FILE).")


def _integrity_problem(connection: sqlite3.Connection) -> str | None:
    # quick_check reads every page once (integrity_check also cross-checks every index, which
    # takes minutes on a large warehouse); restore runs the full check.
    rows = [row[0] for row in connection.execute("PRAGMA quick_check(5)")]
    return None if rows == ["ok"] else "; ".join(rows)
