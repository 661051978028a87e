"""The pack station and app.core.packing: every picked unit into a box, once."""

from datetime import date, datetime

import pytest

from app.core import ledger, orders, packing, picking
from app.core.locations import CUSTOMER, PACKING, system_location
from app.core.orders import OrderLineInput as L
from app.db.models import (
    Item,
    ItemBarcode,
    Location,
    Lot,
    Move,
    PackBox,
    PackUnit,
    Quant,
    SalesOrder,
    User,
)
from app.scanning.decode import DecodeConfig
from app.stations.base import Level, Scan
from app.stations.pack import BOX_CLOSED, PackStation
from app.stations.replay import replay_file
from tests.stations.typed_quantity import check_typed_quantity

TODAY = date(2026, 6, 1)
MUG = "4012345000016"
SOAP = "04012345000115"


@pytest.fixture
def bench(db):
    user = User.get(User.name == "operator").id
    bin_ = Location.create(code="A-01", kind="bin")
    mug = Item.create(sku="MUG", name="Mug")
    soap = Item.create(sku="SOAP", name="Soap", tracking="lot")
    Item.create(sku="OTHER", name="Other")
    ItemBarcode.create(item=mug, code="0" + MUG)
    ItemBarcode.create(item=soap, code=SOAP)
    lots = {c: Lot.create(item=soap, code=c) for c in ("S1", "S2")}
    supplier = system_location("SUPPLIER").id
    ledger.post([ledger.MoveRequest(mug.id, None, supplier, bin_.id, 10, "receipt"),
                 ledger.MoveRequest(soap.id, lots["S1"].id, supplier, bin_.id, 5, "receipt")],
                user, at=datetime(2026, 1, 1))
    ledger.post([ledger.MoveRequest(soap.id, lots["S2"].id, supplier, bin_.id, 5, "receipt")],
                user, at=datetime(2026, 2, 1))
    return {"user": user, "mug": mug, "soap": soap}


def picked_order(number, lines, user, note="", gift=""):
    order = orders.create_order(number, lines, today=TODAY)
    SalesOrder.update(note=note, gift_message=gift).where(SalesOrder.id == order.id).execute()
    pick_list = picking.pick_list_for_order(order)
    for task in picking.tasks(pick_list.id):
        picking.pick(task, task.qty, user)
    return SalesOrder.get_by_id(order.id)


def shipped_units():
    customer = system_location(CUSTOMER).id
    return sum(m.qty for m in Move.select().where((Move.dst == customer) & (Move.kind == "ship")))


def station_for(bench):
    return PackStation(bench["user"], DecodeConfig(today=TODAY))


def scan(station, text):
    return station.handle(Scan(text))


def test_every_unit_into_the_box_packs_the_order_on_the_last_one(bench):
    order = picked_order("SO-1", [L("MUG", 2), L("SOAP", 1)], bench["user"],
                         note="Leave at the back door", gift="Happy birthday, Ann!")
    station = station_for(bench)
    feedback = scan(station, "SO-1")
    assert feedback.level is Level.WARNING
    assert "Leave at the back door" in feedback.message
    assert "Happy birthday, Ann!" in feedback.message
    assert station.state.order.to_pack == 3
    assert scan(station, MUG).level is Level.OK
    assert scan(station, MUG).level is Level.OK
    assert SalesOrder.get_by_id(order.id).status == "picked"
    moves = Move.select().count()
    feedback = scan(station, f"]C101{SOAP}10S1")
    assert feedback.level is Level.OK and "is packed" in feedback.message
    assert SalesOrder.get_by_id(order.id).status == "packed"
    assert Move.select().count() == moves  # packing books no stock move
    assert sum(u.qty for u in PackUnit.select()) == 3


def test_wrong_item_one_too_many_and_wrong_lot_are_refused_and_change_nothing(bench):
    picked_order("SO-1", [L("MUG", 1), L("SOAP", 1)], bench["user"])
    station = station_for(bench)
    scan(station, "SO-1")
    wrong = scan(station, "OTHER")
    assert wrong.level is Level.ERROR
    # Named, as the packer holds it: which item to keep out of the box.
    assert wrong.message.startswith("OTHER (") and "is not on order SO-1" in wrong.message
    assert scan(station, f"]C101{SOAP}10S2").level is Level.ERROR  # FIFO picked S1
    assert scan(station, MUG).level is Level.OK
    feedback = scan(station, MUG)
    assert feedback.level is Level.ERROR and "One too many" in feedback.message
    assert scan(station, f"{MUG},2").level is Level.ERROR
    assert sum(u.qty for u in PackUnit.select()) == 1
    assert station.state.order.to_pack == 1


def test_typed_quantity_and_code_qty(bench):
    order = picked_order("SO-1", [L("MUG", 5)], bench["user"])
    station = station_for(bench)
    scan(station, "SO-1")
    assert station.enter("2").level is Level.INFO
    assert scan(station, MUG).level is Level.OK
    assert scan(station, f"{MUG},3").level is Level.OK
    assert SalesOrder.get_by_id(order.id).status == "packed"



def test_a_typed_quantity_counts_only_while_a_unit_is_awaited(bench):
    picked_order("SO-1", [L("MUG", 5)], bench["user"])
    check_typed_quantity(station_for(bench), "SO-1", MUG, "MUG",
                         "scan the item to put them in the box.")


def test_undo_takes_the_last_unit_out_and_reopens_a_packed_order(bench):
    order = picked_order("SO-1", [L("MUG", 2)], bench["user"])
    station = station_for(bench)
    scan(station, "SO-1")
    scan(station, f"{MUG},2")
    assert SalesOrder.get_by_id(order.id).status == "packed"
    assert scan(station, "#CMD:UNDO").level is Level.OK
    assert SalesOrder.get_by_id(order.id).status == "picked"
    assert sum(u.qty for u in PackUnit.select()) == 1
    assert station.undo().level is Level.OK
    assert station.undo().level is Level.ERROR
    assert PackUnit.select().count() == 0


def test_boxes_record_their_contents_weight_size_and_tracking(bench):
    order = picked_order("SO-1", [L("MUG", 3)], bench["user"])
    station = station_for(bench)
    scan(station, "SO-1")
    scan(station, MUG)
    assert scan(station, "#CMD:NEWBOX").level is Level.OK
    assert station.enter("W 1.25").level is Level.OK
    assert station.enter("D 30x20x10").level is Level.OK
    assert scan(station, "#CMD:NEWBOX").level is Level.ERROR  # the next box is empty
    scan(station, f"{MUG},2")
    station.enter("W 0,8")
    station.enter("T 1Z999AA10123456784")
    boxes = list(PackBox.select().order_by(PackBox.number))
    assert [(b.number, b.weight_g, b.dimensions) for b in boxes] == [
        (1, 1250, "30x20x10"), (2, 800, "")]
    assert boxes[1].tracking == "1Z999AA10123456784"
    assert [sum(u.qty for u in b.units) for b in boxes] == [1, 2]
    assert station.enter("W lots").level is Level.ERROR
    assert station.enter("W 0").level is Level.ERROR
    assert SalesOrder.get_by_id(order.id).status == "packed"


def test_partial_shipment_leaves_a_backorder_packed_later_as_its_own_shipment(bench):
    user = bench["user"]
    order = orders.create_order("SO-1", [L("MUG", 3)], today=TODAY)
    pick_list = picking.pick_list_for_order(order)
    task = picking.tasks(pick_list.id)[0]
    picking.pick(task, 2, user)
    station = station_for(bench)
    scan(station, "SO-1")
    scan(station, f"{MUG},2")
    assert SalesOrder.get_by_id(order.id).status == "picking"
    assert scan(station, "#CMD:PARTIAL").level is Level.WARNING
    # The scale weighing the box between the two presses keeps the question; a scan does not.
    assert station.handle(Scan("1.250 kg", source="scale")).level is Level.OK
    assert station.state.partial_asked
    feedback = scan(station, "#CMD:PARTIAL")
    assert feedback.level is Level.OK and "1 unit(s) stay on backorder" in feedback.message
    packing_id = system_location(PACKING).id
    assert shipped_units() == 2
    assert not Quant.select().where((Quant.location == packing_id) & (Quant.qty > 0)).exists()
    assert SalesOrder.get_by_id(order.id).status == "picking"
    # The rest is picked and packed later; the order ships it as its second shipment.
    picking.pick(picking.tasks(pick_list.id)[0], 1, user)
    assert scan(station, "SO-1").level is Level.OK
    assert station.state.order.to_pack == 1
    scan(station, MUG)
    assert SalesOrder.get_by_id(order.id).status == "packed"
    assert picking.ship_order(SalesOrder.get_by_id(order.id), user) == 1
    assert shipped_units() == 3
    assert SalesOrder.get_by_id(order.id).status == "shipped"


def test_partial_of_everything_ships_the_order(bench):
    order = picked_order("SO-1", [L("MUG", 1)], bench["user"])
    station = station_for(bench)
    scan(station, "SO-1")
    scan(station, MUG)
    scan(station, "#CMD:PARTIAL")
    scan(station, "1.250 kg")  # typed or scanned, not the scale's: the question is asked again
    assert not station.state.partial_asked
    assert scan(station, "#CMD:PARTIAL").level is Level.WARNING
    shipped = scan(station, "#CMD:PARTIAL")
    assert shipped.level is Level.OK
    assert SalesOrder.get_by_id(order.id).status == "shipped"
    assert scan(station, MUG).level is Level.ERROR


def test_orders_not_picked_are_refused(bench):
    orders.create_order("SO-1", [L("MUG", 1)], today=TODAY)
    station = station_for(bench)
    assert scan(station, "SO-1").level is Level.ERROR
    assert scan(station, "NOPE").level is Level.ERROR


def test_a_pick_list_opens_its_first_order_waiting_to_be_packed(bench):
    order = picked_order("SO-1", [L("MUG", 1)], bench["user"])
    number = picking.pick_list_for_order(order).number
    station = station_for(bench)
    assert scan(station, number).level is Level.OK
    assert station.state.order.number == "SO-1"


def test_core_refuses_one_too_many(bench):
    order = picked_order("SO-1", [L("MUG", 1)], bench["user"])
    packing.pack_unit(order.id, bench["mug"].id, None, 1, bench["user"])
    with pytest.raises(Exception, match="packed"):
        packing.pack_unit(order.id, bench["mug"].id, None, 1, bench["user"])


def test_replay_packs_an_order_end_to_end(bench, tmp_path):
    order = picked_order("SO-1", [L("MUG", 3), L("SOAP", 1)], bench["user"])
    path = tmp_path / "pack.txt"
    path.write_text(f"SO-1\n{MUG},2\n#CMD:NEWBOX\nW 1.5\n{MUG}\n]C101{SOAP}10S1\n",
                    encoding="utf-8")
    import io
    out = io.StringIO()
    assert replay_file("pack", path, "operator", out) == 0, out.getvalue()
    assert "is packed" in out.getvalue()
    assert SalesOrder.get_by_id(order.id).status == "packed"
    assert PackBox.get(PackBox.number == 1).weight_g == 1500


def test_an_order_changed_in_the_shop_after_picking_is_refused_with_what_changed(bench,
                                                                                 tmp_path):
    from app.core.order_import import import_orders

    picked_order("S1", [L("MUG", 2)], bench["user"])
    path = tmp_path / "orders.csv"
    path.write_text("order,sku,qty\nS1,MUG,1\n", encoding="utf-8")
    import_orders(path, today=TODAY)
    station = station_for(bench)
    feedback = scan(station, "S1")
    assert feedback.level is Level.ERROR
    assert "S1 was changed in the shop (line MUG 2 -> 1 after picking: 2 unit(s) sent back " \
           "to the dock for put-away)" in feedback.message
    assert "take the units picked for it to the dock for put-away" in feedback.message
    assert "picked again with its new lines" in feedback.message
    assert PackUnit.select().count() == 0


def test_undo_takes_the_last_unit_out_of_a_closed_box_and_opens_it_again(bench):
    order = picked_order("SO-1", [L("MUG", 3)], bench["user"])
    station = station_for(bench)
    scan(station, "SO-1")
    scan(station, MUG)
    assert scan(station, "#CMD:NEWBOX").level is Level.OK
    scan(station, f"{MUG},2")
    assert SalesOrder.get_by_id(order.id).status == "packed"
    assert scan(station, "#CMD:NEWBOX").level is Level.OK
    # Box 2 was closed; undo still reaches its last unit, and box 2 is open again.
    feedback = station.undo()
    assert feedback.level is Level.OK, feedback.message
    assert feedback.message == "1 × MUG taken out of box 2. Box 2 is open again."
    assert SalesOrder.get_by_id(order.id).status == "picked"
    assert [(b.number, b.closed) for b in PackBox.select().order_by(PackBox.number)] == [
        (1, True), (2, False)]
    assert station.undo().message == "1 × MUG taken out of box 2."
    # Box 2 is empty now: the next undo reopens box 1, and the empty box 2 goes.
    assert station.undo().message == "1 × MUG taken out of box 1. Box 1 is open again."
    assert [(b.number, b.closed) for b in PackBox.select()] == [(1, False)]
    assert PackUnit.select().count() == 0
    assert station.undo().level is Level.ERROR
    # Packing on goes into box 1 again.
    assert scan(station, MUG).message == "1 × MUG into box 1."


def test_undo_never_reaches_into_a_shipped_shipment(bench):
    order = picked_order("SO-1", [L("MUG", 2)], bench["user"])
    station = station_for(bench)
    scan(station, "SO-1")
    scan(station, MUG)
    scan(station, "#CMD:PARTIAL")
    assert scan(station, "#CMD:PARTIAL").level is Level.OK
    with pytest.raises(Exception, match="shipped box stays shipped"):
        packing.unpack_last(order.id)
    assert PackUnit.select().count() == 1 and shipped_units() == 1
    # The next shipment's units come out; the shipped one's stay.
    scan(station, "SO-1")
    scan(station, MUG)
    assert station.undo().message == "1 × MUG taken out of box 1."
    assert PackUnit.select().count() == 1
    assert station.undo().level is Level.ERROR


def test_a_scale_typing_a_weight_weighs_the_box_in_grams(bench):
    picked_order("SO-1", [L("MUG", 3)], bench["user"])
    station = station_for(bench)
    assert scan(station, "1.25 kg").level is Level.ERROR  # no order yet
    scan(station, "SO-1")
    scan(station, MUG)
    scan(station, "#CMD:NEWBOX")
    answer = scan(station, "ST,GS,+0002.5lb")
    assert answer.level is Level.OK and "1.134 kg" in answer.message
    scan(station, f"{MUG},2")  # the last units pack the order: its box is weighed after
    assert station.enter("  0.840kg").level is Level.OK
    boxes = list(PackBox.select().order_by(PackBox.number))
    assert [b.weight_g for b in boxes] == [1134, 840]
    for refused in ("0.000 kg", "-1 kg", "1200 kg", "US,GS,+0001.31kg"):
        answer = scan(station, refused)
        assert answer.level is Level.ERROR, refused
    assert "zero" in scan(station, "0 g").message
    assert "1000 kg" in scan(station, "1200 kg").message
    assert "settling" in scan(station, "US,GS,+0001.31kg").message
    assert PackBox.get(PackBox.number == 2).weight_g == 840


def test_an_item_code_with_a_unit_is_an_item_not_a_weight(bench):
    picked_order("SO-1", [L("MUG", 2)], bench["user"])
    ItemBarcode.create(item=bench["mug"], code="1250 g")
    ItemBarcode.create(item=bench["mug"], code="1250")
    station = station_for(bench)
    scan(station, "SO-1")
    assert "into box" in scan(station, "1250 g").message
    assert "into box" in scan(station, "1250").message
    assert PackBox.get().weight_g is None
    assert sum(u.qty for u in PackUnit.select()) == 2


def test_a_weight_line_in_a_replay_file_weighs_the_box(bench, tmp_path):
    picked_order("SO-1", [L("MUG", 1)], bench["user"])
    path = tmp_path / "scans.txt"
    path.write_text(f"SO-1\n{MUG}\n1250 g\n", encoding="utf-8")
    import io
    out = io.StringIO()
    assert replay_file("pack", path, "operator", out) == 0, out.getvalue()
    assert PackBox.get().weight_g == 1250


def test_closing_a_box_says_so_for_the_scale(bench):
    picked_order("SO-1", [L("MUG", 2)], bench["user"])
    station = station_for(bench)
    scan(station, "SO-1")
    assert BOX_CLOSED not in scan(station, MUG).changed
    assert BOX_CLOSED in scan(station, "#CMD:NEWBOX").changed
    assert BOX_CLOSED in scan(station, MUG).changed  # the last unit closes the last box


def test_the_view_a_packed_unit_returns_is_the_order_as_read_afresh(bench):
    """The page shows the view the unit's own transaction built: it must be what a fresh read
    of the order gives, on the first unit (new shipment and box), in a second box, with a lot,
    and on the last unit."""
    user = bench["user"]
    order = picked_order("SO-1", [L("MUG", 3), L("SOAP", 2)], user)
    seen = []
    for step in ("MUG", "CLOSE", "MUG,2", "SOAP", "SOAP"):
        if step == "CLOSE":
            packing.close_box(order.id)
            continue
        sku, _, qty = step.partition(",")
        item = bench["mug"] if sku == "MUG" else bench["soap"]
        lot = None if sku == "MUG" else "S1"
        done = packing.pack_unit(order.id, item.id, lot, int(qty or 1), user)
        assert done.view == packing.view(order.id)
        seen.append((done.view.shipment, done.view.box, done.view.in_box, done.view.status))
    assert seen == [(1, 1, 1, "picked"), (1, 2, 2, "picked"), (1, 2, 3, "picked"),
                    (1, 2, 4, "packed")]
    second = picked_order("SO-2", [L("MUG", 2)], user)
    station = station_for(bench)
    scan(station, "SO-2")
    assert scan(station, MUG).level is Level.OK
    assert station.state.order == packing.view(second.id) and station.state.order.in_box == 1
