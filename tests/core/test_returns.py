"""app.core.returns: units of a shipped order back into stock, quarantine or loss."""

from datetime import date

import pytest

from app.core import ledger, orders, returns, users
from app.core.errors import BinwiseError
from app.core.locations import DOCK, LOSS, system_location
from app.core.return_reasons import DEFAULT_REASONS
from app.db.models import Move, Quant, ReturnLine
from tests.returns_world import TODAY, build, shipped_order

DAMAGED, UNWANTED = DEFAULT_REASONS[0], DEFAULT_REASONS[3]


@pytest.fixture
def world(db):
    world = build()
    world["order"] = shipped_order("SO-1", [("MUG", 2), ("SOAP", 3), ("TEA", 1)],
                                   world["user"]).id
    return world


def qty_at(item_id, location_id):
    return sum(q.qty for q in Quant.select().where((Quant.item == item_id)
                                                   & (Quant.location == location_id)))


def test_a_sellable_return_goes_to_the_dock_and_is_available_at_once(world):
    before = {a.sku: a.available for a in orders.available_to_promise(TODAY)}
    done = returns.return_unit(world["order"], world["mug"], None, 1, UNWANTED, "sellable",
                               world["user"], today=TODAY)
    assert done.location == "DOCK"
    assert qty_at(world["mug"], system_location(DOCK).id) == 1
    after = {a.sku: a.available for a in orders.available_to_promise(TODAY)}
    assert after["MUG"] == before["MUG"] + 1
    move = Move.get_by_id(done.move_id)
    assert (move.kind, move.doc_type, move.doc_id) == ("return", "order", world["order"])
    line = ReturnLine.get(ReturnLine.move == done.move_id)
    assert (line.reason, line.grade) == ("no-longer-wanted", "sellable")
    assert ledger.recompute() == []


def test_a_damaged_return_is_quarantined_never_available_or_allocated(world):
    before = {a.sku: (a.on_hand, a.available) for a in orders.available_to_promise(TODAY)}
    returns.return_unit(world["order"], world["mug"], None, 2, DAMAGED, "damaged",
                        world["user"], today=TODAY)
    assert qty_at(world["mug"], returns.quarantine_id()) == 2
    after = {a.sku: (a.on_hand, a.available) for a in orders.available_to_promise(TODAY)}
    assert after["MUG"] == before["MUG"]
    # Only 8 left in the bin: an order for 10 gets 8, never the quarantined two.
    order = orders.create_order("SO-2", [orders.OrderLineInput("MUG", 10)], today=TODAY)
    reserved = {(r.location_id, r.qty) for r in order.lines[0].reservations}
    assert reserved == {(world["bin"], 8)}


def test_replenishment_does_not_count_quarantined_stock(world):
    from app.core.replenishment import data

    returns.return_unit(world["order"], world["mug"], None, 2, DAMAGED, "damaged",
                        world["user"], today=TODAY)
    assert data.on_hand(TODAY)[world["mug"]] == (8, 0)
    assert ledger.recompute() == []


def test_never_more_than_shipped_counting_earlier_returns(world):
    returns.return_unit(world["order"], world["mug"], None, 1, UNWANTED, "sellable",
                        world["user"], today=TODAY)
    with pytest.raises(BinwiseError, match="shipped 2 × MUG and 1 came back already"):
        returns.return_unit(world["order"], world["mug"], None, 2, UNWANTED, "sellable",
                            world["user"], today=TODAY)
    returns.return_unit(world["order"], world["mug"], None, 1, DAMAGED, "damaged",
                        world["user"], today=TODAY)
    with pytest.raises(BinwiseError, match="came back already"):
        returns.return_unit(world["order"], world["mug"], None, 1, DAMAGED, "damaged",
                            world["user"], today=TODAY)
    assert Move.select().where(Move.kind == "return").count() == 2


def test_per_lot_only_lots_the_order_shipped(world):
    shipped = {x.lot: x.shipped for x in returns.view(world["order"]).lines if x.sku == "SOAP"}
    assert shipped == {"S1": 2, "S2": 1}
    with pytest.raises(BinwiseError, match="scan the lot"):
        returns.return_unit(world["order"], world["soap"], None, 1, DAMAGED, "damaged",
                            world["user"], today=TODAY)
    with pytest.raises(BinwiseError, match="Lot S9 was not shipped"):
        returns.return_unit(world["order"], world["soap"], "S9", 1, DAMAGED, "damaged",
                            world["user"], today=TODAY)
    with pytest.raises(BinwiseError, match="came back already"):
        returns.return_unit(world["order"], world["soap"], "S2", 2, DAMAGED, "damaged",
                            world["user"], today=TODAY)
    done = returns.return_unit(world["order"], world["soap"], "S2", 1, DAMAGED, "damaged",
                               world["user"], today=TODAY)
    assert done.lot == "S2"


def test_an_item_the_order_never_shipped_is_refused(world):
    from app.db.models import Item

    other = Item.get(Item.sku == "OTHER").id
    with pytest.raises(BinwiseError, match="shipped no such item"):
        returns.return_unit(world["order"], other, None, 1, DAMAGED, "damaged", world["user"])


def test_an_expired_lot_is_never_sellable(world):
    with pytest.raises(BinwiseError, match="expired on 2026-07-01"):
        returns.return_unit(world["order"], world["tea"], None, 1, UNWANTED, "sellable",
                            world["user"], today=date(2026, 7, 2))
    assert Move.select().where(Move.kind == "return").count() == 0
    done = returns.return_unit(world["order"], world["tea"], None, 1, UNWANTED, "damaged",
                               world["user"], today=date(2026, 7, 2))
    assert done.lot == "T1"


def test_scrap_needs_a_supervisor_who_is_recorded(world):
    admin = users.add_user("alex", "admin", "1111", None)
    sup = users.add_user("sam", "supervisor", "2222", admin.id)
    op = users.add_user("ana", "operator", "3333", admin.id)
    with pytest.raises(users.PermissionDeniedError, match="supervisor"):
        returns.return_unit(world["order"], world["mug"], None, 1, DAMAGED, "scrap", op.id)
    done = returns.return_unit(world["order"], world["mug"], None, 1, DAMAGED, "scrap", op.id,
                               approver_id=sup.id)
    move = Move.get_by_id(done.move_id)
    assert move.dst_id == system_location(LOSS).id
    assert (move.user_id, move.approver_id) == (op.id, sup.id)


def test_undo_takes_the_unit_back_out(world):
    done = returns.return_unit(world["order"], world["mug"], None, 2, UNWANTED, "sellable",
                               world["user"], today=TODAY)
    returns.undo_return(done.move_id, world["user"])
    assert qty_at(world["mug"], system_location(DOCK).id) == 0
    assert [x.returned for x in returns.view(world["order"]).lines if x.sku == "MUG"] == [0]
    with pytest.raises(BinwiseError, match="already undone"):
        returns.undo_return(done.move_id, world["user"])


def test_undo_after_put_away_says_what_to_do(world):
    done = returns.return_unit(world["order"], world["mug"], None, 1, UNWANTED, "sellable",
                               world["user"], today=TODAY)
    ledger.post([ledger.MoveRequest(world["mug"], None, system_location(DOCK).id, world["bin"],
                                    1, "putaway")], world["user"])
    with pytest.raises(BinwiseError, match="no longer in DOCK"):
        returns.undo_return(done.move_id, world["user"])


def test_the_reasons_list_is_configurable_by_a_supervisor(db):
    from app.core import return_reasons

    assert [r.text for r in return_reasons.reasons()] == [r.text for r in DEFAULT_REASONS]
    admin = users.add_user("alex", "admin", "1111", None)
    op = users.add_user("ana", "operator", "3333", admin.id)
    new = [return_reasons.parse("Broken in transit"), return_reasons.parse("late=Too late")]
    with pytest.raises(users.PermissionDeniedError):
        return_reasons.save(new, op.id)
    return_reasons.save(new, admin.id)
    assert [(r.code, r.text) for r in return_reasons.reasons()] == [
        ("broken-in-transit", "Broken in transit"), ("late", "Too late")]
    assert return_reasons.find("LATE").text == "Too late"


def test_weeks_of_supply_leave_quarantined_stock_out(world):
    from app.core import reports

    def on_hand():
        report = reports.run("weeks-of-supply", TODAY, TODAY, TODAY)
        return {row[0]: row[3] for row in report.rows}

    before = on_hand()["MUG"]
    returns.return_unit(world["order"], world["mug"], None, 2, DAMAGED, "damaged",
                        world["user"], today=TODAY)
    assert on_hand()["MUG"] == before


def test_lookup_counts_quarantined_units_on_hand_but_never_available(world):
    from app.core import lookup

    before = lookup.totals(lookup.item_stock(world["mug"]))
    returns.return_unit(world["order"], world["mug"], None, 2, DAMAGED, "damaged",
                        world["user"], today=TODAY)
    lines = lookup.item_stock(world["mug"])
    quarantined = [x for x in lines if x.location == "QUARANTINE"]
    assert [(x.qty, x.available) for x in quarantined] == [(2, 0)]
    after = lookup.totals(lines)
    assert (after.on_hand, after.available) == (before.on_hand + 2, before.available)
    page = lookup.bin_page(returns.quarantine_id(), limit=0)  # totals read by the query
    assert (page.totals.on_hand, page.totals.available) == (2, 0)


def test_an_rma_naming_a_kit_is_checked_against_the_kits_its_components_made(world, tmp_path):
    """Two mugs shipped make one set of two: an RMA announcing two sets gets a notice, one set
    none; a set put together at the pick, shipped as its mugs, counts as a set."""
    from app.core.rma_import import import_rmas
    from app.db.models import Item, KitComponent, Rma

    sets = Item.create(sku="MUG-SET", name="Two mugs")
    KitComponent.create(kit=sets, component=Item.get(Item.sku == "MUG"), qty=2)
    rmas = tmp_path / "rmas.csv"
    rmas.write_text("rma,order,sku,qty\nRMA-1,SO-1,MUG-SET,2\nRMA-2,SO-1,MUG-SET,1\n",
                    encoding="utf-8")
    done = import_rmas(rmas)
    assert (done.new, done.lines) == (2, 2) and Rma.select().count() == 2
    assert done.notices == ("Notice: RMA RMA-1 announces 2 × MUG-SET, but order SO-1 shipped 1 "
                            "from the warehouse; the returns desk takes back no more than "
                            "that.",)
    built = shipped_order("SO-2", [("MUG-SET", 1)], world["user"])
    rmas.write_text(f"rma,order,sku,qty\nRMA-3,{built.number},MUG-SET,1\n", encoding="utf-8")
    assert import_rmas(rmas).notices == ()


def test_quarantined_stock_names_where_its_item_comes_from(world):
    from datetime import datetime

    from app.core import supplier_returns
    from app.db.models import ItemReplenishment, PurchaseOrder, PurchaseOrderLine, Supplier

    for item in ("mug", "soap", "tea"):
        returns.return_unit(world["order"], world[item], "S2" if item == "soap" else None, 1,
                            DAMAGED, "damaged", world["user"], today=TODAY)
    acme, brix, cora = (Supplier.create(name=n) for n in ("Acme", "Brix", "Cora"))
    for number, supplier, when in (("PO-1", acme, datetime(2026, 1, 1)),
                                   ("PO-2", brix, datetime(2026, 3, 1))):
        po = PurchaseOrder.create(number=number, supplier=supplier, created_at=when)
        PurchaseOrderLine.create(po=po, item=world["mug"], qty_ordered=5)
        PurchaseOrderLine.create(po=po, item=world["soap"], qty_ordered=5)
    # Set by hand, the soap's supplier wins over its latest PO's.
    ItemReplenishment.create(item=world["soap"], supplier=cora)
    assert [(row.sku, row.lot, row.qty, row.supplier)
            for row in supplier_returns.quarantined()] == [
        ("MUG", None, 1, "Brix"), ("SOAP", "S2", 1, "Cora"), ("TEA", "T1", 1, None)]
