"""Allocating kit lines: each component by its own removal strategy, whole kits only, built
kits first, the stock never promised twice."""

from datetime import date, datetime

import pytest

from app.core import allocation, kits, ledger, orders, picking
from app.core.locations import system_location
from app.core.orders import OrderLineInput as L
from app.db.models import Item, Location, Lot, Reservation, SalesOrder, SalesOrderLine, User

TODAY = date(2026, 6, 1)


@pytest.fixture
def shop(db):
    user = User.get(User.name == "operator").id
    bins = {c: Location.create(code=c, kind="bin", sequence=i)
            for i, c in enumerate(["A-01", "A-02", "A-03", "B-01"])}
    Item.create(sku="MUG", name="Mug")
    tea = Item.create(sku="TEA", name="Tea", tracking="expiry", removal="fefo",
                      min_shelf_life_days=30)
    Item.create(sku="SAND", name="Sand", removal="lifo")
    Item.create(sku="GIFT", name="Gift box")
    Item.create(sku="DUO", name="Two mugs and sand")
    lots = {code: Lot.create(item=tea, code=code, expiry=expiry) for code, expiry in
            (("SOON", "2026-06-20"), ("MID", "2026-09-30"), ("LATE", "2027-03-31"))}
    supplier = system_location("SUPPLIER").id

    def put(sku, bin_code, qty, at, lot=None):
        item = Item.get(Item.sku == sku)
        ledger.post([ledger.MoveRequest(item.id, lots[lot].id if lot else None, supplier,
                                        bins[bin_code].id, qty, "receipt")], user, at=at)

    put("MUG", "A-02", 5, datetime(2026, 1, 1))
    put("MUG", "A-01", 5, datetime(2026, 3, 1))
    put("SAND", "A-01", 4, datetime(2026, 1, 1))
    put("SAND", "A-02", 4, datetime(2026, 4, 1))
    put("TEA", "A-01", 9, datetime(2026, 1, 1), "LATE")
    put("TEA", "A-03", 9, datetime(2026, 2, 1), "SOON")  # inside the shelf life: never
    put("TEA", "B-01", 4, datetime(2026, 5, 1), "MID")
    kits.set_components("GIFT", {"MUG": 2, "TEA": 1, "SAND": 1})
    kits.set_components("DUO", {"MUG": 2, "SAND": 3})
    return {"user": user, "bins": bins, "put": put}


def held(number):
    order = SalesOrder.get(SalesOrder.number == number)
    return [(r.item.sku, r.location.code, r.lot.code if r.lot else None, r.qty)
            for r in Reservation.select().join(SalesOrderLine)
            .where(SalesOrderLine.order == order).order_by(Reservation.item, Reservation.id)]


def test_each_component_is_reserved_by_its_own_strategy(shop):
    order = orders.create_order("S1", [L("GIFT", 3)], today=TODAY)
    assert order.status == "allocated"
    assert sorted(held("S1")) == sorted([
        ("MUG", "A-02", None, 5), ("MUG", "A-01", None, 1),  # FIFO: oldest first
        ("TEA", "B-01", "MID", 3),  # FEFO: earliest expiry that may still be sold
        ("SAND", "A-02", None, 3),  # LIFO: newest first
    ])
    assert Reservation.get(Reservation.item == Item.get(Item.sku == "TEA")).reason.startswith(
        "component of kit GIFT: FEFO")
    assert allocation.reservation_mismatches() == []


def test_whole_kits_only_the_rest_is_a_backorder(shop):
    # 8 sand make two DUO kits (3 each); the third would only be half a kit.
    result = allocation.allocate_order(orders.create_order("S1", [L("DUO", 3)],
                                                           allocate=False).id, TODAY)
    assert result.status == "partial"
    line = SalesOrderLine.get()
    assert result.backorder == {line.id: 1}
    assert sorted(held("S1")) == sorted([("MUG", "A-02", None, 4),
                                         ("SAND", "A-02", None, 4), ("SAND", "A-01", None, 2)])
    need = allocation.line_needs(line.order_id)[0]
    assert (need.ordered, need.reserved, need.open) == (3, 2, 1)


def test_nothing_is_reserved_when_not_one_kit_can_be_made(shop):
    orders.create_order("S0", [L("SAND", 6)], today=TODAY)
    order = orders.create_order("S1", [L("DUO", 1)], today=TODAY)
    assert order.status == "open"
    assert held("S1") == []


def test_built_kits_are_reserved_before_components(shop):
    shop["put"]("GIFT", "B-01", 1, datetime(2026, 2, 1))
    orders.create_order("S1", [L("GIFT", 2)], today=TODAY)
    assert sorted(held("S1")) == sorted([
        ("GIFT", "B-01", None, 1),
        ("MUG", "A-02", None, 2), ("TEA", "B-01", "MID", 1), ("SAND", "A-02", None, 1)])
    assert Reservation.get(Reservation.item == Item.get(Item.sku == "GIFT")).reason \
        .startswith("built kit GIFT: FIFO")


def test_components_held_by_kits_are_not_promised_again(shop):
    orders.create_order("S1", [L("DUO", 2)], today=TODAY)
    plain = orders.create_order("S2", [L("SAND", 3)], today=TODAY)
    assert plain.status == "partial"
    assert held("S2") == [("SAND", "A-01", None, 2)]
    assert allocation.reservation_mismatches() == []


def test_a_short_component_gives_back_the_rest_of_its_kit(shop):
    orders.create_order("S1", [L("DUO", 1)], today=TODAY)
    orders.create_order("S2", [L("SAND", 5)], today=TODAY)  # every other sand is taken
    order = SalesOrder.get(SalesOrder.number == "S1")
    pick_list = picking.create_pick_list([order.id])
    sand = next(t for t in picking.tasks(pick_list.id) if t.sku == "SAND")
    assert sand.kit == "DUO"
    result = picking.report_short(sand, shop["user"], TODAY)
    assert (result.missing, result.reallocated, result.backorder) == (3, 0, 3)
    # No other sand is free: the mugs are released too, not kept as half a kit.
    assert held("S1") == []
    assert SalesOrder.get_by_id(order.id).status == "open"
    assert allocation.reservation_mismatches() == []


def test_a_short_component_is_reserved_again_from_another_bin(shop):
    order = orders.create_order("S1", [L("DUO", 1)], today=TODAY)
    pick_list = picking.create_pick_list([order.id])
    sand = next(t for t in picking.tasks(pick_list.id) if t.sku == "SAND")
    assert sand.bin == "A-02"  # LIFO: the newest sand
    result = picking.report_short(sand, shop["user"], TODAY)
    assert (result.missing, result.reallocated, result.backorder) == (3, 3, 0)
    assert sorted(held("S1")) == [("MUG", "A-02", None, 2), ("SAND", "A-01", None, 3)]
    assert SalesOrder.get_by_id(order.id).status == "allocated"


def test_a_kits_recipe_cannot_change_while_an_order_holds_stock_for_it(shop):
    orders.create_order("S1", [L("DUO", 1)], today=TODAY)
    with pytest.raises(kits.BinwiseError, match="Order S1 holds stock for kit DUO"):
        kits.add_component("DUO", "TEA", 1)
    kits.set_components("DUO", {"MUG": 2, "SAND": 3})  # the same recipe again is fine


def available(sku):
    return next(r for r in orders.available_to_promise(TODAY) if r.sku == sku)


def test_a_kits_availability_is_built_kits_plus_whole_sets_of_free_components(shop):
    # Free: MUG 10, TEA 22 (lot SOON is sellable stock, only not allocatable), SAND 8.
    assert available("GIFT").available == 5  # min(10 // 2, 22 // 1, 8 // 1)
    assert available("DUO").available == 2  # min(10 // 2, 8 // 3)
    shop["put"]("GIFT", "B-01", 2, datetime(2026, 2, 1))
    gift = available("GIFT")
    assert (gift.on_hand, gift.reserved, gift.available) == (2, 0, 7)


def test_a_component_shared_by_two_kits_counts_what_kits_reserved(shop):
    orders.create_order("S1", [L("DUO", 1)], today=TODAY)  # holds 2 mugs and 3 sand
    mug, sand = available("MUG"), available("SAND")
    assert (mug.reserved, mug.available) == (2, 8)
    assert (sand.reserved, sand.available) == (3, 5)
    # Both kits draw on the same 8 free mugs and 5 free sand: each is offered as many as
    # the free components make on their own.
    assert available("GIFT").available == 4  # min(8 // 2, 22, 5)
    assert available("DUO").available == 1  # min(8 // 2, 5 // 3)
    orders.create_order("S2", [L("GIFT", 4)], today=TODAY)
    assert available("DUO").available == 0  # 0 mugs free: min(0 // 2, 1 // 3)
    assert available("MUG").available == 0


def test_order_summaries_count_kit_lines_in_kits(shop):
    order = orders.create_order("S1", [L("DUO", 3), L("MUG", 1)], today=TODAY)
    summary = orders.order_summaries(order_id=order.id)[0]
    # 2 whole DUO kits (not their 10 component units) and the mug; 1 kit waits for stock.
    assert (summary.ordered, summary.reserved, summary.picked) == (4, 3, 0)
