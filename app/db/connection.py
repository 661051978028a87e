"""Opening the database: a SQLite file (durable pragmas, immediate write transactions) or a
PostgreSQL server named by a URL; then migrations. Closing it quietly."""

import logging
from pathlib import Path

from peewee import Database, OperationalError, SqliteDatabase

from app.db import migrations
from app.db.models import database
from app.db.postgres import BinwisePostgresqlDatabase, connect_params
from app.db.retry import BUSY_TIMEOUT_MS, WaitingSqliteDatabase
from app.paths import database_label, is_database_url

log = logging.getLogger(__name__)

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


def open_database(target: str | Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the database at `target`, bind the models and migrate it.

    `target` is a SQLite file path or a `postgresql://user:pass@host[:port]/db` URL. On SQLite
    every transaction starts with BEGIN IMMEDIATE so that two stations on one file serialise
    their writes instead of failing half way; on PostgreSQL every transaction takes the same
    kind of write lock (see app/db/postgres.py).
    """
    close_database()
    db = connect(target)
    database.initialize(db)
    if migrate:
        migrations.migrate(db, None if is_database_url(target) else Path(target))
    return db


class DatabaseUnavailableError(RuntimeError):
    """The PostgreSQL server cannot be reached or refuses us; the message says why."""


def connect(target: str | Path) -> Database:
    """Connect to the database at `target` without binding the models to it (open_database
    does both); `binwise copy` holds two at once."""
    if is_database_url(target):
        db: Database = BinwisePostgresqlDatabase(**connect_params(str(target)))
        try:
            db.connect()
        except OperationalError as error:
            # psycopg2's first line names the cause: host unreachable, password, no database.
            reason = str(error).strip().splitlines()[0] if str(error).strip() else "no answer"
            raise DatabaseUnavailableError(
                f"cannot connect to {database_label(str(target))}: {reason}") from None
        return db
    else:
        path = Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        # A writer that meets another's lock waits its turn (app/db/retry.py).
        db = WaitingSqliteDatabase(str(path), pragmas=PRAGMAS, lock_type="IMMEDIATE",
                                   check_same_thread=False)
    db.connect()
    return db


def execute_many(sql: str, rows: list, db: Database | None = None) -> None:
    """Run one statement for many rows of parameters, in SQLite's placeholder style."""
    db = db or database.obj
    if isinstance(db, BinwisePostgresqlDatabase):
        db.execute_many(sql, rows)
    else:
        db.cursor().executemany(sql, rows)


def is_sqlite() -> bool:
    return isinstance(database.obj, SqliteDatabase)


def checkpoint() -> None:
    """Copy the write-ahead log into the database file without waiting for readers; call it
    when the station is idle, so scans do not pay for it. Nothing to do on PostgreSQL."""
    db = database.obj
    if isinstance(db, SqliteDatabase) and not db.is_closed():
        _quietly(db, "PRAGMA wal_checkpoint(PASSIVE)")


def _quietly(db: Database, sql: str) -> None:
    # Housekeeping is best effort: another station holding the lock must never turn a command
    # that already did its work into a failure.
    try:
        db.execute_sql(sql)
    except OperationalError as error:
        log.info("skipped %s: %s", sql, error)


def close_database() -> None:
    db = database.obj
    if db is None or db.is_closed():
        return
    try:
        if isinstance(db, SqliteDatabase) and not db.in_transaction():
            # Never wait for another station's lock just to refresh statistics.
            _quietly(db, "PRAGMA busy_timeout = 0")
            _quietly(db, "PRAGMA optimize")
    finally:
        db.close()
