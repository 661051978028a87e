"""A scan that meets another process's write transaction waits its turn and is booked; headless
commands wait a bounded time and then say so."""

import subprocess
import sys
import time

import pytest

from app.db import retry
from app.db.models import Move
from app.stations.base import Level, Scan
from tests.lock_holder import hold_lock


@pytest.fixture
def patient():
    before = retry.patience()
    retry.set_patience(None)
    yield
    retry.set_patience(before)


def test_a_scan_waits_for_another_writer_and_is_booked(station, db_path, patient):
    station.handle(Scan("PO-1001"))
    # Longer than SQLite's own busy timeout ever was (5 s): testers saw scans refused then.
    holder = hold_lock(db_path, 5.5)
    started = time.monotonic()
    first = station.handle(Scan("4012345000016"))
    second = station.handle(Scan("MUG-01,3"))
    waited = time.monotonic() - started
    holder.wait(10)
    assert first.level is Level.OK and second.level is Level.OK
    assert waited >= 5.0  # it really met the lock
    moves = list(Move.select().order_by(Move.id))
    assert [m.qty for m in moves] == [1, 3]  # booked once each, in the order scanned


def test_a_headless_writer_gives_up_after_its_patience(station, db_path, monkeypatch):
    monkeypatch.setattr(retry, "_patience", 0.3)
    station.handle(Scan("PO-1001"))
    holder = hold_lock(db_path, 2)
    try:
        with pytest.raises(retry.DatabaseBusyError, match="busy.*Nothing was changed"):
            station.handle(Scan("4012345000016"))
    finally:
        holder.wait(10)
    assert Move.select().count() == 0


def test_the_command_line_says_the_database_was_busy(db_path, tmp_path):
    items = tmp_path / "items.csv"
    items.write_text("sku,name\nMUG-01,Mug\n")
    holder = hold_lock(db_path, 4)
    try:
        result = subprocess.run(
            [sys.executable, "-c", "import sys; from app.db import retry; "
             "retry.set_patience(0.5); from app.cli import main; sys.exit(main(sys.argv[1:]))",
             "--db", str(db_path), "import", "items", str(items)],
            capture_output=True, text=True, timeout=30)
    finally:
        holder.wait(10)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "database is busy" in result.stderr
