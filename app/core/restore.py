"""Restoring a backup: check it, make sure no station has the warehouse open, keep the current
file aside, and put the backup in its place.

Nothing is lost: a backup that fails a check changes nothing, and the file it replaces stays
beside it as `NAME.before-restore-DATE-TIME` (with its write-ahead log, if any).
"""

import os
import sqlite3
from contextlib import closing, suppress
from datetime import datetime
from pathlib import Path

import peewee

from app.core.faults import SQLITE_MAGIC, FileFault, check_database_file

SIDE_FILES = ("-wal", "-shm", "-journal")


def restore(db_path: Path, backup_file: Path, now: datetime | None = None) -> Path | None:
    """Replace the database at `db_path` by a checked copy of `backup_file`; returns where the
    previous database was kept, or None when there was none."""
    if not backup_file.exists():
        raise FileFault(f"No backup at {backup_file}: check the file's name.")
    check_database_file(backup_file, create=False)
    if db_path.exists() and backup_file.resolve() == db_path.resolve():
        raise FileFault(f"{backup_file} is the warehouse itself: name a backup of it.")
    temp = db_path.with_name(f".{db_path.name}.{os.getpid()}.restoring")
    try:
        _copy(backup_file, temp)
        _check(temp, backup_file)
        aside = _swap(db_path, temp, now or datetime.now())
    except BaseException:
        for name in (temp, *(Path(f"{temp}{s}") for s in SIDE_FILES)):
            with suppress(OSError):
                name.unlink()
        raise
    return aside


def _copy(backup_file: Path, temp: Path) -> None:
    # Read-only, and through SQLite: the user's backup file is never changed, and a backup
    # that still has its own write-ahead log beside it is copied with it.
    uri = f"{backup_file.resolve().as_uri()}?mode=ro"
    made = [Path(f"{backup_file}{s}") for s in SIDE_FILES if not Path(f"{backup_file}{s}").exists()]
    try:
        with closing(sqlite3.connect(uri, uri=True)) as source, \
                closing(sqlite3.connect(temp)) as copy:
            source.backup(copy)
    except sqlite3.Error as error:
        raise FileFault(f"{backup_file} cannot be read as a warehouse ({error}): choose another "
                        "backup.") from error
    finally:
        # Reading a backup in write-ahead-log mode leaves empty working files beside it.
        for side in made:
            with suppress(OSError):
                side.unlink()


def _check(temp: Path, backup_file: Path) -> None:
    from app.db import close_database, open_database
    from app.db.migrations import SCHEMA_VERSION

    with closing(sqlite3.connect(temp)) as copy:
        rows = [row[0] for row in copy.execute("PRAGMA integrity_check(5)")]
        version = copy.execute("PRAGMA user_version").fetchone()[0]
        tables = {name for (name,) in copy.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    if rows != ["ok"]:
        raise FileFault(f"{backup_file} is damaged ({'; '.join(rows)}): choose another backup.")
    if version > SCHEMA_VERSION:
        raise FileFault(f"{backup_file} was written by a newer Binwise (schema {version}, this "
                        f"one knows {SCHEMA_VERSION}): update Binwise first.")
    if version == 0 or not {"move", "quant"} <= tables:
        raise FileFault(f"{backup_file} is not a Binwise warehouse: choose another backup.")
    from app.core.stock import check_report

    # A backup from an older Binwise is brought up to this schema here, on the copy, so the
    # ledger check can read it (and the first start after the restore has nothing to do).
    try:
        open_database(temp, migrate=version < SCHEMA_VERSION)
        problems = check_report()
    except (sqlite3.Error, peewee.DatabaseError) as error:
        raise FileFault(f"{backup_file} could not be checked ({error}): choose another "
                        "backup.") from error
    finally:
        close_database()
        # The migration keeps a copy of what it changed: here, the copy of a copy.
        for extra in temp.parent.glob(f"{temp.name}?*"):
            if not extra.name.endswith(SIDE_FILES):
                with suppress(OSError):
                    extra.unlink()
    if problems:
        raise FileFault(f"{backup_file}: its stock does not match its ledger ({len(problems)} "
                        "difference(s)); choose another backup.")


def _swap(db_path: Path, temp: Path, now: datetime) -> Path | None:
    if not db_path.exists():
        os.replace(temp, db_path)
        return None
    with db_path.open("rb") as file:
        header = file.read(len(SQLITE_MAGIC))
    if header and header != SQLITE_MAGIC:
        # Not even a damaged database: more likely a wrong --db than a warehouse to replace.
        raise FileFault(f"{db_path} is not a Binwise database, so it is not replaced: check "
                        "the path given with --db. Nothing was changed.")
    aside = db_path.with_name(f"{db_path.name}.before-restore-{now:%Y-%m-%d-%H%M%S}")
    with closing(sqlite3.connect(db_path, timeout=0, isolation_level=None)) as current:
        _take_alone(current, db_path)
        # Holding the exclusive lock while the files move: no station can open the old file in
        # between; one that starts afterwards opens the restored one.
        for suffix in ("", *SIDE_FILES):
            side = Path(f"{db_path}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{aside}{suffix}"))
        try:
            os.replace(temp, db_path)
        except OSError:
            os.replace(aside, db_path)
            raise
        if current.in_transaction:
            current.execute("ROLLBACK")
    return aside


def _take_alone(current: sqlite3.Connection, db_path: Path) -> None:
    """Leave write-ahead-log mode (which folds the log into the file) and lock the file; both
    fail while any other connection, in any process, has the database open."""
    try:
        mode = current.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        current.execute("BEGIN EXCLUSIVE")
    except sqlite3.DatabaseError as error:
        if "locked" not in str(error) and "busy" not in str(error):
            # Damaged beyond opening: no station can work on it, and restoring is the cure.
            # It is kept aside all the same.
            return
        mode = "busy"
    if mode != "delete":
        raise FileFault(f"{db_path} is open in Binwise elsewhere (a window, a station or a "
                        "command): close them all, then restore again. Nothing was changed.")
