"""Dropship: lines the supplier ships are never reserved or picked, go on the supplier's one
open dropship PO, and are fulfilled when the supplier confirms them."""

from datetime import date

import pytest

from app.core import allocation, dropship, ledger, orders, packing, picking, receiving
from app.core.errors import BinwiseError
from app.core.locations import system_location
from app.core.orders import OrderLineInput as L
from app.core.replenishment import data
from app.db.models import (
    DropshipLine,
    Item,
    ItemReplenishment,
    Location,
    Move,
    PurchaseOrder,
    PurchaseOrderLine,
    Quant,
    SalesOrder,
    SalesOrderLine,
    Supplier,
    User,
)

TODAY = date(2026, 6, 1)


@pytest.fixture
def shop(db):
    user = User.get(User.name == "operator").id
    bin_ = Location.create(code="A-01", kind="bin")
    mug = Item.create(sku="MUG", name="Mug", unit_cost=2)
    sofa = Item.create(sku="SOFA", name="Sofa", unit_cost=300)
    lamp = Item.create(sku="LAMP", name="Lamp", unit_cost=20)
    ledger.post([ledger.MoveRequest(mug.id, None, system_location("SUPPLIER").id, bin_.id, 10,
                                    "receipt")], user)
    furniture = Supplier.create(name="Furniture Ltd")
    ItemReplenishment.create(item=sofa, supplier=furniture, dropship=True)
    ItemReplenishment.create(item=lamp, supplier=furniture, dropship=True)
    return user


def _ship_stocked(number, user):
    order = SalesOrder.get(SalesOrder.number == number)
    pick_list = picking.create_pick_list([order.id])
    for task in picking.tasks(pick_list.id):
        picking.pick(task, task.qty, user)
    for line in packing.view(order.id).lines:
        if line.to_pack:
            packing.pack_unit(order.id, line.item_id, line.lot, line.to_pack, user)
    return picking.ship_order(SalesOrder.get_by_id(order.id), user)


def _status(number):
    return SalesOrder.get(SalesOrder.number == number).status


def test_dropship_lines_go_on_one_open_po_per_supplier_and_are_never_reserved(shop):
    orders.create_order("O-1", [L("SOFA", 1), L("MUG", 2)], today=TODAY)
    orders.create_order("O-2", [L("LAMP", 3)], today=TODAY)
    pos = list(PurchaseOrder.select())
    assert len(pos) == 1 and pos[0].dropship and pos[0].status == "open"
    assert pos[0].number == "DS-20260601-01"
    lines = [(line.item.sku, line.qty_ordered) for line in
             PurchaseOrderLine.select().order_by(PurchaseOrderLine.id)]
    assert lines == [("SOFA", 1), ("LAMP", 3)]
    # Only the mug is reserved; the pick list never shows the sofa.
    assert Quant.get().reserved == 2
    pick_list = picking.create_pick_list([SalesOrder.get(SalesOrder.number == "O-1").id])
    assert [t.sku for t in picking.tasks(pick_list.id)] == ["MUG"]
    assert _status("O-1") == "allocated" and _status("O-2") == "allocated"
    # An order of dropship lines only has nothing to pick.
    with pytest.raises(BinwiseError, match="dropship"):
        picking.create_pick_list([SalesOrder.get(SalesOrder.number == "O-2").id])
    # Allocating again raises nothing twice; it is neither stock on order nor a backorder.
    orders.allocate_open_orders(TODAY)
    assert DropshipLine.select().count() == 2
    assert data.on_order() == {} and data.backorders().get(Item.get(sku="SOFA").id, 0) <= 0


def test_a_dropship_only_order_ships_when_the_supplier_confirms(shop):
    orders.create_order("O-2", [L("LAMP", 3)], today=TODAY)
    po = PurchaseOrder.get()
    moves = Move.select().count()
    assert dropship.confirm(po.number, tracking="1Z999") == ["O-2"]
    assert _status("O-2") == "shipped"
    assert DropshipLine.get().tracking == "1Z999"
    assert PurchaseOrder.get().status == "received"
    assert Move.select().count() == moves  # the goods never touched the warehouse
    # The next dropship order goes on a new PO: the first was sent.
    orders.create_order("O-3", [L("SOFA", 1)], today=TODAY)
    assert PurchaseOrder.select().count() == 2
    with pytest.raises(BinwiseError, match="no line waiting"):
        dropship.confirm(po.number)


def test_a_mixed_order_ships_when_both_parts_are_done_in_either_order(shop):
    orders.create_order("O-1", [L("SOFA", 1), L("MUG", 2)], today=TODAY)
    orders.create_order("O-4", [L("LAMP", 1), L("MUG", 1)], today=TODAY)
    po = PurchaseOrder.get(PurchaseOrder.dropship)
    # O-1: the parcel leaves first; the order waits for the supplier.
    assert _ship_stocked("O-1", shop) == 2
    assert _status("O-1") == "packed"
    with pytest.raises(BinwiseError, match="wait for the supplier"):
        picking.ship_order(SalesOrder.get(SalesOrder.number == "O-1"), shop)
    assert picking.ship_packed(shop) == (0, 0)  # not shipped twice
    assert dropship.confirm(po.number, sku="SOFA", tracking="T1") == ["O-1"]
    assert _status("O-1") == "shipped"
    assert PurchaseOrder.get_by_id(po.id).status == "partial"
    # O-4: the supplier confirms first; shipping the parcel ships the order.
    assert dropship.confirm(po.number, sku="LAMP") == []
    assert _status("O-4") == "allocated"
    _ship_stocked("O-4", shop)
    assert _status("O-4") == "shipped"
    assert Quant.get().qty == 7


def test_bad_confirmations_and_receiving_a_dropship_po_are_refused(shop):
    orders.create_order("O-2", [L("LAMP", 3)], today=TODAY)
    po = PurchaseOrder.get()
    with pytest.raises(BinwiseError, match="No purchase order 'NOPE'"):
        dropship.confirm("NOPE")
    with pytest.raises(BinwiseError, match="no line of MUG waiting"):
        dropship.confirm(po.number, sku="MUG")
    with pytest.raises(BinwiseError, match="dropship PO"):
        receiving.receive(po, Item.get(sku="LAMP"), 1, shop)
    assert _status("O-2") == "allocated"
    stocked = PurchaseOrder.create(number="PO-9", supplier=Supplier.get())
    with pytest.raises(BinwiseError, match="not a dropship PO"):
        dropship.confirm(stocked.number)


def test_a_dropship_item_without_a_supplier_is_refused(shop):
    ItemReplenishment.update(supplier=None).where(
        ItemReplenishment.item == Item.get(sku="SOFA").id).execute()
    with pytest.raises(BinwiseError, match="SOFA is dropshipped but has no supplier"):
        orders.create_order("O-5", [L("SOFA", 1)], today=TODAY)
    assert SalesOrder.select().count() == 0


def test_allocation_status_of_mixed_needs_is_unchanged(shop):
    order = orders.create_order("O-6", [L("MUG", 20), L("SOFA", 1)], today=TODAY)
    assert order.status == "partial"
    assert [n.ordered for n in allocation.line_needs(order.id)] == [20]


def test_cancelling_takes_the_lines_off_the_po_unless_the_supplier_shipped(shop):
    first = orders.create_order("O-7", [L("SOFA", 1), L("MUG", 1)], today=TODAY)
    orders.create_order("O-8", [L("LAMP", 2)], today=TODAY)
    with pytest.raises(BinwiseError, match="dropshipped on DS-"):
        orders.set_line_quantity(first.lines.where(
            SalesOrderLine.item == Item.get(sku="SOFA").id).get(), 2)
    orders.cancel_order(SalesOrder.get_by_id(first.id))
    assert [line.item.sku for line in PurchaseOrderLine.select()] == ["LAMP"]
    assert Quant.get().reserved == 0
    dropship.confirm(PurchaseOrder.get().number)
    third = orders.create_order("O-9", [L("SOFA", 1), L("MUG", 1)], today=TODAY)
    dropship.confirm(PurchaseOrder.get(PurchaseOrder.status == "open").number)
    with pytest.raises(BinwiseError, match="supplier has shipped"):
        orders.cancel_order(SalesOrder.get_by_id(third.id))
    assert _status("O-9") == "allocated" and Quant.get().reserved == 1
