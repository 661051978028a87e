"""Putaway: suggestions in the documented order, confirmation by scanning the bin, refusals."""

import pytest

from app.core import ledger
from app.core.locations import system_location
from app.db.models import Item, ItemBarcode, Location, Lot, Move, PutawayRule, Quant, User
from app.stations.base import Level, Scan
from app.stations.putaway import PutawayStation
from tests.statements import statements_of


@pytest.fixture
def yard(db):
    """Zones A and B with bins in walking order; stock received into the dock."""
    user = User.get(User.name == "operator").id
    wh = Location.get(Location.code == "WH")
    zones = {z: Location.create(code=z, kind="zone", parent=wh) for z in ("A", "B")}
    bins = {}
    for seq, code in enumerate(["A-01-01", "A-01-02", "A-01-03", "B-01-01", "B-01-02"], 1):
        bins[code] = Location.create(code=code, kind="bin", parent=zones[code[0]], sequence=seq)
    mug = Item.create(sku="MUG-01", name="Mug")
    tea = Item.create(sku="TEA-01", name="Tea", tracking="expiry")
    ItemBarcode.create(item=mug, code="04012345000016")
    lots = {c: Lot.create(item=tea, code=c, expiry="2027-01-31") for c in ("L1", "L2")}
    supplier, dock = system_location("SUPPLIER").id, system_location("DOCK").id
    ledger.post([ledger.MoveRequest(mug.id, None, supplier, dock, 10, "receipt"),
                 ledger.MoveRequest(tea.id, lots["L1"].id, supplier, dock, 6, "receipt"),
                 ledger.MoveRequest(tea.id, lots["L2"].id, supplier, dock, 4, "receipt")], user)
    station = PutawayStation(user)
    return {"user": user, "bins": bins, "zones": zones, "mug": mug, "tea": tea, "lots": lots,
            "station": station}


def in_bin(code, item):
    return sum(q.qty for q in Quant.select().join(Location).where(
        (Location.code == code) & (Quant.item == item)))


def test_nearest_empty_bin_first_then_the_bin_holding_the_item(yard):
    station = yard["station"]
    feedback = station.handle(Scan("MUG-01,4"))
    assert station.state.suggestion.code == "A-01-01"
    assert "nearest empty bin" in feedback.message
    feedback = station.handle(Scan("A-01-01"))
    assert feedback.level is Level.OK and in_bin("A-01-01", yard["mug"]) == 4
    station.handle(Scan("4012345000016"))
    assert station.state.qty == 6  # all the rest in the dock by default
    assert station.state.suggestion.reason == "A-01-01 already holds MUG-01."
    assert ledger.recompute() == []


def test_same_lot_beats_same_item(yard):
    station = yard["station"]
    station.handle(Scan("L2"))
    station.handle(Scan("B-01-02"))  # not suggested: accepted with a warning
    station.handle(Scan("L1,2"))
    station.handle(Scan("A-01-01"))
    station.handle(Scan("L2"))  # nothing of L2 left in the dock
    assert station.state.sku is None
    station.handle(Scan("L1"))
    assert station.state.suggestion.code == "A-01-01"
    assert "this lot" in station.state.suggestion.reason
    station.handle(Scan("]C101040123450001081727013110L1"))  # a GTIN nobody has: unknown
    assert station.state.suggestion.code == "A-01-01"


def test_preferred_zone_and_bin(yard):
    PutawayRule.create(item=yard["mug"], zone=yard["zones"]["B"])
    station = yard["station"]
    feedback = station.handle(Scan("MUG-01"))
    assert station.state.suggestion.code == "B-01-01" and "zone B" in feedback.message
    station.undo()
    PutawayRule.update(zone=None, bin=yard["bins"]["A-01-03"]).execute()
    station.handle(Scan("MUG-01"))
    assert station.state.suggestion.reason == "A-01-03 is the preferred bin of MUG-01."


def test_capacity_and_blocked_bins_are_skipped_and_refused(yard):
    Location.update(blocked=True).where(Location.code == "A-01-01").execute()
    Location.update(capacity=5).where(Location.code == "A-01-02").execute()
    station = yard["station"]
    station.handle(Scan("MUG-01,8"))
    assert station.state.suggestion.code == "A-01-03"
    moves = Move.select().count()
    for code, why in (("A-01-01", "blocked"), ("A-01-02", "full"), ("MUG-PO", "Unknown code"),
                      ("DOCK", "not a bin")):
        feedback = station.handle(Scan(code))
        assert feedback.level is Level.ERROR and why in feedback.message, feedback.message
    assert Move.select().count() == moves
    station.enter("5")
    # Five fit the bin with capacity 5, which comes first in the walk.
    assert station.state.qty == 5 and station.state.suggestion.code == "A-01-02"
    assert station.handle(Scan("A-01-02")).level is Level.OK
    assert in_bin("A-01-02", yard["mug"]) == 5
    station.handle(Scan("MUG-01,1"))
    assert station.handle(Scan("A-01-02")).level is Level.ERROR  # now full


def test_enter_takes_the_oldest_dock_stock_and_quantity_is_checked(yard):
    station = yard["station"]
    station.enter("")
    assert station.state.sku == "MUG-01" and station.state.qty == 10
    station.undo()
    assert station.handle(Scan("MUG-01,11")).level is Level.ERROR
    station.enter("3")
    station.handle(Scan("MUG-01"))
    assert station.state.qty == 3


def test_refusals_at_the_source_prompt(yard):
    station = yard["station"]
    assert "is a bin" in station.handle(Scan("A-01-01")).message
    Item.create(sku="NOT-HERE", name="Never received")
    assert "No NOT-HERE is waiting" in station.handle(Scan("NOT-HERE")).message


def test_undo_puts_stock_back_in_the_dock(yard):
    station = yard["station"]
    station.handle(Scan("MUG-01"))
    station.handle(Scan("A-01-01"))
    assert station.undo().level is Level.WARNING
    assert in_bin("A-01-01", yard["mug"]) == 0 and in_bin("DOCK", yard["mug"]) == 10
    assert station.undo().level is Level.ERROR


def test_a_lot_code_two_items_share_finds_the_one_in_the_dock(yard):
    station = yard["station"]
    station.handle(Scan("L2"))
    station.handle(Scan("A-01-01"))  # all of the tea's lot L2 is put away
    other = Item.create(sku="OTHER", name="Other item", tracking="lot")
    same_code = Lot.create(item=other, code="L2")
    ledger.post([ledger.MoveRequest(other.id, same_code.id, system_location("SUPPLIER").id,
                                    system_location("DOCK").id, 3, "receipt")], yard["user"])
    feedback = station.handle(Scan("L2"))
    assert feedback.level is Level.INFO, feedback.message
    assert (station.state.sku, station.state.lot, station.state.qty) == ("OTHER", "L2", 3)


def test_an_empty_dock_says_so(yard):
    station = yard["station"]
    for _ in range(3):
        station.enter("")  # the oldest waiting stock
        station.handle(Scan("B-01-02"))
    assert station.prompt == "The dock is empty: receive goods first (F2)"
    assert "empty" in station.enter("").message


def test_a_refused_item_at_the_bin_prompt_keeps_the_item_being_put_away(yard):
    station = yard["station"]
    station.handle(Scan("MUG-01,4"))
    before = station.state
    feedback = station.handle(Scan("MUG-01,40"))  # more than the dock holds
    assert feedback.level is Level.ERROR
    assert station.state == before and station.awaiting == "bin"
    assert station.handle(Scan("A-01-01")).level is Level.OK
    assert in_bin("A-01-01", yard["mug"]) == 4


def test_expired_stock_from_the_dock_is_amber_and_says_to_set_it_aside(yard):
    from datetime import date

    station = PutawayStation(yard["user"], today=lambda: date(2027, 2, 15))
    feedback = station.handle(Scan("L1"))
    assert feedback.level is Level.WARNING
    assert feedback.message.endswith("Lot L1 of TEA-01 expired on 2027-01-31: it is never "
                                     "picked or sold. Set it aside for your supervisor to "
                                     "write off.")
    # Good stock is no warning.
    assert PutawayStation(yard["user"]).handle(Scan("L2")).level is Level.INFO


def test_a_known_code_with_a_comma_is_that_code_not_a_quantity(yard):
    tea = yard["tea"]
    lot = Lot.create(item=tea, code="AB,2")
    ledger.post([ledger.MoveRequest(tea.id, lot.id, system_location("SUPPLIER").id,
                                    system_location("DOCK").id, 5, "receipt")], yard["user"])
    station = yard["station"]
    feedback = station.handle(Scan("AB,2", source="replay"))
    assert feedback.level is Level.INFO, feedback.message
    assert (station.state.lot, station.state.qty) == ("AB,2", 5)
    station.undo()
    station.handle(Scan("AB,2,3", source="replay"))  # the known code with a quantity
    assert (station.state.lot, station.state.qty) == ("AB,2", 3)


def test_the_dock_list_and_its_count_follow_putaways_and_nothing_there_is_reserved(yard):
    """What waits in the dock is read from the partial index of free balances, and counted
    from the (location, item) index alone: that holds because stock in the dock can never be
    reserved for an order (a refusal that changes nothing), and the list and its count follow
    every putaway and its undo in the same way."""
    from app.core import putaway
    from app.core.errors import StockError
    from app.db.models import Reservation, SalesOrder, SalesOrderLine, database

    assert "quant_free" in {index.name for index in database.get_indexes("quant")}
    dock = system_location("DOCK").id
    order = SalesOrder.create(number="SO-1")
    line = SalesOrderLine.create(order=order, item=yard["mug"], qty_ordered=10)
    assert [(s.sku, s.lot_code, s.qty) for s in putaway.dock_stock()] == \
        [("MUG-01", None, 10), ("TEA-01", "L1", 6), ("TEA-01", "L2", 4)]
    assert putaway.dock_entries() == 3
    with pytest.raises(StockError, match="Only stock in a bin can be reserved"):
        ledger.reserve(line.id, yard["mug"].id, None, dock, 4)
    assert Reservation.select().count() == 0
    assert Quant.get(Quant.item == yard["mug"].id, Quant.location == dock).reserved == 0
    station = yard["station"]
    station.handle(Scan("L1"))
    station.handle(Scan("A-01-02"))
    assert [(s.lot_code, s.qty) for s in putaway.dock_stock(yard["tea"].id)] == [("L2", 4)]
    assert putaway.dock_entries() == 2 == len(putaway.dock_stock())
    station.handle(Scan("MUG-01,4"))
    station.handle(Scan(station.state.suggestion.code))
    assert putaway.dock_entries() == 2 == len(putaway.dock_stock())
    station.undo()
    station.undo()
    assert putaway.dock_entries() == 3 == len(putaway.dock_stock())
    # Stock put away can be reserved where it now is.
    station.handle(Scan("MUG-01,4"))
    station.handle(Scan("B-01-02"))
    ledger.reserve(line.id, yard["mug"].id, None, yard["bins"]["B-01-02"].id, 3)
    assert Quant.get(Quant.item == yard["mug"].id, Quant.location == dock).reserved == 0
    assert putaway.dock_entries() == 3 == len(putaway.dock_stock())


def test_a_bin_blocked_after_it_was_suggested_is_refused_when_scanned(yard):
    station = yard["station"]
    station.handle(Scan("MUG-01,4"))
    assert station.state.suggestion.code == "A-01-01"
    # Another station blocks the bin between the suggestion and the confirming scan.
    Location.update(blocked=True).where(Location.code == "A-01-01").execute()
    feedback = station.handle(Scan("A-01-01"))
    assert feedback.level is Level.ERROR and "blocked" in feedback.message
    assert in_bin("A-01-01", yard["mug"]) == 0 and station.awaiting == "bin"
    assert ledger.recompute() == []


def test_the_prompt_after_a_putaway_follows_the_dock(yard):
    station = yard["station"]
    station.handle(Scan("MUG-01"))
    feedback = station.handle(Scan("A-01-01"))
    assert feedback.prompt == station.prompt == ("Scan an item in the dock, or press Enter for "
                                                 "the oldest")
    for lot in ("L1", "L2"):
        station.handle(Scan(lot))
        feedback = station.handle(Scan(station.state.suggestion.code))
    assert "The dock is empty." in feedback.message
    assert feedback.prompt == station.prompt == "The dock is empty: receive goods first (F2)"


def _location_reads(monkeypatch, action):
    """The statements reading locations by id while `action` runs, and its result."""
    seen, result = statements_of(monkeypatch, action)
    return [s for s in seen if 'FROM "location" WHERE "id"' in s
            or "FROM location WHERE id" in s], result


def test_a_putaway_reads_the_bin_and_the_dock_once_in_its_transaction(yard, monkeypatch):
    station = yard["station"]
    station.handle(Scan("MUG-01,4"))
    reads, feedback = _location_reads(monkeypatch, lambda: station.handle(Scan("A-01-01")))
    assert feedback.level is Level.OK and in_bin("A-01-01", yard["mug"]) == 4
    assert len(reads) == 1, reads
    # A transfer on from that bin likewise: the destination is read inside the move only.
    from app.stations.transfer import TransferStation

    transfer = TransferStation(yard["user"])
    transfer.handle(Scan("A-01-01"))
    transfer.handle(Scan("MUG-01,3"))
    reads, feedback = _location_reads(monkeypatch, lambda: transfer.handle(Scan("B-01-01")))
    assert feedback.level is Level.OK, feedback.message
    assert in_bin("B-01-01", yard["mug"]) == 3 and in_bin("A-01-01", yard["mug"]) == 1
    assert len(reads) == 1, reads
    assert ledger.recompute() == []


def test_a_move_between_two_places_reads_both_balances_in_one_statement(yard, monkeypatch):
    """The source and the destination balance come from one read: part of a balance into a
    bin holding none of it, then into one holding some, and whole lots into a bin holding
    none of that lot."""
    station = yard["station"]
    for scans, bin_code in ((("MUG-01,4",), "A-01-01"), (("MUG-01,2",), "A-01-01"),
                            (("L1",), "B-01-02"), (("L2",), "B-01-02")):
        for text in scans:
            station.handle(Scan(text))
        seen, feedback = statements_of(monkeypatch,
                                       lambda code=bin_code: station.handle(Scan(code)))
        assert feedback.level in (Level.OK, Level.WARNING), feedback.message
        quant_reads = [s for s in seen if s.lstrip().startswith("SELECT") and "FROM quant" in s
                       and "COUNT(*)" not in s and "SUM(qty)" not in s]
        assert len(quant_reads) == 1, quant_reads
    assert in_bin("A-01-01", yard["mug"]) == 6 and in_bin("B-01-02", yard["tea"]) == 10
    assert ledger.recompute() == []


def test_a_suggestion_reads_the_items_rule_once(yard, monkeypatch):
    """The rule chooses the bin and, when its preferred bin is blocked, says so: read once."""
    station = yard["station"]
    PutawayRule.create(item=yard["mug"], bin=yard["bins"]["B-01-02"])
    Location.update(blocked=True).where(Location.code == "B-01-02").execute()
    seen, feedback = statements_of(monkeypatch, lambda: station.handle(Scan("MUG-01,4")))
    assert station.state.suggestion.code == "A-01-01"
    assert feedback.message.endswith("(The preferred bin B-01-02 is blocked.)")
    assert len([s for s in seen if "FROM putaway_rule" in s]) == 1


def test_a_transfer_that_empties_its_source_asks_for_the_next_source(yard):
    from app.stations.transfer import TransferStation

    station = yard["station"]
    station.handle(Scan("MUG-01"))
    station.handle(Scan("A-01-01"))
    transfer = TransferStation(yard["user"])
    transfer.handle(Scan("A-01-01"))
    transfer.handle(Scan("MUG-01,4"))
    assert transfer.handle(Scan("B-01-01")).level is Level.OK
    assert transfer.awaiting == "item"  # 6 left: the source stays selected
    transfer.handle(Scan("MUG-01"))
    assert transfer.handle(Scan("B-01-02")).level is Level.OK
    assert transfer.awaiting == "source" and transfer.state.source is None
