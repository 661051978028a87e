"""Planning and the reports read in one snapshot: a write another station commits while they
run is counted in every figure or in none."""

import threading
from types import SimpleNamespace

from app.core import reports
from app.core.replenishment import data, plan
from app.db.models import Item, PurchaseOrder, PurchaseOrderLine, Supplier, database


def _elsewhere(action) -> None:
    """Run `action` on another connection (another thread), committed before returning."""
    def work():
        with database.atomic():
            action()
        database.close()
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


def test_a_po_committed_while_planning_is_not_half_seen(db, monkeypatch):
    mug = Item.create(sku="MUG", name="Mug")
    supplier = Supplier.create(name="Acme")
    read_items = data.items

    def items_then_a_new_po():
        rows = read_items()
        _elsewhere(lambda: PurchaseOrderLine.create(
            po=PurchaseOrder.create(number="PO-1", supplier=supplier), item=mug.id,
            qty_ordered=7))
        return rows

    monkeypatch.setattr(data, "items", items_then_a_new_po)
    plans = plan.plan_items()
    assert PurchaseOrderLine.select().count() == 1  # it was committed
    assert [(p.sku, p.on_order) for p in plans] == [("MUG", 0)]


def test_a_report_reads_in_one_snapshot(db, monkeypatch):
    Item.create(sku="MUG", name="Mug")

    def counting(start, end, today):
        before = Item.select().count()
        _elsewhere(lambda: Item.create(sku="CUP", name="Cup"))
        return (before, Item.select().count())

    monkeypatch.setitem(reports.REPORTS, "counting", SimpleNamespace(run=counting))
    assert reports.run("counting", None, None, None) == (1, 1)
    assert Item.select().count() == 2
