"""Kits at the pick and pack stations, driven by replay: the pick list walks the components
(and built kits), packing takes the components or a built kit's own barcode, shipping moves
them out through the ledger."""

import io
from datetime import date, datetime

import pytest

from app.core import kits, ledger, orders, packing, stock
from app.core.locations import system_location
from app.core.orders import OrderLineInput as L
from app.db.models import Item, ItemBarcode, Location, Move, SalesOrder, User
from app.stations.replay import replay_file

TODAY = date(2026, 6, 1)
MUG, TEA, GIFT = "4012345000016", "4012345000023", "4012345000030"


@pytest.fixture
def bench(db):
    user = User.get(User.name == "operator").id
    bins = {c: Location.create(code=c, kind="bin", sequence=i)
            for i, c in enumerate(("A-01", "A-02"))}
    items = {sku: Item.create(sku=sku, name=sku.title()) for sku in ("MUG", "TEA", "GIFT")}
    for sku, code in (("MUG", MUG), ("TEA", TEA), ("GIFT", GIFT)):
        ItemBarcode.create(item=items[sku], code="0" + code)
    supplier = system_location("SUPPLIER").id
    ledger.post([ledger.MoveRequest(items["MUG"].id, None, supplier, bins["A-01"].id, 10,
                                    "receipt"),
                 ledger.MoveRequest(items["TEA"].id, None, supplier, bins["A-02"].id, 5,
                                    "receipt")], user, at=datetime(2026, 1, 1))
    kits.set_components("GIFT", {"MUG": 2, "TEA": 1})
    return {"user": user, "items": items, "bins": bins, "supplier": supplier}


def replay(station, tmp_path, text):
    path = tmp_path / f"{station}.txt"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    code = replay_file(station, path, "operator", out)
    return code, out.getvalue()


def shipped(order_id):
    return sorted((m.item.sku, m.qty) for m in Move.select().where(
        (Move.kind == "ship") & (Move.doc_id == order_id)))


def test_components_are_picked_packed_and_shipped(bench, tmp_path):
    order = orders.create_order("SO-1", [L("GIFT", 1)], today=TODAY)
    code, out = replay("pick", tmp_path, f"SO-1\nA-01\n{MUG},2\nA-02\n{TEA}\n")
    assert code == 0, out
    assert "MUG for kit GIFT" in out
    assert SalesOrder.get_by_id(order.id).status == "picked"
    # The kit's own barcode: none was built for this order, so it is refused.
    code, out = replay("pack", tmp_path, f"SO-1\n{MUG}\n{GIFT}\n{TEA}\n{MUG}\n")
    assert code == 1, out
    assert "scan its components" in out
    assert SalesOrder.get_by_id(order.id).status == "packed"
    result = packing.ship_shipment(order.id, bench["user"])
    assert result.order_shipped
    assert shipped(order.id) == [("MUG", 2), ("TEA", 1)]
    assert stock.check_report() == []


def test_one_component_short_of_the_kit_keeps_the_order_open(bench, tmp_path):
    order = orders.create_order("SO-1", [L("GIFT", 1)], today=TODAY)
    replay("pick", tmp_path, f"SO-1\nA-01\n{MUG},2\nA-02\n{TEA}\n")
    code, out = replay("pack", tmp_path, f"SO-1\n{MUG},2\n{MUG}\n")
    assert code == 1, out
    assert "One too many" in out
    assert SalesOrder.get_by_id(order.id).status == "picked"
    view = packing.view(order.id)
    assert view.to_pack == 1 and view.unpicked == 0


def test_a_built_kit_is_picked_first_and_packed_by_its_own_barcode(bench, tmp_path):
    ledger.post([ledger.MoveRequest(bench["items"]["GIFT"].id, None, bench["supplier"],
                                    bench["bins"]["A-02"].id, 1, "receipt")], bench["user"])
    order = orders.create_order("SO-2", [L("GIFT", 2)], today=TODAY)
    code, out = replay("pick", tmp_path, f"SO-2\nA-01\n{MUG},2\nA-02\n{GIFT}\n{TEA}\n")
    assert code == 0, out
    assert SalesOrder.get_by_id(order.id).status == "picked"
    code, out = replay("pack", tmp_path, f"SO-2\n{GIFT}\n{MUG},2\n{TEA}\n")
    assert code == 0, out
    assert SalesOrder.get_by_id(order.id).status == "packed"
    packing.ship_shipment(order.id, bench["user"])
    assert shipped(order.id) == [("GIFT", 1), ("MUG", 2), ("TEA", 1)]


def test_an_undone_component_pick_is_reserved_for_its_kit_again(bench):
    from app.core import allocation, picking

    order = orders.create_order("SO-1", [L("GIFT", 1)], today=TODAY)
    pick_list = picking.pick_list_for_order(order)
    mug = next(t for t in picking.tasks(pick_list.id) if t.sku == "MUG")
    move_id = picking.pick(mug, 2, bench["user"])
    assert SalesOrder.get_by_id(order.id).status == "picking"
    picking.undo_pick(move_id, mug, bench["user"])
    assert sorted((t.sku, t.bin, t.qty, t.kit) for t in picking.tasks(pick_list.id)) == [
        ("MUG", "A-01", 2, "GIFT"), ("TEA", "A-02", 1, "GIFT")]
    assert SalesOrder.get_by_id(order.id).status == "allocated"
    assert allocation.reservation_mismatches() == [] and stock.check_report() == []


def test_undo_at_pack_takes_out_the_last_component_scanned(bench, tmp_path):
    order = orders.create_order("SO-1", [L("GIFT", 1)], today=TODAY)
    replay("pick", tmp_path, f"SO-1\nA-01\n{MUG},2\nA-02\n{TEA}\n")
    packing.pack_unit(order.id, bench["items"]["MUG"].id, None, 1, bench["user"])
    packing.pack_unit(order.id, bench["items"]["TEA"].id, None, 1, bench["user"])
    taken = packing.unpack_last(order.id)
    assert (taken.sku, taken.qty) == ("TEA", 1)
    left = {(x.sku, x.to_pack) for x in packing.view(order.id).lines}
    assert left == {("MUG", 1), ("TEA", 1)}
