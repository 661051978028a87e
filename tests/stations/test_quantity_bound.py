"""One upper bound for every quantity: scanned, typed, GS1 counts, and the ledger itself."""

import subprocess
import sys

import pytest

from app.core import ledger
from app.core.errors import StockError
from app.core.locations import system_location
from app.core.quantities import MAX_QTY
from app.db import close_database, open_database
from app.db.models import Item, Location, Move, Quant, User
from app.stations.base import Level, Scan

from .conftest import GTIN_EXPIRY


def test_the_ledger_refuses_a_move_beyond_the_bound(db):
    user = User.get(User.name == "operator").id
    mug = Item.create(sku="MUG", name="Mug")
    bin_ = Location.create(code="A-01", kind="bin")
    request = ledger.MoveRequest(mug.id, None, system_location("SUPPLIER").id, bin_.id,
                                 MAX_QTY + 1, "receipt")
    with pytest.raises(StockError, match="1,000,000"):
        ledger.post([request], user)
    assert Move.select().count() == 0
    ledger.post([ledger.MoveRequest(mug.id, None, system_location("SUPPLIER").id, bin_.id,
                                    MAX_QTY, "receipt")], user)
    assert Quant.get().qty == MAX_QTY


@pytest.mark.parametrize("code", [
    "MUG-01,9223372036854775801",
    "MUG-01," + "1" * 31,
    "MUG-01,1000001",
    f"]C102{GTIN_EXPIRY}3799999999\x1d1727123110L1",
])
def test_a_huge_quantity_is_refused_and_books_nothing(station, code):
    station.handle(Scan("PO-1001"))
    feedback = station.handle(Scan(code, source="replay"))
    assert feedback.level is Level.ERROR
    assert "at most 1,000,000" in feedback.message
    assert Move.select().count() == 0
    assert station.awaiting == "item"


def test_a_typed_quantity_times_a_gs1_count_is_bounded_too(station, po):
    station.handle(Scan("PO-1001"))
    station.enter("99999")
    feedback = station.handle(Scan(f"]C102{GTIN_EXPIRY}37500\x1d1727123110L1"))
    assert feedback.level is Level.ERROR and "at most 1,000,000" in feedback.message
    assert Move.select().count() == 0


def test_replay_refuses_huge_quantities_without_a_traceback(po, db_path, tmp_path):
    close_database()
    scans = tmp_path / "scans.txt"
    scans.write_text("PO-1001\nMUG-01,9223372036854775801\nMUG-01,"
                     + "1" * 31 + "\nMUG-01,2\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "app", "--db", str(db_path), "replay",
                             "--station", "receive", str(scans)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "2 refused." in result.stdout
    open_database(db_path)
    assert [m.qty for m in Move.select()] == [2]
