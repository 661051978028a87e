"""Transactions for user actions: check and write in one transaction, read in one snapshot.

Every user action re-reads what it depends on inside its write transaction. On SQLite a write
transaction starts with BEGIN IMMEDIATE, so the re-read already sees the last commit of every
other station; on PostgreSQL the rows a decision depends on are locked with SELECT ... FOR
UPDATE (in id order, so two stations cannot deadlock). `locked()` hides that difference.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from peewee import IntegrityError, Model

from app.core.errors import BinwiseError
from app.db.models import database
from app.db.rows import by_id_or_none
from app.db.transactions import read_snapshot


class ConflictError(BinwiseError):
    """Another station changed the same thing first; nothing was written by this action."""


def write():
    """One write transaction (a savepoint when already inside one)."""
    return database.atomic()


@contextmanager
def snapshot() -> Iterator[None]:
    """Read several tables as of one moment: one read transaction that never waits for the
    stations' writes (SQLite in WAL mode; REPEATABLE READ, READ ONLY on PostgreSQL)."""
    if database.obj.transaction_depth() > 0:
        # Inside a write transaction every read already sees one state.
        yield
        return
    with read_snapshot():
        yield


def locked(query: Any) -> Any:
    """`query` with FOR UPDATE where the database has row locks (SQLite locks the whole file
    for the write transaction instead and refuses FOR UPDATE)."""
    db = database.obj
    return query.for_update() if getattr(db, "for_update", False) else query


def reread(model: type[Model], row_id: int) -> Any:
    """The row as it is now, inside the caller's write transaction, locked until it ends.
    (A fixed statement per model: actions re-read on every scan, and building the query cost
    more than running it.)"""
    return by_id_or_none(model, row_id, for_update=getattr(database.obj, "for_update", False))


def compare_and_set(model: type[Model], row_id: int, field: str, expected: str | tuple[str, ...],
                    new: str, refusal: str, **also: Any) -> None:
    """Set `field` to `new` only if it still holds `expected` (one value or several); zero rows
    changed means another station got there first, and the action is refused with `refusal`."""
    column = getattr(model, field)
    allowed = (expected,) if isinstance(expected, str) else tuple(expected)
    changed = (model.update({column: new, **{getattr(model, k): v for k, v in also.items()}})
               .where((model.id == row_id) & column.in_(allowed)).execute())
    if changed == 0:
        raise ConflictError(refusal)


@contextmanager
def unique_or(refusal: str) -> Iterator[None]:
    """Turn a unique-index violation into a clear refusal; the savepoint keeps the caller's
    transaction usable (PostgreSQL aborts a transaction on any error inside it)."""
    try:
        with database.atomic():
            yield
    except IntegrityError as error:
        if "unique" not in str(error).lower() and "duplicate" not in str(error).lower():
            raise
        raise ConflictError(refusal) from None
