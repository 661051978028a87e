"""`check` on a SQLite file runs its parts side by side on their own connections, in one
snapshot: it finds exactly what the one-statement check finds, and what commits meanwhile
does not disturb it."""

import sqlite3

import pytest

from app.core import ledger
from app.core.locations import DOCK, PACKING, SUPPLIER, system_location
from app.core.stock import check_report
from app.db import parallel_reads
from app.db.models import Item, Location, Lot, Quant, User, database


@pytest.fixture
def stocked(db_path, db):
    user = User.get(User.name == "operator").id
    plain = Item.create(sku="PLAIN", name="Plain")
    tracked = Item.create(sku="TRACKED", name="Tracked", tracking="lot")
    lot = Lot.create(item=tracked, code="L1")
    bins = [Location.create(code=f"A-0{i}", kind="bin") for i in range(1, 4)]
    dock, supplier = system_location(DOCK).id, system_location(SUPPLIER).id
    pack = system_location(PACKING).id
    ledger.post([ledger.MoveRequest(plain.id, None, supplier, dock, 20, "receipt"),
                 ledger.MoveRequest(tracked.id, lot.id, supplier, dock, 9, "receipt")], user)
    ledger.post([ledger.MoveRequest(plain.id, None, dock, bins[0].id, 8, "putaway"),
                 ledger.MoveRequest(tracked.id, lot.id, dock, bins[1].id, 9, "putaway"),
                 ledger.MoveRequest(plain.id, None, bins[0].id, pack, 3, "pick")], user)
    return {"user": user, "plain": plain, "tracked": tracked, "lot": lot, "bins": bins,
            "dock": dock, "pack": pack, "supplier": supplier, "path": str(db_path)}


def _serial(monkeypatch) -> list:
    monkeypatch.setattr(parallel_reads, "available", lambda: False)
    found = ledger.recompute()
    monkeypatch.undo()
    return found


def test_the_parts_side_by_side_find_what_one_statement_finds(stocked, monkeypatch):
    assert parallel_reads.available()
    assert ledger.recompute() == [] == _serial(monkeypatch)
    plain, tracked, lot, bins = (stocked[k] for k in ("plain", "tracked", "lot", "bins"))
    # Every kind of damage: a balance changed in a bin, in the dock and in packing, one
    # deleted, one no move explains, and moves out of a place nothing ever came into.
    Quant.update(qty=6).where((Quant.item == plain.id) & (Quant.location == bins[0].id)).execute()
    Quant.update(qty=11).where(Quant.location == stocked["dock"]).execute()
    Quant.update(qty=1).where(Quant.location == stocked["pack"]).execute()
    Quant.delete().where(Quant.lot == lot.id).execute()
    Quant.create(item=plain.id, location=bins[2].id, qty=4)
    database.execute_sql(
        "INSERT INTO move (item_id, src_id, dst_id, qty, kind, user_id, created_at, note) "
        "VALUES (?, ?, ?, 2, 'transfer', ?, '2026-01-01 10:00:00', '')",
        (tracked.id, bins[2].id, bins[0].id, stocked["user"]))
    found = ledger.recompute()
    assert found == _serial(monkeypatch)
    assert len(found) == 7
    assert len(check_report()) == 7


def test_the_readers_all_see_one_moment(stocked):
    readers = [parallel_reads._reader(stocked["path"]) for _ in range(2)]
    try:
        parallel_reads._start_together(stocked["path"], readers)
        writer = sqlite3.connect(stocked["path"])
        writer.execute("UPDATE quant SET qty = qty + 1 WHERE location_id = ?",
                       (stocked["dock"],))
        writer.commit()
        writer.close()
        seen = {reader.execute("SELECT SUM(qty) FROM quant").fetchone()[0]
                for reader in readers}
        assert seen == {29}
    finally:
        for reader in readers:
            reader.close()
    assert database.execute_sql("SELECT SUM(qty) FROM quant").fetchone()[0] == 30


def test_a_snapshot_read_inside_a_transaction_uses_that_transaction(stocked):
    with database.atomic():
        assert not parallel_reads.available()
        assert ledger.recompute() == []
