"""Upgrading databases of every earlier schema version, and the same schema however a database
was made: upgraded from version 1, new on SQLite, new on PostgreSQL."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from peewee import TextField

from app.core.stock import check_report, stock_rows
from app.db import close_database, migrations, open_database
from app.db.models import SalesOrder
from tests import pg

SCHEMAS = Path(__file__).parent / "schemas"


@pytest.mark.parametrize("version", range(1, migrations.BASELINE_VERSION + 1))
def test_every_earlier_version_upgrades_and_checks_clean(version, tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(SCHEMAS / f"v{version}.sqlite", path)
    db = open_database(path)
    try:
        assert migrations.current_version(db) == migrations.SCHEMA_VERSION
        assert check_report() == []
        assert {(r["sku"], r["location"], r["qty"]) for r in stock_rows()} == {
            ("MUG-01", "A-01", 12), ("TEA-01", "A-01", 5)}
        if version >= 3:
            assert SalesOrder.get(SalesOrder.number == "so-1").status == "open"
    finally:
        close_database()
    backup = path.with_name(f"old.sqlite.v{version}.bak")
    assert backup.exists() == (version < migrations.SCHEMA_VERSION)
    if backup.exists():  # a whole database of the old version, made by SQLite's backup API
        with sqlite3.connect(backup) as copy:
            assert copy.execute("PRAGMA user_version").fetchone()[0] == version
            assert copy.execute("SELECT COUNT(*) FROM move").fetchone()[0] == 2


def _sqlite_schema(path: Path) -> dict:
    connection = sqlite3.connect(path)
    try:
        tables = [t for (t,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        schema = {}
        for table in tables:
            columns = {row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')}
            indexes = {}
            for _, name, unique, *_ in connection.execute(f'PRAGMA index_list("{table}")'):
                if name.startswith("sqlite_autoindex"):
                    continue
                indexes[name] = (bool(unique), tuple(
                    row[2] for row in connection.execute(f'PRAGMA index_info("{name}")')))
            schema[table] = (columns, indexes)
        return schema
    finally:
        connection.close()


def test_an_upgraded_database_has_the_schema_of_a_new_one(tmp_path):
    old = tmp_path / "old.sqlite"
    shutil.copy(SCHEMAS / "v1.sqlite", old)
    open_database(old)
    close_database()
    new = tmp_path / "new.sqlite"
    open_database(new)
    close_database()
    assert _sqlite_schema(old) == _sqlite_schema(new)


@pytest.mark.skipif(not pg.SERVER, reason="needs BINWISE_TEST_PG")
def test_postgresql_gets_the_same_tables_columns_and_indexes(tmp_path):
    new = tmp_path / "new.sqlite"
    open_database(new)
    close_database()
    expected = _sqlite_schema(new)
    name = pg.unique_name("schema")
    pg.create_database(pg.SERVER, name)
    try:
        db = open_database(pg.url_for(pg.SERVER, name))
        assert migrations.current_version(db) == migrations.SCHEMA_VERSION
        found = {}
        for table in expected:
            columns = {c.name for c in db.get_columns(table)}
            indexes = {i.name: i.unique for i in db.get_indexes(table)
                       if not i.name.endswith("_pkey")}
            found[table] = (columns, indexes)
        close_database()
        assert {t: (c, {n: u for n, (u, _) in i.items()}) for t, (c, i) in expected.items()} \
            == found
    finally:
        close_database()
        pg.drop_database(pg.SERVER, name)


def test_a_later_step_is_written_once_for_both_databases(db_url, monkeypatch):
    from playhouse.migrate import SchemaMigrator, migrate

    from app.db.models import database

    def add_item_note(db):
        migrator = SchemaMigrator.from_database(db)
        migrate(migrator.add_column("item", "note", TextField(default="")))

    open_database(db_url)
    database.execute_sql("INSERT INTO item (sku, name, tracking, uom, unit_cost, removal, "
                         "min_shelf_life_days, active) VALUES ('N-1', 'N', 'none', 'unit', "
                         "0, 'fifo', 0, ?)", (True,))
    close_database()
    monkeypatch.setattr(migrations, "STEPS", migrations.STEPS + [add_item_note])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(migrations.STEPS))
    db = open_database(db_url)
    try:
        assert "note" in {c.name for c in db.get_columns("item")}
        assert migrations.current_version(db) == migrations.SCHEMA_VERSION
        assert database.execute_sql("SELECT sku, note FROM item").fetchall() == [("N-1", "")]
    finally:
        close_database()


def test_only_corrections_are_in_the_index_that_undoes_a_move_once(db):
    """The unique index on reverses_id holds the reversing moves alone: a plain move writes
    nothing into it, a second reversal of one move is still refused by the database, and the
    "was it undone?" lookup still reads that index."""
    from peewee import IntegrityError

    from app.db.models import database

    if migrations.is_postgres(db):
        definition = database.execute_sql(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'move_reverses_once'"
        ).fetchone()[0]
    else:
        definition = database.execute_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'move_reverses_once'").fetchone()[0]
        plan = " ".join(str(row[-1]) for row in database.execute_sql(
            "EXPLAIN QUERY PLAN SELECT 1 FROM move WHERE reverses_id = ?", (1,)))
        assert "move_reverses_once" in plan
    assert "UNIQUE" in definition.upper() and "IS NOT NULL" in definition.upper()
    from app.db.models import Item, User

    user_id = User.create(name="u").id
    item_id = Item.create(sku="R-1", name="R").id
    places = dict(database.execute_sql("SELECT code, id FROM location WHERE code IN "
                                       "('SUPPLIER', 'DOCK')"))
    insert = ("INSERT INTO move (item_id, src_id, dst_id, qty, kind, reverses_id, user_id, "
              "created_at, note) VALUES (?, ?, ?, 1, 'receipt', ?, ?, '2026-01-01', '') "
              "RETURNING id")
    first = database.execute_sql(insert, (item_id, places["SUPPLIER"], places["DOCK"], None,
                                          user_id)).fetchone()[0]
    database.execute_sql(insert, (item_id, places["SUPPLIER"], places["DOCK"], None, user_id))
    database.execute_sql(insert, (item_id, places["DOCK"], places["SUPPLIER"], first, user_id))
    with pytest.raises(IntegrityError), database.atomic():
        database.execute_sql(insert, (item_id, places["DOCK"], places["SUPPLIER"], first,
                                      user_id))
