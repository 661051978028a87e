"""Suggested purchase orders: grouped by supplier, edited, created, exported."""

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.core import ledger, receiving
from app.core.errors import BinwiseError
from app.core.locations import system_location
from app.core.replenishment.plan import plan_items
from app.core.replenishment.policy import ReplenishPolicy
from app.core.replenishment.suggest import create_orders, export_po_csv, suggest
from app.db.models import Item, ItemReplenishment, PurchaseOrder, Supplier, User

TODAY = date(2026, 6, 1)


@pytest.fixture
def low(db):
    """Three items below a reorder point set by hand: two from Acme, one from Birch, and one
    with no supplier."""
    acme, birch = Supplier.create(name="Acme"), Supplier.create(name="Birch")
    user = User.get(User.name == "operator").id
    specs = [("MUG", acme, 10, 2, 3.5), ("CUP", acme, 5, 1, 2), ("TEA", birch, 8, 4, 1),
             ("PEN", None, 3, 1, 1)]
    for sku, supplier, rop, pack, cost in specs:
        item = Item.create(sku=sku, name=sku.title(), unit_cost=cost)
        ItemReplenishment.create(item=item, supplier=supplier, reorder_point=rop,
                                 pack_multiple=pack)
    # MUG has 4 in a bin: it runs out later than the others (at 0).
    ledger.post([ledger.MoveRequest(Item.get(sku="MUG").id, None,
                                    system_location("SUPPLIER").id, system_location("DOCK").id,
                                    4, "receipt")], user, at=datetime(2026, 5, 1))
    return plan_items(TODAY, ReplenishPolicy())


def test_suggestions_grouped_by_supplier(low):
    orders = suggest(low)
    # Nothing sells, so each is ordered up to its reorder point + 1 (a low item must end above
    # it): TEA 9 -> 12 in packs of 4; MUG 11 - 4 = 7 -> 8 in packs of 2; CUP 6; PEN 4. The
    # furthest below its reorder point comes first (TEA 8 below, MUG 6, CUP 5, PEN 3), and
    # its supplier's PO with it.
    assert [(o.supplier, [(line.sku, line.qty) for line in o.lines]) for o in orders] == [
        ("Birch", [("TEA", 12)]),
        ("Acme", [("MUG", 8), ("CUP", 6)]),
        ("(no supplier)", [("PEN", 4)]),
    ]
    acme = orders[1]
    assert acme.value == pytest.approx(6 * 2 + 8 * 3.5)


def test_create_edited_orders_then_receive_them(low, tmp_path):
    birch, acme = [o for o in suggest(low) if o.supplier_id is not None]
    acme.lines[1].qty = 20  # CUP edited
    birch.lines[0].qty = 0  # dropped: Birch gets no PO
    numbers = create_orders([birch, acme], TODAY)
    assert numbers == ["RP-20260601-01"]
    po = PurchaseOrder.get(number="RP-20260601-01")
    assert po.supplier.name == "Acme" and po.status == "open"
    assert [(p.sku, p.ordered) for p in receiving.progress(po.id)] == [("MUG", 8), ("CUP", 20)]
    # Ordered units count as on order from now on: MUG is no longer low.
    mug = next(p for p in plan_items(TODAY, ReplenishPolicy()) if p.sku == "MUG")
    assert mug.on_order == 8 and not mug.low
    assert create_orders([o for o in suggest(low) if o.supplier == "Birch"], TODAY) == [
        "RP-20260601-02"]

    out = tmp_path / "po.csv"
    assert export_po_csv("rp-20260601-01", out) == 2
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["sku"], r["qty"], r["unit_cost"], r["value"]) for r in rows] == [
        ("MUG", "8", "3.50", "28.00"), ("CUP", "20", "2.00", "40.00")]
    assert rows[0]["supplier"] == "Acme" and rows[0]["expected"] == (
        TODAY + timedelta(days=14)).isoformat()


def test_refused_suggestions_create_nothing(low):
    orders = suggest(low)
    with pytest.raises(BinwiseError, match="No supplier is known for PEN"):
        create_orders(orders, TODAY)
    orders[1].lines[1].qty = -3
    with pytest.raises(BinwiseError, match="CUP: order 1 to"):
        create_orders(orders[:2], TODAY)
    assert PurchaseOrder.select().count() == 0
    with pytest.raises(BinwiseError, match="No purchase order 'PO-9'"):
        export_po_csv("PO-9", Path("unused.csv"))
