"""Opening the SQLite file: durable pragmas, immediate write transactions, migrations."""

from pathlib import Path

from peewee import OperationalError

from app.db import migrations
from app.db.models import database
from app.db.retry import BUSY_TIMEOUT_MS, WaitingSqliteDatabase

PRAGMAS = {
    "journal_mode": "wal",
    # A scan's commit must survive a power cut before its success sound plays.
    "synchronous": "full",
    "foreign_keys": 1,
    # Short: a writer that meets the lock polls for it in app/db/retry.py.
    "busy_timeout": BUSY_TIMEOUT_MS,
    "cache_size": -32000,
    # Checkpoints happen when a station is idle (see checkpoint()); this is the backstop, so
    # that a scan's commit rarely pays for one.
    "wal_autocheckpoint": 8000,
}


def open_database(path: str | Path, *, migrate: bool = True) -> WaitingSqliteDatabase:
    """Open (creating if needed) the database at `path`, bind the models and migrate it.

    Every transaction starts with BEGIN IMMEDIATE so that two stations on one file serialise
    their writes instead of failing half way; a writer that meets the lock waits its turn.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    close_database()
    db = WaitingSqliteDatabase(str(path), pragmas=PRAGMAS, lock_type="IMMEDIATE",
                        check_same_thread=False)
    database.initialize(db)
    db.connect()
    if migrate:
        migrations.migrate(db, path)
    return db


def checkpoint() -> None:
    """Copy the write-ahead log into the database file without waiting for readers; call it
    when the station is idle, so scans do not pay for it."""
    db = database.obj
    if db is not None and not db.is_closed():
        db.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        try:
            db.execute_sql("PRAGMA optimize")
        except OperationalError:
            # Fresh statistics are a nicety: while another station writes, SQLite may refuse
            # the ANALYZE behind this, and a command that did its work must not end in an error.
            pass
        finally:
            db.close()
