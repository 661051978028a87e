"""Write transactions that hold on any number of stations, on SQLite and on PostgreSQL.

- `write_transaction()`: a transaction that serialises with every other writer before it
  reads what it will decide on. SQLite: BEGIN IMMEDIATE (the file's write lock). PostgreSQL:
  the same through one transaction-scoped advisory lock (see app/db/postgres.py). Nested, it
  is a savepoint inside the outer one. `database.atomic()` is the same thing.
- `read_snapshot()`: a read-only transaction that sees every table as of one moment, for
  readers that compare tables (`check`, reports, exports). SQLite: a deferred transaction (in
  WAL mode it reads one snapshot and never blocks writers). PostgreSQL: REPEATABLE READ, READ
  ONLY, without the write lock.
- `lock_rows(...)`: on PostgreSQL, also lock the rows a decision rests on (`FOR UPDATE`, in
  id order so that two stations can never deadlock), for writers that do not go through
  `write_transaction()`. On SQLite the write lock already covers every row.
- `run_in_transaction(action)`: run an action in a write transaction, retrying it a few times
  when PostgreSQL aborts it for a serialization failure or a deadlock, or SQLite stays busy.
"""

import time
from collections.abc import Callable
from typing import TypeVar

from peewee import OperationalError, PostgresqlDatabase

from app.db.models import database

T = TypeVar("T")

# PostgreSQL's serialization_failure and deadlock_detected.
_RETRY_CODES = {"40001", "40P01"}
ATTEMPTS = 4


class ConflictError(RuntimeError):
    """Another station kept changing the same stock; the action was not done."""


def write_transaction():
    return database.atomic()


def read_snapshot():
    return database.atomic("DEFERRED")


def lock_rows(table: str, where: str, params: tuple = ()) -> list[int]:
    """Lock the rows of `table` matching `where` for the rest of the transaction, in id order;
    returns their ids. A no-op that returns [] on SQLite."""
    if not isinstance(database.obj, PostgresqlDatabase):
        return []
    rows = database.execute_sql(
        f'SELECT id FROM "{table}" WHERE {where} ORDER BY id FOR UPDATE', params)
    return [row[0] for row in rows]


def _worth_retrying(error: Exception) -> bool:
    # psycopg2 raises these itself (peewee does not wrap TransactionRollbackError); peewee's
    # wrappers keep the driver's error as their first argument.
    for candidate in (error, error.args[0] if error.args else None):
        if getattr(candidate, "pgcode", None) in _RETRY_CODES:
            return True
    return isinstance(error, OperationalError) and "database is locked" in str(error)


def run_in_transaction(action: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """`action()` inside one write transaction; retried from the start (it must re-read what
    it depends on) when the database says another transaction got in the way."""
    for attempt in range(1, attempts + 1):
        try:
            with write_transaction():
                return action()
        except Exception as error:
            if not _worth_retrying(error) or database.in_transaction():
                raise
            if attempt == attempts:
                raise ConflictError("Other stations kept changing the same stock; nothing was "
                                    "done. Try again.") from error
            time.sleep(0.01 * 2 ** attempt)
    raise AssertionError("unreachable")
