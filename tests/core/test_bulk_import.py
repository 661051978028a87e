"""Large imports: checked whole before writing, written in short transactions, and still all or
nothing when a late chunk fails."""

import time

import pytest

from app.core import bulk, item_import
from app.core.catalog import gtin_check_digit
from app.core.errors import ImportFileError
from app.db.models import Item, ItemBarcode


def gtin(n: int) -> str:
    body = f"40{n:010d}"
    return body + str(gtin_check_digit(body))


def items_file(tmp_path, count: int):
    path = tmp_path / "items.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("sku,name,barcode\n")
        for n in range(count):
            out.write(f"SKU-{n:05d},Item {n},{gtin(n)}\n")
    return path


@pytest.fixture
def small_chunks(monkeypatch):
    """Batches of 100 rows, one batch a transaction: a few thousand rows make many chunks."""
    monkeypatch.setattr(item_import, "ITEM_BATCH", 100)
    monkeypatch.setattr(bulk, "CHUNK_SECONDS", 0.0)


@pytest.fixture
def transactions(db, monkeypatch):
    """The length of every write transaction, from holding the lock to committing."""
    lengths: list[float] = []
    started: list[float] = []
    begin, commit, rollback = db.begin, db.commit, db.rollback

    def timed_begin(*args, **kwargs):
        begin(*args, **kwargs)
        started.append(time.monotonic())

    def ended(end):
        def wrapper(*args, **kwargs):
            try:
                return end(*args, **kwargs)
            finally:
                if started:
                    lengths.append(time.monotonic() - started.pop())
        return wrapper

    monkeypatch.setattr(db, "begin", timed_begin)
    monkeypatch.setattr(db, "commit", ended(commit))
    monkeypatch.setattr(db, "rollback", ended(rollback))
    return lengths


def test_a_large_file_is_written_in_short_transactions(db, tmp_path, transactions,
                                                        monkeypatch):
    # A chunk's budget well below the whole file's writing time, even on a fast PC.
    monkeypatch.setattr(bulk, "CHUNK_SECONDS", 0.005)
    monkeypatch.setattr(item_import, "ITEM_BATCH", 500)
    path = items_file(tmp_path, 6000)
    seen: list[int] = []
    assert item_import.import_items(path, progress=seen.append) == 6000
    assert Item.select().count() == 6000 and ItemBarcode.select().count() == 6000
    assert len(transactions) > 1 and seen[-1] == 6000 and seen == sorted(seen)
    # One batch past the chunk's budget at most; far below the ~1 s any station may wait.
    assert max(transactions) < 0.5, transactions


def test_a_late_chunk_that_fails_takes_back_the_chunks_before_it(db, tmp_path, small_chunks,
                                                                 monkeypatch, transactions):
    kept = Item.create(sku="SKU-00001", name="Old name")
    path = items_file(tmp_path, 1000)
    check = item_import._check

    def another_station_meanwhile(*args):
        # Between the check and the write, another station gives row 951's barcode to an
        # item of its own: the file can no longer be imported as checked.
        check(*args)
        other = Item.create(sku="OTHER", name="Other item")
        ItemBarcode.create(item=other, code="0" + gtin(950))  # stored as 14 digits

    monkeypatch.setattr(item_import, "_check", another_station_meanwhile)
    with pytest.raises(ImportFileError, match="row 952, column 'barcode'.*OTHER"):
        item_import.import_items(path)
    assert len(transactions) > 9  # nine chunks were written before the tenth failed
    assert sorted(i.sku for i in Item.select()) == ["OTHER", "SKU-00001"]
    assert Item.get_by_id(kept.id).name == "Old name"
    assert [b.code for b in ItemBarcode.select()] == ["0" + gtin(950)]


def test_a_bad_row_at_the_end_writes_nothing_at_all(db, tmp_path, small_chunks, transactions):
    path = items_file(tmp_path, 1000)
    with path.open("a", encoding="utf-8") as out:
        out.write("SKU-LAST,Last item,4000000000001\n")  # a wrong check digit
    with pytest.raises(ImportFileError, match="row 1002, column 'barcode'"):
        item_import.import_items(path)
    assert Item.select().count() == 0
    assert transactions == []  # checked before any write lock was taken


def test_an_order_import_failing_late_takes_back_what_it_wrote(db, tmp_path, monkeypatch):
    import errno

    from app.core import order_import
    from app.db.models import SalesOrder, SalesOrderLine

    Item.create(sku="MUG-01", name="Mug")
    monkeypatch.setattr(order_import, "ORDER_BATCH", 10)
    monkeypatch.setattr(bulk, "CHUNK_SECONDS", 0.0)
    path = tmp_path / "orders.csv"
    path.write_text("order,sku,qty\n" + "".join(f"SO-{n:03d},MUG-01,1\n" for n in range(100)))
    calls = []

    def disk_fills_up(written):
        # Half the file is written in chunks when the disk fills up.
        calls.append(written)
        if written == 50:
            raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        order_import.import_orders(path, allocate=False, progress=disk_fills_up)
    assert calls == [10, 20, 30, 40, 50]
    assert SalesOrder.select().count() == 0
    assert SalesOrderLine.select().count() == 0


def test_an_order_another_station_imports_meanwhile_is_skipped_not_doubled(db, tmp_path,
                                                                             monkeypatch):
    from app.core import order_import
    from app.db.models import SalesOrder, SalesOrderLine

    Item.create(sku="MUG-01", name="Mug")
    monkeypatch.setattr(order_import, "ORDER_BATCH", 10)
    monkeypatch.setattr(bulk, "CHUNK_SECONDS", 0.0)
    path = tmp_path / "orders.csv"
    path.write_text("order,sku,qty\n" + "".join(f"SO-{n:03d},MUG-01,1\n" for n in range(100)))

    def another_import_meanwhile(written):
        # Between two chunks another station imports the next order of the file.
        if written == 50:
            other = SalesOrder.create(number="SO-050")
            SalesOrderLine.create(order=other.id, item=Item.get().id, qty_ordered=1)

    result = order_import.import_orders(path, allocate=False, progress=another_import_meanwhile)
    assert result.imported == 99 and result.skipped_existing == 1
    assert SalesOrder.select().count() == 100
    assert SalesOrderLine.select().count() == 100


def test_a_bin_import_failing_late_takes_back_zones_bins_and_changes(db, tmp_path,
                                                                    monkeypatch):
    from app.core import imports
    from app.db.models import Location

    monkeypatch.setattr(imports, "BIN_BATCH", 10)
    monkeypatch.setattr(bulk, "CHUNK_SECONDS", 0.0)
    warehouse = Location.get(Location.code == "WH")
    old = Location.create(code="B-005", kind="bin", parent=warehouse, sequence=7, capacity=3)
    before = sorted(loc.code for loc in Location.select())
    path = tmp_path / "bins.csv"
    path.write_text("code,zone,sequence,capacity\n"
                    + "".join(f"B-{n:03d},Z,{n},{n + 1}\n" for n in range(100)))

    def another_station_meanwhile(written):
        if written == 50:
            Location.create(code="B-080", kind="zone", parent=warehouse)

    with pytest.raises(ImportFileError, match="row 82, column 'code'"):
        imports.import_bins(path, progress=another_station_meanwhile)
    assert sorted(loc.code for loc in Location.select()) == sorted(before + ["B-080"])
    again = Location.get_by_id(old.id)
    assert (again.parent_id, again.sequence, again.capacity) == (warehouse.id, 7, 3)


def test_a_po_import_failing_late_restores_the_pos_it_replaced(db, tmp_path, monkeypatch):
    from app.core import imports
    from app.db.models import PurchaseOrder, PurchaseOrderLine, Receipt, Supplier, User

    monkeypatch.setattr(imports, "PO_BATCH", 1)
    monkeypatch.setattr(bulk, "CHUNK_SECONDS", 0.0)
    mug = Item.create(sku="MUG-01", name="Mug")
    acme = Supplier.create(name="Acme")
    replaced = PurchaseOrder.create(number="PO-1", supplier=acme, over_receipt_pct=5)
    PurchaseOrderLine.create(po=replaced, item=mug, qty_ordered=7)
    last = PurchaseOrder.create(number="PO-5", supplier=acme)
    path = tmp_path / "pos.csv"
    path.write_text("po,supplier,sku,qty\n"
                    + "".join(f"PO-{n},Other Supplier,MUG-01,{n}\n" for n in range(1, 6)))

    def another_station_meanwhile(written):
        if written == 3:  # PO-5 starts being received before the import reaches it
            Receipt.create(po=last, user=User.get(User.name == "operator"))

    with pytest.raises(ImportFileError, match="row 6, column 'po'.*received"):
        imports.import_pos(path, progress=another_station_meanwhile)
    assert sorted(po.number for po in PurchaseOrder.select()) == ["PO-1", "PO-5"]
    again = PurchaseOrder.get_by_id(replaced.id)
    assert (again.supplier_id, again.over_receipt_pct) == (acme.id, 5)
    assert [(line.item_id, line.qty_ordered) for line in again.lines] == [(mug.id, 7)]
    assert [s.name for s in Supplier.select()] == ["Acme"]


def test_the_pacer_leaves_a_gap_for_waiting_scans_every_chunk(monkeypatch):
    pauses = []
    monkeypatch.setattr(bulk.time, "sleep", pauses.append)
    clock = iter([0.0, 0.1, 0.2, 0.3, 0.3, 0.4, 0.6, 0.6])
    monkeypatch.setattr(bulk.time, "monotonic", lambda: next(clock))
    pacer = bulk.Pacer()  # starts at 0.0
    for _ in range(5):
        pacer.tick()  # 0.1, 0.2, 0.3 (pause, restart at 0.3), 0.4, 0.6 (pause)
    assert pauses == [bulk.PAUSE_SECONDS, bulk.PAUSE_SECONDS]
