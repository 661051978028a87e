"""Orders the shop changed or cancelled after the import: re-importing the export applies the
change once; picked units go back to the dock for put-away, nothing lost or doubled."""

from datetime import date, datetime

import pytest

from app.core import ledger, orders, packing, picking
from app.core.locations import DOCK, PACKING, system_location
from app.core.order_import import import_orders
from app.core.putaway import dock_stock, suggest_bin
from app.core.stock import check_report
from app.db.models import Item, Location, Quant, Reservation, SalesOrder, SalesOrderLine, User

TODAY = date(2026, 6, 1)


@pytest.fixture
def shop(db):
    user = User.get(User.name == "operator").id
    supplier = system_location("SUPPLIER").id
    for code in ("A-01", "A-02"):
        Location.create(code=code, kind="bin")
    bin_ = Location.get(Location.code == "A-01")
    items = {sku: Item.create(sku=sku, name=sku) for sku in ("MUG", "TEA", "JAR")}
    ledger.post([ledger.MoveRequest(i.id, None, supplier, bin_.id, 20, "receipt")
                 for i in items.values()], user, at=datetime(2026, 1, 1))
    return {"user": user, **items}


def _csv(tmp_path, body, name="orders.csv"):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def _qty(code, item):
    loc = system_location(code) if code in (DOCK, PACKING) else Location.get(Location.code == code)
    quant = Quant.get_or_none((Quant.location == loc.id) & (Quant.item == item.id))
    return quant.qty if quant else 0


def _pick_all(number, user):
    order = SalesOrder.get(SalesOrder.number == number)
    pick_list = picking.pick_list_for_order(order)
    for task in picking.tasks(pick_list.id):
        picking.pick(task, task.qty, user)


def _lines(number):
    order = SalesOrder.get(SalesOrder.number == number)
    return sorted((line.item.sku, line.qty_ordered) for line in
                  SalesOrderLine.select().where(SalesOrderLine.order == order.id))


def test_an_order_not_picked_yet_is_cancelled_and_its_reservations_released(shop, tmp_path):
    import_orders(_csv(tmp_path, "order,sku,qty\nS1,MUG,2\nS2,TEA,1\n"), today=TODAY)
    result = import_orders(_csv(tmp_path, "order,sku,qty,cancelled\nS1,MUG,2,yes\nS2,TEA,1,\n",
                                "again.csv"), today=TODAY)
    s1 = SalesOrder.get(SalesOrder.number == "S1")
    assert s1.status == "cancelled"
    assert s1.changed == f"cancelled in the shop on {TODAY.isoformat()}"
    assert (result.imported, result.cancelled, result.changed) == (0, 1, 0)
    assert "0 changed and 1 cancelled in the shop" in str(result)
    assert Reservation.select().join(SalesOrderLine).where(
        SalesOrderLine.order == s1.id).count() == 0
    assert SalesOrder.get(SalesOrder.number == "S2").changed == ""
    assert check_report() == []


def test_edited_lines_of_an_order_not_picked_are_changed_and_allocated_again(shop, tmp_path):
    import_orders(_csv(tmp_path, "order,sku,qty\nS1,MUG,2\nS1,TEA,1\n"), today=TODAY)
    result = import_orders(_csv(tmp_path, "order,sku,qty\nS1,MUG,1\nS1,JAR,3\n", "b.csv"),
                           today=TODAY)
    order = SalesOrder.get(SalesOrder.number == "S1")
    assert _lines("S1") == [("JAR", 3), ("MUG", 1)]
    assert order.changed == "line JAR added, MUG 2 -> 1, TEA removed"
    assert order.status == "allocated"
    assert sum(r.qty for r in Reservation.select()) == 4
    assert (result.changed, result.cancelled) == (1, 0)
    assert check_report() == []


def test_the_same_export_again_changes_nothing_more(shop, tmp_path):
    import_orders(_csv(tmp_path, "order,sku,qty\nS1,MUG,2\n"), today=TODAY)
    edited = _csv(tmp_path, "order,sku,qty\nS1,MUG,1\n", "b.csv")
    assert import_orders(edited, today=TODAY).changed == 1
    again = import_orders(edited, today=TODAY)
    assert (again.changed, again.cancelled, again.skipped_existing) == (0, 0, 1)
    assert SalesOrder.get(SalesOrder.number == "S1").changed == "line MUG 2 -> 1"


def test_a_picked_order_cancelled_in_the_shop_goes_back_to_the_dock_for_putaway(shop,
                                                                                 tmp_path):
    import_orders(_csv(tmp_path, "order,sku,qty\nS1,MUG,3\n"), today=TODAY)
    _pick_all("S1", shop["user"])
    assert _qty(PACKING, shop["MUG"]) == 3
    cancelled = _csv(tmp_path, "order,sku,qty,cancelled\nS1,MUG,3,yes\n", "b.csv")
    assert import_orders(cancelled, today=TODAY).cancelled == 1
    order = SalesOrder.get(SalesOrder.number == "S1")
    assert order.status == "cancelled"
    assert "after picking: 3 unit(s) sent back to the dock" in order.changed
    assert (_qty(PACKING, shop["MUG"]), _qty(DOCK, shop["MUG"]), _qty("A-01", shop["MUG"])) \
        == (0, 3, 17)
    # Put away takes its work from the dock and suggests the bin that holds the item.
    waiting = [s for s in dock_stock() if s.sku == "MUG"]
    assert [s.qty for s in waiting] == [3]
    assert suggest_bin(shop["MUG"], None, 3).code == "A-01"
    assert import_orders(cancelled, today=TODAY).cancelled == 0
    assert _qty(DOCK, shop["MUG"]) == 3
    assert check_report() == []


def test_a_partly_packed_order_edited_in_the_shop_starts_again_with_its_new_lines(shop,
                                                                                  tmp_path):
    import_orders(_csv(tmp_path, "order,sku,qty\nS1,MUG,2\nS1,TEA,1\n"), today=TODAY)
    _pick_all("S1", shop["user"])
    order = SalesOrder.get(SalesOrder.number == "S1")
    packing.pack_unit(order.id, shop["MUG"].id, None, 1, shop["user"])
    import_orders(_csv(tmp_path, "order,sku,qty\nS1,MUG,1\nS1,TEA,1\nS1,JAR,1\n", "b.csv"),
                  today=TODAY)
    order = SalesOrder.get_by_id(order.id)
    assert order.changed == ("line JAR added, MUG 2 -> 1 after picking: 3 unit(s) sent back "
                             "to the dock for put-away")
    assert order.status == "allocated"
    assert _lines("S1") == [("JAR", 1), ("MUG", 1), ("TEA", 1)]
    assert (_qty(PACKING, shop["MUG"]), _qty(DOCK, shop["MUG"]), _qty(DOCK, shop["TEA"])) \
        == (0, 2, 1)
    view = packing.view(order.id)
    assert (view.to_pack, view.shipment, view.changed) == (0, None, order.changed)
    # Picked again with its new lines, it packs and nothing was lost or doubled.
    _pick_all("S1", shop["user"])
    for item in ("MUG", "TEA", "JAR"):
        packed = packing.pack_unit(order.id, shop[item].id, None, 1, shop["user"])
    assert packed.order_packed
    assert check_report() == []


def test_packing_an_order_the_shop_cancelled_after_picking_is_refused_with_why(shop,
                                                                               tmp_path):
    import_orders(_csv(tmp_path, "order,sku,qty\nS1,MUG,1\n"), today=TODAY)
    _pick_all("S1", shop["user"])
    import_orders(_csv(tmp_path, "order,sku,qty,cancelled\nS1,MUG,1,x\n", "b.csv"),
                  today=TODAY)
    order = SalesOrder.get(SalesOrder.number == "S1")
    with pytest.raises(Exception, match="changed in the shop .*cancelled in the shop on "
                                        "2026-06-01.*take the units picked for it to the dock"):
        packing.pack_unit(order.id, shop["MUG"].id, None, 1, shop["user"])


def test_shopify_cancelled_at_cancels_an_order_imported_before(shop, tmp_path):
    header = "Name,Created at,Cancelled at,Lineitem quantity,Lineitem sku\n"
    import_orders(_csv(tmp_path, header + "#1001,2026-05-30 10:00:00 +0100,,2,MUG\n"
                                          "#1002,2026-05-30 10:00:00 +0100,,1,TEA\n",
                       "orders_export.csv"), today=TODAY)
    _pick_all("#1001", shop["user"])
    result = import_orders(_csv(tmp_path, header + "#1001,2026-05-30 10:00:00 +0100,"
                                "2026-05-31 09:00:00 +0100,2,MUG\n"
                                "#1003,2026-05-30 10:00:00 +0100,2026-05-31 09:00:00 +0100,1,"
                                "TEA\n", "orders_export_2.csv"), today=TODAY)
    order = SalesOrder.get(SalesOrder.number == "#1001")
    assert order.status == "cancelled"
    assert order.changed.startswith("cancelled in the shop on 2026-05-31 after picking")
    assert (result.cancelled, result.skipped_other, result.imported) == (1, 1, 0)
    assert SalesOrder.get_or_none(SalesOrder.number == "#1003") is None
    assert _qty(DOCK, shop["MUG"]) == 2
    assert check_report() == []


def test_a_shipped_order_is_left_alone(shop, tmp_path):
    orders.create_order("S1", [orders.OrderLineInput("MUG", 1)], today=TODAY)
    _pick_all("S1", shop["user"])
    order = SalesOrder.get(SalesOrder.number == "S1")
    packing.pack_unit(order.id, shop["MUG"].id, None, 1, shop["user"])
    packing.ship_shipment(order.id, shop["user"])
    result = import_orders(_csv(tmp_path, "order,sku,qty,cancelled\nS1,MUG,1,yes\n"),
                           today=TODAY)
    assert (result.cancelled, SalesOrder.get_by_id(order.id).status) == (0, "shipped")
