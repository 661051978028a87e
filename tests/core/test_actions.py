"""User actions decide on the database as it is, not on the caller's copy: a stale order, count
or reservation is refused or handled by what it really is now."""

from datetime import date

import pytest

from app.core import counting, ledger, orders, packing, picking
from app.core.count_policy import CountPolicy
from app.core.count_schedule import add_adhoc_bin
from app.core.count_views import cancel_open_count, open_counts
from app.core.errors import BinwiseError
from app.core.locations import SUPPLIER, system_location
from app.core.orders import OrderLineInput
from app.core.stock import check_report
from app.db.models import Count, CountLine, Item, Location, Move, Reservation, SalesOrder, User
from tests import pg

TODAY = date(2026, 6, 1)


@pytest.fixture
def user(db):
    return User.get(User.name == "operator").id


def stock(sku, bin_code, qty, user):
    item = Item.get_or_none(Item.sku == sku) or Item.create(sku=sku, name=sku)
    location = Location.get_or_none(Location.code == bin_code) or \
        Location.create(code=bin_code, kind="bin")
    ledger.post([ledger.MoveRequest(item.id, None, system_location(SUPPLIER).id, location.id,
                                    qty, "receipt")], user)
    return item, location


def packed_order(number, user):
    stock("MUG", "A-01", 2, user)
    order = orders.create_order(number, [OrderLineInput("MUG", 2)], today=TODAY)
    for task in picking.tasks(picking.create_pick_list([order.id]).id):
        picking.pick(task, task.qty, user)
    packing.pack_unit(order.id, order.lines[0].item_id, None, 2, user)
    return SalesOrder.get_by_id(order.id)


def test_a_stale_packed_order_is_not_shipped_twice(user):
    order = packed_order("SO-1", user)
    stale = SalesOrder.get_by_id(order.id)  # another station's copy, still "packed"
    assert picking.ship_order(order, user) == 2
    with pytest.raises(BinwiseError, match="already shipped"):
        picking.ship_order(stale, user)
    assert Move.select().where(Move.kind == "ship").count() == 1
    assert check_report() == []


def test_a_packed_order_takes_no_unit_more(user):
    order = packed_order("SO-1", user)
    with pytest.raises(BinwiseError, match="is packed"):
        packing.pack_unit(order.id, order.lines[0].item_id, None, 1, user)


def test_a_stale_open_order_is_not_cancelled_once_picking(user):
    stock("MUG", "A-01", 3, user)
    order = orders.create_order("SO-1", [OrderLineInput("MUG", 2)], today=TODAY)
    task = picking.tasks(picking.create_pick_list([order.id]).id)[0]
    picking.pick(task, 1, user)
    with pytest.raises(BinwiseError, match="picking"):
        orders.cancel_order(order)  # the caller's copy still says "allocated"
    assert SalesOrder.get_by_id(order.id).status == "picking"
    assert check_report() == []


@pytest.mark.skipif(bool(pg.SERVER), reason="PostgreSQL's sequences never hand an id out twice")
def test_undoing_a_pick_reserves_for_its_own_line_not_a_reused_id(user):
    stock("MUG", "A-01", 1, user)
    stock("TEA", "B-01", 5, user)
    first = orders.create_order("SO-1", [OrderLineInput("MUG", 1)], today=TODAY)
    task = picking.tasks(picking.create_pick_list([first.id]).id)[0]
    move_id = picking.pick(task, 1, user)
    # Another station's order takes the next reservation id, which is the one just used up.
    other = orders.create_order("SO-2", [OrderLineInput("TEA", 3)], today=TODAY)
    taken = Reservation.get(Reservation.item == Item.get(Item.sku == "TEA").id)
    assert taken.id == task.reservation_id
    picking.undo_pick(move_id, task, user)
    assert Reservation.get_by_id(taken.id).qty == 3
    mine = Reservation.get(Reservation.item == Item.get(Item.sku == "MUG").id)
    assert (mine.line_id, mine.qty) == (task.line_id, 1)
    assert SalesOrder.get_by_id(first.id).status == "allocated"
    assert SalesOrder.get_by_id(other.id).status == "allocated"
    assert check_report() == []


def test_check_names_a_reservation_the_balance_does_not_carry(user):
    stock("MUG", "A-01", 3, user)
    orders.create_order("SO-1", [OrderLineInput("MUG", 2)], today=TODAY)
    Reservation.update(qty=1).execute()  # behind the ledger's back
    assert check_report() == ["MUG lot - in A-01: reserved 2, reservations say 1"]


def test_a_count_is_started_once(user):
    stock("MUG", "A-01", 3, user)
    count = add_adhoc_bin(Location.get(Location.code == "A-01"), TODAY)
    stale = Count.get_by_id(count.id)
    counting.start(count, user)
    with pytest.raises(BinwiseError, match="counting"):
        counting.start(stale, user)
    assert CountLine.select().where(CountLine.count == count.id).count() == 1


def test_a_variance_is_approved_once(user):
    item, location = stock("MUG", "A-01", 5, user)
    count = Count.create(location=location, kind="recount", status="review", planned_for=TODAY)
    line = CountLine.create(count=count, item=item, expected=5, counted=4, status="review")
    stale = CountLine.get_by_id(line.id)
    counting.decide(line, True, user, TODAY)
    with pytest.raises(BinwiseError, match="not waiting for review"):
        counting.decide(stale, True, user, TODAY)
    assert Move.select().where(Move.kind == "adjust").count() == 1
    assert check_report() == []


def test_an_open_count_is_listed_and_cancelled_without_booking_anything(user):
    stock("MUG", "A-01", 5, user)
    count = add_adhoc_bin(Location.get(Location.code == "A-01"), TODAY)
    counting.start(count, user)
    counting.record(count, Item.get(Item.sku == "MUG").id, None, 2)
    [left] = open_counts()
    assert (left.bin, left.counted, left.user) == ("A-01", 2, "operator")
    assert "cancelled" in cancel_open_count("a-01")
    assert open_counts() == []
    assert CountLine.select().count() == 0
    assert Move.select().where(Move.kind == "adjust").count() == 0
    with pytest.raises(BinwiseError, match="No count of A-01 is open"):
        cancel_open_count("A-01")
    # The bin can be counted again, and a cancelled count cannot be closed.
    again = add_adhoc_bin(Location.get(Location.code == "A-01"), TODAY)
    assert again.id != count.id
    with pytest.raises(BinwiseError, match="not being counted"):
        counting.close(count, user, CountPolicy(), TODAY)
