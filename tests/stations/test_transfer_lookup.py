"""Bin-to-bin transfers and the stock lookup."""

import pytest

from app.core import ledger
from app.core.locations import system_location
from app.db.models import Item, ItemBarcode, Location, Lot, Move, Quant, User
from app.stations.base import Level, Scan
from app.stations.lookup import LookupStation
from app.stations.transfer import TransferStation


@pytest.fixture
def stocked(db):
    user = User.get(User.name == "operator").id
    bins = {c: Location.create(code=c, kind="bin", sequence=i)
            for i, c in enumerate(["A-01-01", "A-01-02", "A-01-03"])}
    mug = Item.create(sku="MUG-01", name="Mug")
    tea = Item.create(sku="TEA-01", name="Tea", tracking="expiry")
    ItemBarcode.create(item=tea, code="04012345000108")
    early = Lot.create(item=tea, code="EARLY", expiry="2026-09-30")
    late = Lot.create(item=tea, code="LATE", expiry="2027-09-30")
    supplier = system_location("SUPPLIER").id
    ledger.post([ledger.MoveRequest(mug.id, None, supplier, bins["A-01-01"].id, 5, "receipt"),
                 ledger.MoveRequest(tea.id, late.id, supplier, bins["A-01-01"].id, 7, "receipt"),
                 ledger.MoveRequest(tea.id, early.id, supplier, bins["A-01-01"].id, 3, "receipt"),
                 ledger.MoveRequest(tea.id, early.id, supplier, bins["A-01-02"].id, 2, "receipt")],
                user)
    return {"user": user, "bins": bins, "mug": mug, "tea": tea}


def qty(code, sku):
    return sum(q.qty for q in Quant.select().join(Location).switch(Quant).join(Item)
               .where((Location.code == code) & (Item.sku == sku)))


def test_transfer_moves_an_untracked_item(stocked):
    station = TransferStation(stocked["user"])
    assert station.handle(Scan("A-01-01")).level is Level.INFO
    station.handle(Scan("MUG-01"))
    station.enter("2")
    feedback = station.handle(Scan("A-01-03"))
    assert feedback.level is Level.OK and "from A-01-01 to A-01-03" in feedback.message
    assert (qty("A-01-01", "MUG-01"), qty("A-01-03", "MUG-01")) == (3, 2)
    assert station.state.source == "A-01-01"  # the next item from the same bin
    assert Move.select().order_by(Move.id.desc()).get().kind == "transfer"


def test_transfer_asks_for_the_lot_when_the_bin_holds_several(stocked):
    station = TransferStation(stocked["user"])
    station.handle(Scan("A-01-01"))
    station.handle(Scan("4012345000108"))
    assert station.state.awaiting == "lot"
    assert station.handle(Scan("NOPE")).level is Level.ERROR
    station.handle(Scan("EARLY"))
    assert station.state.qty == 3
    station.handle(Scan("A-01-02"))
    assert qty("A-01-02", "TEA-01") == 5
    assert ledger.recompute() == []


def test_transfer_refusals(stocked):
    station = TransferStation(stocked["user"])
    assert "empty" in station.handle(Scan("A-01-03")).message
    station.handle(Scan("A-01-02"))
    assert "not in A-01-02" in station.handle(Scan("MUG-01")).message
    station.handle(Scan("TEA-01"))
    assert "itself" in station.handle(Scan("A-01-02")).message
    assert station.handle(Scan("MUG-01,9")).level is Level.ERROR
    Location.update(blocked=True).where(Location.code == "A-01-03").execute()
    assert "blocked" in station.handle(Scan("A-01-03")).message
    assert qty("A-01-02", "TEA-01") == 2


def test_lookup_of_a_bin_an_item_and_a_lot(stocked):
    station = LookupStation()
    feedback = station.handle(Scan("a-01-01"))
    # Lot EARLY (2026-09-30) is past its date: the answer is amber and says what to do.
    assert feedback.level is Level.WARNING and station.result.kind == "bin"
    assert "Lot EARLY of TEA-01 expired on 2026-09-30: it is never picked or sold. Set it " \
        "aside for your supervisor to write off." in feedback.message
    assert [(x.sku, x.lot, x.qty) for x in station.result.lines] == [
        ("MUG-01", None, 5), ("TEA-01", "EARLY", 3), ("TEA-01", "LATE", 7)]
    station.handle(Scan("4012345000108"))
    result = station.result
    assert result.kind == "item" and result.totals.on_hand == 12
    # Soonest expiry first.
    assert [x.lot for x in result.lines] == ["EARLY", "EARLY", "LATE"]
    station.handle(Scan("]C101040123450001081727093010LATE"))
    assert station.result.kind == "lot" and station.result.totals.on_hand == 7
    assert "expires 2027-09-30" in station.result.subtitle
    assert station.handle(Scan("WHAT")).level is Level.ERROR
    assert station.result.kind == "lot"  # a refused scan leaves the last answer on screen


def test_lookup_never_counts_an_expired_lot_as_available(stocked):
    Lot.update(expiry="2020-01-31").where(Lot.code == "EARLY").execute()
    station = LookupStation()
    station.handle(Scan("TEA-01"))
    result = station.result
    assert result.totals.on_hand == 12 and result.totals.available == 7
    assert [(x.lot, x.expired, x.available) for x in result.lines][:1] == [("EARLY", True, 0)]


def test_lookup_of_an_order_shows_where_its_stock_is_reserved(stocked):
    from datetime import date

    from app.core.orders import OrderLineInput, create_order

    create_order("SO-7", [OrderLineInput("MUG-01", 2), OrderLineInput("TEA-01", 20)],
                 today=date(2026, 12, 1))
    station = LookupStation()
    feedback = station.handle(Scan("SO-7"))
    assert feedback.level is Level.OK and station.result.kind == "order"
    # Lot EARLY (2026-09-30) is past its date: only LATE's 7 and 2 mugs are promised.
    assert "22 unit(s) ordered, 9 reserved" in station.result.subtitle
    assert "13 waiting for stock" in station.result.subtitle
    assert {(x.location, x.sku, x.qty) for x in station.result.lines} >= {("A-01-01", "MUG-01", 2)}


def test_transfer_takes_from_bins_only_never_the_packing_area_or_the_dock(stocked):
    station = TransferStation(stocked["user"])
    supplier = system_location("SUPPLIER").id
    for code in ("PACK", "DOCK"):
        ledger.post([ledger.MoveRequest(stocked["mug"].id, None, supplier,
                                        system_location(code).id, 4, "receipt")],
                    stocked["user"])
        feedback = station.handle(Scan(code))
        assert feedback.level is Level.ERROR and "not a bin" in feedback.message
        assert station.awaiting == "source"
    station.handle(Scan("A-01-01"))
    station.handle(Scan("MUG-01"))
    feedback = station.handle(Scan("PACK"))
    assert feedback.level is Level.ERROR and station.awaiting == "destination"
    assert qty("PACK", "MUG-01") == 4 and qty("A-01-01", "MUG-01") == 5


@pytest.mark.parametrize("how", ["scan", "typed first", "typed after"])
def test_more_than_the_bin_holds_is_refused_and_changes_nothing(stocked, how):
    station = TransferStation(stocked["user"])
    station.handle(Scan("A-01-01"))
    if how == "scan":
        feedback = station.handle(Scan("MUG-01,10"))
    elif how == "typed first":
        station.enter("10")
        feedback = station.handle(Scan("MUG-01"))
    else:
        station.handle(Scan("MUG-01"))
        before = station.state
        feedback = station.enter("10")
        assert station.state == before
    assert feedback.level is Level.ERROR and "Only 5 of MUG-01 free" in feedback.message
    assert station.prompt  # no TypeError on the next prompt
    if how != "typed after":
        assert station.awaiting == "item"
    # The next scan is handled normally and the move is whole.
    if how != "typed after":
        station.handle(Scan("MUG-01"))
    assert station.handle(Scan("A-01-03")).level is Level.OK
    assert (qty("A-01-01", "MUG-01"), qty("A-01-03", "MUG-01")) == (0, 5)
    assert Move.select().where(Move.kind == "transfer").count() == 1


def test_lookup_says_why_a_bin_or_lot_is_held_back_in_amber(stocked):
    from datetime import date, timedelta

    today = date.today()
    tea = stocked["tea"]
    Item.update(min_shelf_life_days=30).where(Item.id == tea.id).execute()
    Lot.update(expiry=today + timedelta(days=400)).where(Lot.code == "EARLY").execute()
    station = LookupStation()
    assert station.handle(Scan("A-01-02")).level is Level.OK  # good stock only: green
    Lot.update(expiry=today + timedelta(days=10)).where(Lot.code == "EARLY").execute()
    feedback = station.handle(Scan("EARLY"))
    assert feedback.level is Level.WARNING
    assert "in 10 day(s): too close to expiry to sell (TEA-01 must have 30 days left), so " \
        "no order gets it." in feedback.message
    Location.update(blocked=True).where(Location.code == "A-01-03").execute()
    feedback = station.handle(Scan("A-01-03"))
    assert feedback.level is Level.WARNING
    assert "Bin A-01-03 is blocked: nothing is put away or picked there until a supervisor " \
        "unblocks it." in feedback.message


def test_transfer_says_why_stock_is_held_back(stocked):
    from datetime import date

    from app.core.orders import OrderLineInput, create_order

    create_order("SO-8", [OrderLineInput("MUG-01", 4)])  # reserves 4 of the 5 mugs
    station = TransferStation(stocked["user"])
    station.handle(Scan("A-01-01"))
    station.enter("3")
    feedback = station.handle(Scan("MUG-01"))
    assert feedback.level is Level.ERROR
    assert feedback.message == ("4 of the 5 × MUG-01 in A-01-01 are reserved for orders "
                                "waiting to be picked: only 1 may be taken or moved. Pick or "
                                "cancel those orders to free the rest. The typed quantity is "
                                "cleared.")
    station = TransferStation(stocked["user"], today=lambda: date(2026, 10, 1))
    station.handle(Scan("A-01-02"))
    feedback = station.handle(Scan("EARLY"))
    assert feedback.level is Level.WARNING
    assert "Lot EARLY of TEA-01 expired on 2026-09-30" in feedback.message


def test_lookup_of_a_crowded_bin_lists_the_first_lines_and_totals_all(stocked, monkeypatch):
    """The dock on a busy day holds thousands of lines: the first are listed, the rest are
    counted, totalled and still checked for expiry."""
    from datetime import date, timedelta

    from app.core import lookup

    Item.update(min_shelf_life_days=30).where(Item.id == stocked["tea"].id).execute()
    Lot.update(expiry=date.today() + timedelta(days=10)).where(Lot.code == "LATE").execute()
    monkeypatch.setattr(lookup, "SHOWN_LINES", 1)
    station = LookupStation()
    feedback = station.handle(Scan("A-01-01"))
    result = station.result
    assert [(x.sku, x.lot) for x in result.lines] == [("MUG-01", None)]
    assert result.subtitle.startswith("3 line(s), 15 units; the first 1 by SKU listed, + 2 more")
    # EARLY (3) has expired: never available; LATE is too short to sell but still on hand.
    assert (result.totals.on_hand, result.totals.reserved, result.totals.available) == \
        (15, 0, 12)
    assert feedback.level is Level.WARNING
    assert len(result.problems) == 2
    assert "Lot EARLY of TEA-01 expired on 2026-09-30" in result.problems[0]
    assert "Lot LATE of TEA-01 expires on" in result.problems[1]
    monkeypatch.setattr(lookup, "SHOWN_LINES", 3)
    station.handle(Scan("A-01-01"))
    assert station.result.problems == result.problems
    assert station.result.totals == result.totals
    assert station.result.subtitle == "3 line(s), 15 units"


def test_lookup_of_a_bin_names_the_first_lot_held_back_and_counts_the_others(stocked,
                                                                            monkeypatch):
    """Only the first lots held back for their expiry are put in words; the banner still
    counts every one of them."""
    from datetime import date, timedelta

    from app.core import lookup

    Item.update(min_shelf_life_days=30).where(Item.id == stocked["tea"].id).execute()
    Lot.update(expiry=date.today() + timedelta(days=10)).where(Lot.code == "LATE").execute()
    monkeypatch.setattr(lookup, "HELD_BACK_LISTED", 1)
    station = LookupStation()
    feedback = station.handle(Scan("A-01-01"))
    result = station.result
    assert len(result.problems) == 1 and result.more_problems == 1
    assert feedback.level is Level.WARNING
    assert feedback.message.startswith("Bin A-01-01: Lot EARLY of TEA-01 expired on 2026-09-30")
    assert feedback.message.endswith(" (1 more: see the red and amber rows.)")
    # With lines beyond those listed, the other lots may be among them: the banner says where.
    monkeypatch.setattr(lookup, "SHOWN_LINES", 1)
    feedback = station.handle(Scan("A-01-01"))
    assert feedback.message.endswith(" (1 more: see the red and amber rows; scan an item or "
                                     "lot for the 2 lines not listed.)")


def test_lookup_of_a_po_lists_its_lines_ordered_and_received(stocked):
    from datetime import date

    from app.core import receiving
    from app.db.models import PurchaseOrder, PurchaseOrderLine, Supplier

    po = PurchaseOrder.create(number="PO-77", supplier=Supplier.create(name="Acme"),
                              expected=date(2026, 12, 9))
    PurchaseOrderLine.create(po=po, item=stocked["mug"], qty_ordered=4)
    PurchaseOrderLine.create(po=po, item=stocked["tea"], qty_ordered=2)
    receiving.receive(po, stocked["mug"], 4, stocked["user"])
    station = LookupStation()
    feedback = station.handle(Scan("PO-77"))
    assert feedback.level is Level.OK
    result = station.result
    assert result.kind == "po" and result.lines == ()
    assert [(x.sku, x.ordered, x.received, x.remaining) for x in result.po_lines] == [
        ("MUG-01", 4, 4, 0), ("TEA-01", 2, 0, 2)]
    assert result.subtitle == ("Acme, partial, expected 2026-12-09: 4 of 6 units received; 1 "
                               "of 2 line(s) still to receive (at Receive, F2)")
    # Cancelled, or shipped by the supplier to the customers: not sent to Receive.
    PurchaseOrder.update(status="cancelled").where(PurchaseOrder.id == po.id).execute()
    station.handle(Scan("PO-77"))
    assert station.result.subtitle == "Acme, cancelled, 1 of 2 line(s) will not come"
    PurchaseOrder.update(status="open", dropship=True).where(PurchaseOrder.id == po.id).execute()
    station.handle(Scan("PO-77"))
    assert "nothing is received here" in station.result.subtitle
