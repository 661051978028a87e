"""A small world for the returns tests: items (plain, lot, expiry), stock, a shipped order."""

from datetime import date, datetime

from app.core import ledger, orders, packing, picking
from app.core.locations import SUPPLIER, system_location
from app.core.orders import OrderLineInput as L
from app.db.models import Item, ItemBarcode, Location, Lot, SalesOrder, User

TODAY = date(2026, 6, 1)
MUG = "4012345000016"
SOAP = "04012345000115"
TEA = "04012345000108"


def build() -> dict:
    """Stock in bin A-01: 10 mugs, soap lots S1 and S2, tea lot T1 (expires 2026-07-01)."""
    user = User.get(User.name == "operator").id
    bin_ = Location.create(code="A-01", kind="bin")
    mug = Item.create(sku="MUG", name="Mug")
    soap = Item.create(sku="SOAP", name="Soap", tracking="lot")
    tea = Item.create(sku="TEA", name="Green tea", tracking="expiry", removal="fefo")
    Item.create(sku="OTHER", name="Other")
    ItemBarcode.create(item=mug, code="0" + MUG)
    ItemBarcode.create(item=soap, code=SOAP)
    ItemBarcode.create(item=tea, code=TEA)
    s1, s2 = (Lot.create(item=soap, code=c) for c in ("S1", "S2"))
    t1 = Lot.create(item=tea, code="T1", expiry=date(2026, 7, 1))
    supplier = system_location(SUPPLIER).id
    ledger.post([ledger.MoveRequest(mug.id, None, supplier, bin_.id, 10, "receipt"),
                 ledger.MoveRequest(soap.id, s1.id, supplier, bin_.id, 2, "receipt"),
                 ledger.MoveRequest(tea.id, t1.id, supplier, bin_.id, 5, "receipt")],
                user, at=datetime(2026, 1, 1))
    ledger.post([ledger.MoveRequest(soap.id, s2.id, supplier, bin_.id, 5, "receipt")],
                user, at=datetime(2026, 2, 1))
    return {"user": user, "bin": bin_.id, "mug": mug.id, "soap": soap.id, "tea": tea.id}


def shipped_order(number: str, lines: list[tuple[str, int]], user: int) -> SalesOrder:
    """Create, pick, pack and ship an order through the real workflows."""
    order = orders.create_order(number, [L(sku, qty) for sku, qty in lines], today=TODAY)
    pick_list = picking.pick_list_for_order(order)
    for task in picking.tasks(pick_list.id):
        picking.pick(task, task.qty, user)
    for line in packing.view(order.id).lines:
        if line.to_pack:
            packing.pack_unit(order.id, line.item_id, line.lot, line.to_pack, user)
    packing.ship_shipment(order.id, user)
    return SalesOrder.get_by_id(order.id)
