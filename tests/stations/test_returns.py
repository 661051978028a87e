"""The returns station, driven by scans as at the desk and by `replay`."""

import io
from datetime import date

import pytest

from app.core import ledger, users
from app.core.locations import DOCK, LOSS, system_location
from app.core.returns import quarantine_id
from app.db.models import Move, Quant, ReturnLine
from app.scanning.decode import DecodeConfig
from app.stations.base import Level, Scan
from app.stations.replay import replay_file
from app.stations.returns import ReturnsStation
from tests.returns_world import MUG, SOAP, TEA, TODAY, build, shipped_order
from tests.stations.typed_quantity import check_typed_quantity


@pytest.fixture
def world(db):
    world = build()
    shipped_order("SO-1", [("MUG", 3), ("SOAP", 3), ("TEA", 1)], world["user"])
    return world


def station_for(world, today=TODAY):
    return ReturnsStation(world["user"], DecodeConfig(today=today), today=lambda: today)


def scan(station, text):
    return station.handle(Scan(text))


def at(item_id, location_id):
    return sum(q.qty for q in Quant.select().where((Quant.item == item_id)
                                                   & (Quant.location == location_id)))


def test_order_then_units_with_the_reason_and_grade_in_force(world):
    station = station_for(world)
    assert "return slip" in station.prompt
    feedback = scan(station, "SO-1")
    assert feedback.level is Level.OK and "7 shipped unit(s)" in feedback.message
    feedback = scan(station, MUG)
    assert feedback.level is Level.OK, feedback.message
    assert "returned sellable (No longer wanted), to the dock" in feedback.message
    assert at(world["mug"], system_location(DOCK).id) == 1
    # The reason barcode for damaged turns the grade to damaged as well; both stay.
    assert scan(station, "#CMD:REASON:DAMAGED").level is Level.INFO
    assert station.state.grade == "damaged"
    scan(station, MUG)
    scan(station, f"{SOAP}")  # two lots shipped: which one?
    assert station.state.last.sku == "MUG"
    assert at(world["mug"], quarantine_id()) == 1
    assert [(r.reason, r.grade) for r in ReturnLine.select().order_by(ReturnLine.id)] == [
        ("no-longer-wanted", "sellable"), ("damaged", "damaged")]


def test_a_lot_must_be_named_when_the_order_shipped_several(world):
    station = station_for(world)
    scan(station, "SO-1")
    feedback = scan(station, SOAP)
    assert feedback.refused and "scan the lot" in feedback.message
    feedback = scan(station, f"01{SOAP}10S2")
    assert feedback.level is Level.OK, feedback.message
    assert "SOAP lot S2" in feedback.message


def test_one_too_many_is_refused_and_changes_nothing(world):
    station = station_for(world)
    scan(station, "SO-1")
    assert scan(station, f"{MUG},3").level is Level.OK
    before = Move.select().count()
    feedback = scan(station, MUG)
    assert feedback.refused and "came back already" in feedback.message
    assert Move.select().count() == before


def test_more_than_the_rma_announced_is_taken_back_in_amber(world):
    """The order shipped it, so it comes back; but a unit beyond what the RMA announced (or of
    an item it does not name) is amber and says so, and an undone unit no longer counts."""
    from app.db.models import Item, Rma, RmaLine, SalesOrder

    rma = Rma.create(number="RMA-9", order=SalesOrder.get(SalesOrder.number == "SO-1"))
    RmaLine.create(rma=rma, item=Item.get(Item.sku == "MUG"), qty=2, reason="damaged")
    station = station_for(world)
    assert "Expected: 2 × MUG" in scan(station, "RMA-9").message
    assert scan(station, f"{MUG},2").level is Level.OK
    third = scan(station, MUG)
    assert third.level is Level.WARNING, third.message
    assert "returned" in third.message
    assert "RMA RMA-9 announced 2 × MUG, and 3 came back: tell the office." in third.message
    assert at(world["mug"], quarantine_id()) + at(world["mug"], system_location(DOCK).id) == 3
    assert "no longer returned" in station.undo().message
    again = scan(station, MUG)
    assert again.level is Level.WARNING and "and 3 came back" in again.message
    station.undo()
    not_named = scan(station, f"01{SOAP}10S2")
    assert not_named.level is Level.WARNING, not_named.message
    assert "RMA RMA-9 does not name SOAP, and 1 came back" in not_named.message
    # Without an RMA, a unit beyond nothing announced is plain green.
    plain = station_for(world)
    scan(plain, "SO-1")
    assert scan(plain, f"01{SOAP}10S1").level is Level.OK


def test_a_kit_the_rma_names_announces_its_components(world):
    from app.db.models import Item, KitComponent, Rma, RmaLine, SalesOrder

    mugs = Item.create(sku="MUG-SET", name="Two mugs")
    KitComponent.create(kit=mugs, component=Item.get(Item.sku == "MUG"), qty=2)
    rma = Rma.create(number="RMA-10", order=SalesOrder.get(SalesOrder.number == "SO-1"))
    RmaLine.create(rma=rma, item=mugs, qty=1)
    station = station_for(world)
    scan(station, "RMA-10")
    assert [scan(station, MUG).level for _ in range(2)] == [Level.OK, Level.OK]
    third = scan(station, MUG)
    assert third.level is Level.WARNING and \
        "RMA RMA-10 announced 2 × MUG (in the kits it names), and 3 came back" in third.message


def test_an_expired_lot_is_refused_as_sellable(world):
    station = station_for(world, today=date(2026, 8, 1))
    scan(station, "SO-1")
    feedback = scan(station, TEA)
    assert feedback.refused and "Grade it damaged or scrap" in feedback.message
    scan(station, "#CMD:GRADE:DAMAGED")
    assert scan(station, TEA).level is Level.OK


def test_scrap_waits_for_a_supervisor_badge(world):
    admin = users.add_user("alex", "admin", "1111", None)
    sup = users.add_user("sam", "supervisor", "2222", admin.id)
    op = users.add_user("ana", "operator", "3333", admin.id)
    station = ReturnsStation(op.id, DecodeConfig(today=TODAY), today=lambda: TODAY)
    scan(station, "SO-1")
    scan(station, "#CMD:GRADE:SCRAP")
    feedback = scan(station, MUG)
    assert feedback.refused and "supervisor" in feedback.message
    assert station.approval_needed is not None
    feedback = scan(station, sup.badge)
    assert feedback.level is Level.OK, feedback.message
    move = Move.get(Move.kind == "return")
    assert (move.dst_id, move.approver_id) == (system_location(LOSS).id, sup.id)


def test_undo_takes_the_last_unit_back(world):
    station = station_for(world)
    scan(station, "SO-1")
    scan(station, MUG)
    feedback = station.undo()
    assert feedback.level is Level.OK and "no longer returned" in feedback.message
    assert at(world["mug"], system_location(DOCK).id) == 0
    assert station.state.order.returnable == 7
    assert station.undo().refused
    assert ledger.recompute() == []


def test_a_typed_reason_grade_and_quantity(world):
    station = station_for(world)
    scan(station, "SO-1")
    assert station.enter("wrong item").level is Level.INFO
    assert station.enter("damaged").level is Level.INFO  # a grade word sets the grade
    assert station.state.grade == "damaged" and station.state.reason.code == "wrong-item"
    assert station.enter("reason damaged").level is Level.INFO
    assert station.state.reason.code == "damaged"
    assert station.enter("sellable").level is Level.INFO
    assert station.enter("2").level is Level.INFO
    feedback = scan(station, MUG)
    assert feedback.level is Level.OK and "2 × MUG" in feedback.message



def test_a_typed_quantity_counts_only_while_an_order_is_open(world):
    check_typed_quantity(station_for(world), "SO-1", MUG, "MUG", "scan the returned item.")


def test_refusals_say_what_to_do(world):
    station = station_for(world)
    assert "Scan the order number" in scan(station, MUG).message
    assert "Reasons here" in scan(station, "#CMD:REASON:LOST-IN-SPACE").message
    assert "Commands here" in scan(station, "#CMD:NEWBOX").message


def test_an_order_not_shipped_cannot_take_returns(world):
    from app.core import orders

    orders.create_order("SO-9", [orders.OrderLineInput("MUG", 1)], today=TODAY)
    feedback = scan(station_for(world), "SO-9")
    assert feedback.refused and "nothing of it was shipped" in feedback.message


def test_replay_drives_the_returns_station(world, tmp_path):
    path = tmp_path / "returns.txt"
    path.write_text("SO-1\n#CMD:REASON:WRONG-ITEM\n" + MUG + ",2\n#CMD:GRADE:DAMAGED\n"
                    f"01{SOAP}10S1\n#CMD:UNDO\n#CMD:FINISH\n", encoding="utf-8")
    out = io.StringIO()
    assert replay_file("returns", path, "operator", out) == 0, out.getvalue()
    assert at(world["mug"], system_location(DOCK).id) == 2
    assert at(world["soap"], quarantine_id()) == 0
    assert "Order SO-1 done" in out.getvalue()
