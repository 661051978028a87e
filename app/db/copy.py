"""`binwise copy`: move a whole warehouse between SQLite and PostgreSQL, ids kept.

Both sides are brought to the same schema version first. The target must hold no warehouse
yet: only what a new database starts with (the system locations and the first operator),
which the copy replaces. Every table is copied in one transaction on the target, parents
before children, rows in id order (a bin's zone, a reversing move's original and a recount's
first count always have smaller ids); PostgreSQL's id sequences are then moved past the copied
ids so the next row gets a new one.
"""

from collections.abc import Callable
from pathlib import Path

from peewee import Database, PostgresqlDatabase

from app.db import migrations
from app.db.connection import close_database, connect, execute_many
from app.db.postgres import BinwisePostgresqlDatabase
from app.errors import BinwiseError

BATCH = 5000
# A new database holds these and nothing else.
_NEW_DATABASE_ROWS = {"location": len(migrations.SYSTEM_LOCATIONS) + 1, "user": 1}
_BOOKKEEPING = {"schema_version"}


def _tables(db: Database) -> list[str]:
    return [t for t in db.get_tables() if t not in _BOOKKEEPING and not t.startswith("sqlite_")]


def _in_dependency_order(db: Database, tables: list[str]) -> list[str]:
    parents = {t: {fk.dest_table for fk in db.get_foreign_keys(t)} - {t} for t in tables}
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = sorted(t for t in tables if t not in ordered and parents[t] <= set(ordered))
        if not ready:
            raise BinwiseError("The tables' foreign keys form a cycle; cannot copy.")
        ordered += ready
    return ordered


def _count(db: Database, table: str) -> int:
    return db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]


def _refuse_a_warehouse(db: Database, label: str) -> None:
    for table in _tables(db):
        if _count(db, table) > _NEW_DATABASE_ROWS.get(table, 0):
            raise BinwiseError(f"{label} already holds a warehouse ({table} has rows); copy "
                               "only into a new, empty database.")


def _boolean_columns(db: Database, table: str) -> set[str]:
    if not isinstance(db, PostgresqlDatabase):
        return set()
    return {c.name for c in db.get_columns(table) if c.data_type.lower() == "boolean"}


def _copy_table(source: Database, target: Database, table: str) -> int:
    columns = [c.name for c in source.get_columns(table)]
    wanted = {c.name for c in target.get_columns(table)}
    missing = set(columns) ^ wanted
    if missing:
        raise BinwiseError(f"Table {table} differs between the two databases "
                           f"({', '.join(sorted(missing))}); update Binwise on both sides.")
    booleans = [columns.index(c) for c in _boolean_columns(target, table)]
    names = ", ".join(f'"{c}"' for c in columns)
    insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
    order = "id" if "id" in columns else columns[0]
    cursor = source.execute_sql(f'SELECT {names} FROM "{table}" ORDER BY "{order}"')
    copied = 0
    while rows := cursor.fetchmany(BATCH):
        if booleans:  # SQLite keeps booleans as 0/1
            rows = [tuple(bool(v) if i in booleans and v is not None else v
                          for i, v in enumerate(row)) for row in rows]
        if isinstance(target, BinwisePostgresqlDatabase):
            target.insert_rows(table, columns, rows)
        else:
            execute_many(insert, rows, db=target)
        copied += len(rows)
    return copied


def _reset_sequences(db: Database, tables: list[str]) -> None:
    if not isinstance(db, PostgresqlDatabase):
        return
    for table in tables:
        if "id" not in {c.name for c in db.get_columns(table)} or db.execute_sql(
                "SELECT pg_get_serial_sequence(?, 'id')", (f'"{table}"',)).fetchone()[0] is None:
            continue
        db.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                       f'COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "{table}"')


def copy_warehouse(source_target: str | Path, to: str | Path,
                   progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Copy the warehouse at `source_target` into the new database `to`; returns the number
    of rows per table."""
    close_database()
    source = connect(source_target)
    target = connect(to)
    try:
        migrations.migrate(source, None if isinstance(source_target, str) else
                           Path(source_target))
        migrations.migrate(target)
        _refuse_a_warehouse(target, "The target")
        tables = _in_dependency_order(source, _tables(source))
        missing = set(tables) - set(_tables(target))
        if missing:
            raise BinwiseError(f"The target lacks {', '.join(sorted(missing))}.")
        counts: dict[str, int] = {}
        # A snapshot of the source, so a station still working cannot tear the copy.
        with source.atomic(), target.atomic():
            for table in reversed(tables):
                # SQLite checks RESTRICT row by row: a parent must lose its children first.
                for fk in target.get_foreign_keys(table):
                    if fk.dest_table == table:
                        target.execute_sql(f'UPDATE "{table}" SET "{fk.column}" = NULL')
                target.execute_sql(f'DELETE FROM "{table}"')
            for table in tables:
                counts[table] = _copy_table(source, target, table)
                if progress:
                    progress(table, counts[table])
            _reset_sequences(target, tables)
        return counts
    finally:
        source.close()
        target.close()
