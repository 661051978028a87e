"""The pick station: the path, scan-confirmed picks, lots, short picks, packing and shipping."""

from datetime import date, datetime

import pytest

from app.core import allocation, ledger, orders, packing, picking
from app.core.errors import BinwiseError
from app.core.locations import system_location
from app.core.orders import OrderLineInput as L
from app.db.models import (
    CountRequest,
    Item,
    ItemBarcode,
    Location,
    Lot,
    Move,
    Quant,
    SalesOrder,
    User,
)
from app.scanning.decode import DecodeConfig
from app.stations.base import Level, Scan
from app.stations.pick import PickStation

TODAY = date(2026, 6, 1)
TEA_GTIN = "04012345000108"


@pytest.fixture
def floor(db):
    user = User.get(User.name == "operator").id
    wh = Location.get(Location.code == "WH")
    zone_a = Location.create(code="A", kind="zone", parent=wh, sequence=1)
    zone_b = Location.create(code="B", kind="zone", parent=wh, sequence=2)
    bins = {}
    for code, zone, seq in (("B-01", zone_b, 1), ("A-02", zone_a, 2), ("A-01", zone_a, 1),
                            ("A-03", zone_a, 3)):
        bins[code] = Location.create(code=code, kind="bin", parent=zone, sequence=seq)
    mug = Item.create(sku="MUG", name="Mug")
    tea = Item.create(sku="TEA", name="Tea", tracking="expiry", removal="fefo")
    ItemBarcode.create(item=mug, code="04012345000016")
    ItemBarcode.create(item=tea, code=TEA_GTIN)
    lots = {c: Lot.create(item=tea, code=c, expiry=e) for c, e in
            (("T1", "2026-08-31"), ("T2", "2026-08-31"), ("T3", "2027-01-31"))}
    supplier = system_location("SUPPLIER").id

    def put(item, code, qty, lot=None, at=datetime(2026, 1, 1)):
        ledger.post([ledger.MoveRequest(item.id, lots[lot].id if lot else None, supplier,
                                        bins[code].id, qty, "receipt")], user, at=at)

    put(mug, "B-01", 10)
    put(mug, "A-03", 2, at=datetime(2026, 2, 1))
    put(tea, "A-01", 3, "T1")
    put(tea, "A-01", 5, "T2", at=datetime(2026, 1, 2))
    put(tea, "A-01", 5, "T3")
    put(tea, "A-02", 5, "T3")
    station = PickStation(user, DecodeConfig(today=TODAY), today=lambda: TODAY)
    return {"user": user, "station": station, "bins": bins, "lots": lots}


def scan(station, text):
    return station.handle(Scan(text))


def test_pick_a_whole_order_in_path_order_then_pack_and_ship(floor):
    orders.create_order("SO-1", [L("MUG", 3), L("TEA", 2)], today=TODAY)
    station = floor["station"]
    feedback = scan(station, "SO-1")
    assert feedback.level is Level.OK and "2 pick(s)" in feedback.message
    # Zone A before zone B, whatever the line order.
    assert [t.bin for t in station.state.remaining_tasks] == ["A-01", "B-01"]
    assert station.prompt == "Go to A-01: scan the bin"
    assert scan(station, "A-01").level is Level.INFO
    assert station.prompt == "Pick 2 × TEA lot T1 from A-01"
    assert scan(station, f"]C101{TEA_GTIN}1726083110T1").level is Level.OK
    assert scan(station, f"]C101{TEA_GTIN}1726083110T1").level is Level.OK
    assert station.prompt == "Go to B-01: scan the bin"
    scan(station, "B-01")
    scan(station, "4012345000016")
    feedback = station.enter("2")  # item confirmed: typing picks the rest
    assert feedback.level is Level.OK and "Pick list done" in feedback.message
    order = SalesOrder.get(SalesOrder.number == "SO-1")
    assert order.status == "picked"
    assert station.awaiting == "pack"
    assert station.prompt == "All picked: take order SO-1 to Pack (Shift+F4)"
    moves = Move.select().count()
    handed = scan(station, "SO-1")
    assert handed.level is Level.INFO
    assert handed.message == "Order SO-1 is picked: take it to Pack (Shift+F4) and scan it there."
    assert (Move.select().count(), SalesOrder.get_by_id(order.id).status) == (moves, "picked")
    for line in packing.view(order.id).lines:
        packing.pack_unit(order.id, line.item_id, line.lot, line.to_pack, floor["user"])
    shipped = picking.ship_order(SalesOrder.get_by_id(order.id), floor["user"])
    assert shipped == 5
    assert Quant.select().join(Location).where(Location.code == "PACK").count() == 0
    assert ledger.recompute() == [] and allocation.reservation_mismatches() == []


def test_wrong_bin_and_wrong_item_are_refused(floor):
    orders.create_order("SO-1", [L("MUG", 1)], today=TODAY)
    station = floor["station"]
    scan(station, "SO-1")
    moves = Move.select().count()
    assert "Wrong bin: A-01. This pick is in B-01." in scan(station, "A-01").message
    assert "Scan the bin B-01 first" in scan(station, "MUG").message
    scan(station, "B-01")
    assert "Wrong item: TEA" in scan(station, TEA_GTIN[1:]).message
    assert "Too many" in scan(station, "MUG,2").message
    assert Move.select().count() == moves


def test_another_lot_only_if_it_keeps_fefo_order(floor):
    orders.create_order("SO-1", [L("TEA", 3)], today=TODAY)
    station = floor["station"]
    scan(station, "SO-1")
    scan(station, "A-01")
    # T3 expires later than the allocated T1: refused.
    feedback = scan(station, f"]C101{TEA_GTIN}1727013110T3")
    assert feedback.level is Level.ERROR and "FEFO" in feedback.message
    # T2 expires the same day: accepted, the reservation moves with it.
    feedback = scan(station, f"]C101{TEA_GTIN}1726083110T2")
    assert feedback.level is Level.OK
    assert station.state.task.lot == "T2"
    picked = Move.select().where(Move.kind == "pick").get()
    assert picked.lot.code == "T2"
    assert allocation.reservation_mismatches() == []


def test_short_pick_reallocates_queues_a_count_and_backorders(floor):
    orders.create_order("SO-1", [L("MUG", 11)], today=TODAY)
    station = floor["station"]
    scan(station, "SO-1")
    tasks = station.state.remaining_tasks
    # FIFO takes B-01 (older) first; the path still walks zone A first.
    assert [(t.bin, t.qty) for t in tasks] == [("A-03", 1), ("B-01", 10)]
    scan(station, "A-03")
    scan(station, "MUG")
    scan(station, "B-01")
    scan(station, "MUG,4")
    feedback = station.enter("short")
    assert feedback.message.startswith("Report 6 × MUG missing in B-01? Press F8")
    assert CountRequest.select().count() == 0  # asked, not done
    feedback = station.enter("short")
    assert feedback.level is Level.WARNING
    assert "6 × MUG missing in B-01" in feedback.message
    assert "1 re-allocated" in feedback.message and "5 on backorder" in feedback.message
    assert [(t.bin, t.qty) for t in station.state.remaining_tasks] == [("A-03", 1)]
    # The short cannot be undone, and Ctrl+Z says so instead of undoing an earlier pick.
    assert "cannot be undone" in station.undo().message
    assert Move.select().where(Move.kind == "pick").count() == 2
    # A new pick: its bin and item are scanned again, whatever id its reservation got.
    assert station.awaiting == "bin"
    assert station.enter("1").level is Level.ERROR  # no typed quantity before the bin scan
    request = CountRequest.get()
    assert (request.location.code, request.kind) == ("B-01", "short")
    order = SalesOrder.get(SalesOrder.number == "SO-1")
    assert order.status == "picking"
    # The bin waiting for its count is not offered again.
    other = orders.create_order("SO-2", [L("MUG", 1)], today=TODAY)
    assert other.status == "open"
    # New stock arrives: the order being picked gets its backorder reserved again.
    ledger.post([ledger.MoveRequest(Item.get(Item.sku == "MUG").id, None,
                                    system_location("SUPPLIER").id, floor["bins"]["A-02"].id,
                                    20, "receipt")], floor["user"])
    orders.allocate_open_orders(TODAY)
    assert allocation.line_needs(order.id)[0].open == 0
    assert allocation.reservation_mismatches() == [] and ledger.recompute() == []


def test_undo_puts_the_pick_back_and_reserves_it_again(floor):
    orders.create_order("SO-1", [L("MUG", 2)], today=TODAY)
    station = floor["station"]
    scan(station, "SO-1")
    scan(station, "B-01")
    scan(station, "MUG")
    assert station.undo().level is Level.WARNING
    assert Quant.select().join(Location).where(Location.code == "PACK").count() == 0
    assert station.state.task.qty == 2
    assert allocation.reservation_mismatches() == []
    assert SalesOrder.get().status == "allocated"


def test_an_order_is_on_one_open_pick_list_at_a_time(floor):
    order = orders.create_order("SO-1", [L("MUG", 1)], today=TODAY)
    first = picking.pick_list_for_order(order)
    assert picking.pick_list_for_order(SalesOrder.get_by_id(order.id)).id == first.id
    with pytest.raises(BinwiseError, match="already on pick list"):
        picking.create_pick_list([order.id])
    station = floor["station"]
    scan(station, "SO-1")
    scan(station, "B-01")
    scan(station, "MUG")
    from app.db.models import PickList

    assert PickList.get_by_id(first.id).status == "done"


def test_orders_that_cannot_be_picked(floor):
    station = floor["station"]
    orders.create_order("SO-9", [L("MUG", 99)], allocate=False, today=TODAY)
    assert "backorder" in scan(station, "SO-9").message
    assert "not an order" in scan(station, "A-01").message


def test_a_lot_that_may_not_be_picked_says_which_rule_and_what_to_do(floor):
    tea = Item.get(Item.sku == "TEA")
    old = Lot.create(item=tea, code="T0", expiry="2026-05-01")
    ledger.post([ledger.MoveRequest(tea.id, old.id, system_location("SUPPLIER").id,
                                    floor["bins"]["A-01"].id, 4, "receipt")], floor["user"])
    orders.create_order("SO-2", [L("TEA", 8)], today=TODAY)  # takes all of T1 and T2
    orders.create_order("SO-1", [L("TEA", 3)], today=TODAY)  # gets T3
    station = floor["station"]
    scan(station, "SO-1")
    scan(station, "A-01")
    assert station.state.task.lot == "T3"
    feedback = scan(station, f"]C101{TEA_GTIN}1726050110T0")
    assert feedback.level is Level.ERROR
    assert feedback.message == ("Lot T0 of TEA expired on 2026-05-01: it is never picked or "
                                "sold. Set it aside for your supervisor to write off. Pick lot "
                                "T3.")
    feedback = scan(station, f"]C101{TEA_GTIN}1726083110T2")
    assert feedback.level is Level.ERROR
    assert feedback.message == ("All 5 × TEA lot T2 in A-01 are reserved for orders waiting "
                                "to be picked: none of it may be taken or moved. Pick or "
                                "cancel those orders first. Pick lot T3.")


def test_a_plain_barcode_in_a_bin_with_several_lots_asks_for_the_lot(floor):
    orders.create_order("SO-1", [L("TEA", 2)], today=TODAY)
    station = floor["station"]
    scan(station, "SO-1")
    scan(station, "A-01")  # holds T1, T2 and T3 of the tea
    moves = Move.select().count()
    feedback = scan(station, TEA_GTIN[1:])
    assert feedback.level is Level.WARNING
    assert "holds lots T1, T2, T3 of TEA: scan the lot label (lot T1)" in feedback.message
    assert Move.select().count() == moves and station.state.picked_of_task == 0
    assert scan(station, "T1").level is Level.OK  # the lot label, or its code typed
    assert Move.select().where(Move.kind == "pick").get().lot.code == "T1"


def test_a_plain_barcode_picks_when_the_bin_holds_only_the_reserved_lot(floor):
    bins, lots = floor["bins"], floor["lots"]
    tea = Item.get(Item.sku == "TEA")
    ledger.post([ledger.MoveRequest(tea.id, lots[c].id, bins["A-01"].id, bins["A-03"].id, 5,
                                    "transfer") for c in ("T2", "T3")], floor["user"])
    orders.create_order("SO-1", [L("TEA", 2)], today=TODAY)
    station = floor["station"]
    scan(station, "SO-1")
    assert station.task.bin == "A-01" and station.task.lot == "T1"
    scan(station, "A-01")
    assert scan(station, TEA_GTIN[1:]).level is Level.OK


def test_a_pick_list_names_its_orders_by_number_with_their_status_as_it_is_now(floor):
    second = orders.create_order("SO-2", [L("MUG", 1)], today=TODAY)
    first = orders.create_order("so-1", [L("MUG", 1)], today=TODAY)
    pick_list = picking.create_pick_list([second.id, first.id])
    listed = picking.orders_of(pick_list.id)
    assert [(o.id, o.number, o.status) for o in listed] == \
        [(first.id, "so-1", "allocated"), (second.id, "SO-2", "allocated")]
    # Another station changes an order between two scans: the next read shows it.
    SalesOrder.update(status="picked").where(SalesOrder.id == first.id).execute()
    assert [o.status for o in picking.orders_of(pick_list.id)] == ["picked", "allocated"]
    station = floor["station"]
    scan(station, pick_list.number)
    assert station.state.orders == ("so-1", "SO-2")
    assert station.state.to_pack == ("so-1",)
