"""Long read-only checks of a SQLite file on several connections at once, all in one snapshot.

`binwise check` compares millions of moves with every balance. SQLite runs one statement on
one core; split into parts, the check runs on every core the machine has, each part on its own
connection. For the parts to agree they must all see the file as of one moment: the write lock
is held (for the few milliseconds it takes each reader to start its read transaction) so that
nothing commits between their snapshots, then released before any part runs. Writers wait
that long at most; the readers never block them afterwards (WAL).

The readers map the file into memory (read-only, so a failing disk cannot corrupt anything)
instead of copying every page through read(): the check reads the whole ledger's indexes once.
"""

import os
import queue
import sqlite3
import threading
from collections.abc import Sequence

from peewee import SqliteDatabase

from app.db.models import database
from app.db.retry import HEADLESS_PATIENCE_S

Job = tuple[str, Sequence]
MMAP_BYTES = 1 << 32


def available() -> bool:
    """Whether the open database is a SQLite file that is not inside a transaction (a reader
    inside one must see what that transaction sees: its own connection)."""
    db = database.obj
    return isinstance(db, SqliteDatabase) and db.database != ":memory:" \
        and not db.in_transaction()


def _reader(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                                 timeout=HEADLESS_PATIENCE_S)
    connection.execute("PRAGMA query_only = 1")
    connection.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    connection.execute("PRAGMA cache_size = -32000")
    return connection


def snapshot_reads(jobs: list[Job], workers: int | None = None) -> list[list[tuple]]:
    """Run every (sql, params) job and return its rows, in the order of `jobs`. Jobs are taken
    in the order given by as many connections as there are CPUs (at most `workers`); put the
    longest first. Needs `available()`."""
    path = database.obj.database
    count = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    readers = [_reader(path) for _ in range(count)]
    try:
        _start_together(path, readers)
        results: list[list[tuple] | None] = [None] * len(jobs)
        errors: list[BaseException] = []
        todo: queue.SimpleQueue[int] = queue.SimpleQueue()
        for index in range(len(jobs)):
            todo.put(index)

        def work(connection: sqlite3.Connection) -> None:
            while not errors:
                try:
                    index = todo.get_nowait()
                except queue.Empty:
                    return
                sql, params = jobs[index]
                try:
                    results[index] = connection.execute(sql, tuple(params)).fetchall()
                except BaseException as error:  # handed to the caller's thread
                    errors.append(error)

        threads = [threading.Thread(target=work, args=(reader,), daemon=True)
                   for reader in readers[1:]]
        for thread in threads:
            thread.start()
        work(readers[0])
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        return [rows or [] for rows in results]
    finally:
        for reader in readers:
            reader.close()


def _start_together(path: str, readers: list[sqlite3.Connection]) -> None:
    holder = sqlite3.connect(path, isolation_level=None, timeout=HEADLESS_PATIENCE_S)
    try:
        holder.execute("BEGIN IMMEDIATE")
        try:
            for reader in readers:
                reader.execute("BEGIN")
                # The first read fixes this connection's snapshot.
                reader.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        finally:
            holder.execute("ROLLBACK")
    finally:
        holder.close()
