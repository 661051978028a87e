"""Opening the database: durable pragmas, schema versions, migrations with a backup."""

import subprocess
import sys

import pytest

from app.db import close_database, migrations, open_database, retry
from app.db.models import Location, User
from tests.pg import only_sqlite


@only_sqlite
def test_pragmas_and_system_rows(db):
    pragma = lambda name: db.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    # SQLite waits a moment itself; app/db/retry.py then keeps a writer waiting far longer.
    assert pragma("busy_timeout") >= 1
    assert retry.patience() is None or retry.patience() >= 1
    assert pragma("user_version") == migrations.SCHEMA_VERSION
    assert {loc.code for loc in Location.select()} >= {"WH", "DOCK", "PACK", "SUPPLIER",
                                                       "CUSTOMER", "LOSS"}
    assert User.get(User.name == "operator")


def test_a_new_database_has_the_system_rows_and_the_version(db):
    assert migrations.current_version(db) == migrations.SCHEMA_VERSION
    assert {loc.code for loc in Location.select()} >= {"WH", "DOCK", "PACK", "SUPPLIER",
                                                       "CUSTOMER", "LOSS"}
    assert Location.get(Location.code == "DOCK").parent.code == "WH"
    assert User.get(User.name == "operator")


def test_reopening_does_not_migrate_twice(db_path):
    open_database(db_path)
    close_database()
    db = open_database(db_path)
    assert Location.select().where(Location.code == "DOCK").count() == 1
    assert db.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION


def test_a_new_step_runs_once_with_a_backup(db_path, monkeypatch):
    def add_note_table(db):
        db.execute_sql("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")

    monkeypatch.setattr(migrations, "STEPS", migrations.STEPS + [add_note_table])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(migrations.STEPS))
    db = open_database(db_path)
    assert "note" in db.get_tables()
    assert db.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    backup = db_path.with_name(f"{db_path.name}.v{migrations.SCHEMA_VERSION - 1}.bak")
    assert backup.exists()


def test_a_failing_step_leaves_the_version_unchanged(db_path, monkeypatch):
    def broken(db):
        db.execute_sql("CREATE TABLE half (id INTEGER PRIMARY KEY)")
        raise RuntimeError("step failed")

    monkeypatch.setattr(migrations, "STEPS", migrations.STEPS + [broken])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(migrations.STEPS))
    with pytest.raises(RuntimeError):
        open_database(db_path)
    close_database()
    monkeypatch.undo()
    db = open_database(db_path)
    assert "half" not in db.get_tables()
    assert db.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION


def test_a_newer_database_is_refused(db_path):
    db = open_database(db_path)
    db.execute_sql(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    close_database()
    with pytest.raises(migrations.SchemaTooNewError, match="newer Binwise"):
        open_database(db_path)


def test_core_layers_never_load_qt():
    code = ("import sys, app.db, app.core.ledger, app.core.receiving, app.stations.receive, "
            "app.stations.replay, app.scanning.decode, app.scanning.resolve, "
            "app.scanning.wedge, app.config, app.cli; "
            "print([m for m in sys.modules if m.startswith('PySide6')])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
