"""`binwise backup` and `binwise restore`, and the daily automatic backups: consistent copies
taken while others write, a restore that checks the backup first and keeps the current file."""

import re
import sqlite3
from datetime import date, timedelta

import pytest

from app.core.backup import DailyBackups, daily_backup
from tests import pg
from tests.cli.file_faults import one_clear_line, run

# Backups of a SQLite file; a PostgreSQL server is backed up with pg_dump (tested on SQLite runs).
pytestmark = pg.only_sqlite

STOCK = "SELECT item_id, lot_id, location_id, qty, reserved FROM quant ORDER BY id"


def _rows(path, sql=STOCK):
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def _leftovers(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith((".part", ".restoring"))
            or p.name.startswith(".")]


def test_backup_beside_the_database_named_by_date_and_time(demo, capsys):
    code, out, err = run(capsys, "--db", demo.db, "backup")
    assert code == 0, err
    copies = [p for p in demo.db.parent.iterdir()
              if re.fullmatch(r"demo-\d{4}-\d\d-\d\d-\d{6}\.sqlite", p.name)]
    assert len(copies) == 1
    assert out.startswith(f"Backed up {demo.db} to {copies[0]} (")
    assert _rows(copies[0]) == _rows(demo.db) and len(_rows(demo.db)) > 100
    # One self-contained file: nothing else is needed to restore it.
    assert not list(demo.db.parent.glob(f"{copies[0].name}-*"))
    assert _leftovers(demo.db.parent) == []


def test_backup_while_another_station_is_writing(demo, tmp_path, capsys):
    target = tmp_path / "copy.sqlite"
    station = sqlite3.connect(demo.db, isolation_level=None)
    try:
        station.execute("BEGIN IMMEDIATE")
        station.execute("UPDATE quant SET qty = qty + 1, reserved = reserved WHERE id = 1")
        # The write transaction is still open: the backup neither waits nor copies it.
        code, _, err = run(capsys, "--db", demo.db, "backup", target)
        assert code == 0, err
        station.execute("COMMIT")
    finally:
        station.close()
    assert _rows(target, "SELECT qty FROM quant WHERE id = 1")[0][0] + 1 == \
        _rows(demo.db, "SELECT qty FROM quant WHERE id = 1")[0][0]
    assert run(capsys, "--db", target, "check")[0] == 0


def test_backup_refuses_to_overwrite_and_names_missing_folders(demo, tmp_path, capsys):
    target = tmp_path / "taken.sqlite"
    target.write_text("an older backup", encoding="utf-8")
    code, _, err = run(capsys, "--db", demo.db, "backup", target)
    assert code == 2 and "already exists" in one_clear_line(err)
    assert target.read_text(encoding="utf-8") == "an older backup"
    code, _, err = run(capsys, "--db", demo.db, "backup", tmp_path / "no" / "x.sqlite")
    assert code == 2 and "not found" in one_clear_line(err)


def test_backup_of_a_database_that_does_not_exist(tmp_path, capsys):
    code, _, err = run(capsys, "--db", tmp_path / "nope.sqlite", "backup")
    assert code == 2 and "There is no warehouse" in one_clear_line(err)
    assert list(tmp_path.iterdir()) == []


def test_a_postgresql_warehouse_is_backed_up_with_its_own_tools(capsys):
    for command in (["backup"], ["restore", "x.sqlite"]):
        code, _, err = run(capsys, "--db", "postgresql://binwise@db.local/wh", *command)
        assert code == 2
        line = one_clear_line(err)
        assert "pg_dump" in line and "pg_restore" in line


# -- daily backups -------------------------------------------------------------------------

def test_daily_backups_are_kept_for_the_last_days(demo):
    folder = demo.db.parent / "backups"
    folder.mkdir()
    mine = folder / "before-the-move.sqlite"
    mine.write_text("kept by hand", encoding="utf-8")
    start = date(2026, 3, 1)
    for day in range(10):
        assert daily_backup(demo.db, keep=7, today=start + timedelta(days=day)) is not None
    assert daily_backup(demo.db, keep=7, today=start + timedelta(days=9)) is None  # once a day
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["before-the-move.sqlite"] + [
        f"demo-daily-2026-03-{d:02d}.sqlite" for d in range(4, 11)]
    assert _rows(folder / "demo-daily-2026-03-10.sqlite") == _rows(demo.db)


def test_no_daily_backups_when_the_setting_is_zero(demo):
    assert daily_backup(demo.db, keep=0) is None
    assert not (demo.db.parent / "backups").exists()


def test_daily_backups_run_off_the_scan_once_a_day(demo):
    daily = DailyBackups(demo.db, keep=3)
    daily.due(date(2026, 3, 1))
    daily.wait(60)
    for _ in range(5):
        daily.due(date(2026, 3, 1))  # every scan that day: nothing more
    daily.wait(60)
    daily.due(date(2026, 3, 2))  # the first scan of the next day
    daily.wait(60)
    assert [p.name for p in daily.taken] == ["demo-daily-2026-03-01.sqlite",
                                             "demo-daily-2026-03-02.sqlite"]


def test_a_failed_daily_backup_does_not_stop_the_station(demo, caplog):
    (demo.db.parent / "backups").write_text("a file where the folder goes", encoding="utf-8")
    daily = DailyBackups(demo.db)
    with caplog.at_level("WARNING", logger="app.core.backup"):
        daily.due()
        daily.wait(60)
    assert daily.taken == []
    assert "The daily backup of" in caplog.text and "already exists" in caplog.text


# -- restore -------------------------------------------------------------------------------

def test_restore_puts_the_backup_in_place_and_keeps_the_current_file(demo, tmp_path, capsys):
    backup = tmp_path / "monday.sqlite"
    assert run(capsys, "--db", demo.db, "backup", backup)[0] == 0
    monday = _rows(demo.db)
    demo.execute("DELETE FROM count_line")  # a day's work later...
    demo.execute("UPDATE item SET name = 'Renamed' WHERE id = 1")
    tuesday = demo.dump()
    code, out, err = run(capsys, "--db", demo.db, "restore", backup)
    assert code == 0, err
    aside = [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]
    assert len(aside) == 1 and re.fullmatch(
        r"demo\.sqlite\.before-restore-\d{4}-\d\d-\d\d-\d{6}", aside[0].name)
    assert f"kept as {aside[0]}" in out
    assert _rows(demo.db) == monday
    assert _rows(demo.db, "SELECT name FROM item WHERE id = 1") != [("Renamed",)]
    assert _rows(aside[0], "SELECT name FROM item WHERE id = 1") == [("Renamed",)]
    assert sum(len(v) for v in tuesday.values()) == sum(
        len(_rows(aside[0], f'SELECT * FROM "{t}"')) for t in tuesday)
    assert run(capsys, "--db", demo.db, "check")[0] == 0
    assert backup.is_file() and _leftovers(tmp_path) == []


def _bad_backups(demo, tmp_path):
    good = tmp_path / "good.sqlite"
    demo.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    good.write_bytes(demo.db.read_bytes())
    text = tmp_path / "notes.sqlite"
    text.write_text("not a backup\n", encoding="utf-8")
    truncated = tmp_path / "truncated.sqlite"
    truncated.write_bytes(good.read_bytes()[:len(good.read_bytes()) // 2])
    newer = tmp_path / "newer.sqlite"
    newer.write_bytes(good.read_bytes())
    with sqlite3.connect(newer) as raw:
        raw.execute("PRAGMA user_version = 999")
    mismatch = tmp_path / "mismatch.sqlite"
    mismatch.write_bytes(good.read_bytes())
    with sqlite3.connect(mismatch) as raw:
        raw.execute("UPDATE quant SET qty = qty + 5 WHERE id = 1")
    return {"not a Binwise database": text, "cannot be read": truncated,
            "newer Binwise": newer, "does not match its ledger": mismatch,
            "No backup at": tmp_path / "missing.sqlite"}


@pytest.mark.parametrize("problem", ["not a Binwise database", "cannot be read",
                                     "newer Binwise", "does not match its ledger",
                                     "No backup at"])
def test_restore_refuses_a_bad_backup_and_changes_nothing(demo, tmp_path, capsys, problem):
    bad = _bad_backups(demo, tmp_path)[problem]
    before = demo.dump()
    files = sorted(p.name for p in tmp_path.iterdir())
    code, _, err = run(capsys, "--db", demo.db, "restore", bad)
    assert code == 2
    assert problem in one_clear_line(err)
    assert demo.dump() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files


def test_restore_refuses_while_a_station_has_the_warehouse_open(demo, tmp_path, capsys):
    backup = tmp_path / "monday.sqlite"
    assert run(capsys, "--db", demo.db, "backup", backup)[0] == 0
    station = sqlite3.connect(demo.db)
    try:
        station.execute("SELECT COUNT(*) FROM quant").fetchone()  # open, idle
        code, _, err = run(capsys, "--db", demo.db, "restore", backup)
    finally:
        station.close()
    assert code == 2
    assert "close them all" in one_clear_line(err)
    assert not [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]
    assert _leftovers(tmp_path) == []


def test_restore_over_a_damaged_warehouse(demo, tmp_path, capsys):
    backup = tmp_path / "monday.sqlite"
    assert run(capsys, "--db", demo.db, "backup", backup)[0] == 0
    good = _rows(demo.db)
    damaged = demo.db.read_bytes()[:len(demo.db.read_bytes()) // 2]
    demo.db.write_bytes(damaged)
    assert run(capsys, "--db", demo.db, "check")[0] == 2
    code, out, err = run(capsys, "--db", demo.db, "restore", backup)
    assert code == 0, err
    assert _rows(demo.db) == good
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("demo.sqlite.before-restore-")
             and not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged


def test_restore_does_not_replace_a_file_that_is_no_database(tmp_path, demo, capsys):
    backup = tmp_path / "monday.sqlite"
    assert run(capsys, "--db", demo.db, "backup", backup)[0] == 0
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", notes, "restore", backup)
    assert code == 2 and "is not replaced" in one_clear_line(err)
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    assert _leftovers(tmp_path) == []


def test_restore_a_backup_from_an_older_binwise(db_path, tmp_path, capsys):
    from app.db import close_database, migrations, open_database

    old = tmp_path / "old" / "2025.sqlite"
    old.parent.mkdir()
    database = open_database(old, migrate=False)
    for step in migrations.STEPS[:3]:
        with database.atomic():
            step(database)
    database.execute_sql("PRAGMA user_version = 3")
    close_database()
    code, out, err = run(capsys, "--db", db_path, "restore", old)
    assert code == 0, err
    assert _rows(db_path, "PRAGMA user_version") == [(migrations.SCHEMA_VERSION,)]
    assert run(capsys, "--db", db_path, "check")[0] == 0
    # Nothing but the restored file and the one kept aside: no copy of the migration's copy.
    assert all(p.name == "warehouse.sqlite" or p.name.startswith(
        "warehouse.sqlite.before-restore-") for p in tmp_path.iterdir() if p.is_file())
    assert [p.name for p in old.parent.iterdir()] == ["2025.sqlite"]


def test_restore_refuses_a_backup_it_cannot_check(demo, tmp_path, capsys):
    broken = tmp_path / "broken.sqlite"
    demo.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    broken.write_bytes(demo.db.read_bytes())
    with sqlite3.connect(broken) as raw:
        raw.execute("ALTER TABLE move RENAME COLUMN qty TO quantity")
    before = demo.dump()
    code, _, err = run(capsys, "--db", demo.db, "restore", broken)
    assert code == 2
    assert "could not be checked" in one_clear_line(err)
    assert demo.dump() == before
    assert _leftovers(tmp_path) == []
