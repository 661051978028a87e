"""The count station: blind counting by scanning, found items, empty bins, closing."""

from datetime import date

import pytest

from app.core import ledger
from app.core.count_policy import CountPolicy
from app.core.locations import system_location
from app.db.models import Count, CountLine, Item, ItemBarcode, ItemClass, Location, Lot, Quant, User
from app.scanning.decode import DecodeConfig
from app.stations.base import Level, Scan
from app.stations.count import CountStation

MONDAY = date(2026, 11, 23)
TEA_GTIN = "04012345000108"


@pytest.fixture
def station(db):
    user = User.get(User.name == "operator").id
    bins = {c: Location.create(code=c, kind="bin", sequence=i)
            for i, c in enumerate(["A-01", "A-02", "A-03"])}
    mug = Item.create(sku="MUG", name="Mug")
    tea = Item.create(sku="TEA", name="Tea", tracking="expiry")
    ItemBarcode.create(item=tea, code=TEA_GTIN)
    ItemClass.create(item=mug, klass="C")
    ItemClass.create(item=tea, klass="A")
    lot = Lot.create(item=tea, code="T1", expiry="2027-01-31")
    supplier = system_location("SUPPLIER").id
    ledger.post([ledger.MoveRequest(mug.id, None, supplier, bins["A-01"].id, 10, "receipt"),
                 ledger.MoveRequest(tea.id, lot.id, supplier, bins["A-02"].id, 6, "receipt")],
                user)
    return CountStation(user, DecodeConfig(today=MONDAY), today=lambda: MONDAY,
                        policy=CountPolicy())


def scan(station, text):
    return station.handle(Scan(text))


def test_blind_count_of_a_bin_with_small_variance(station):
    feedback = scan(station, "A-01")
    assert feedback.level is Level.INFO and "Not on today's list" in feedback.message
    assert station.state.bin == "A-01" and station.state.counted == ()
    assert "10" not in station.prompt  # blind: the expected quantity is never shown
    scan(station, "MUG,5")
    station.enter("4")
    feedback = scan(station, "MUG")
    assert feedback.message == "+4 MUG: 9 counted."
    feedback = scan(station, "A-01")  # the bin label again closes it
    assert feedback.level is Level.OK and "1 small difference(s) adjusted" in feedback.message
    assert Quant.get(Quant.location == Location.get(Location.code == "A-01")).qty == 9
    assert station.awaiting == "bin"


def test_tracked_item_asks_for_the_lot_and_class_a_goes_to_recount(station):
    scan(station, "A-02")
    feedback = scan(station, TEA_GTIN[1:])
    assert station.awaiting == "lot"
    scan(station, "T1")
    station.handle(Scan(f"]C101{TEA_GTIN}1727013110T1", qty=4))
    assert [(c.sku, c.lot, c.counted) for c in station.state.counted] == [("TEA", "T1", 5)]
    feedback = station.enter("close")
    assert feedback.level is Level.WARNING and "Count A-02 again" in feedback.message
    assert [d.kind for d in station.state.due] == ["recount"]
    scan(station, "A-02")
    scan(station, f"]C101{TEA_GTIN}172701313005\x1d10T1")  # a GS1 count of 5
    feedback = scan(station, "A-02")
    assert "supervisor" in feedback.message
    assert CountLine.select().where(CountLine.status == "review").count() == 1


def test_found_items_and_empty_bins(station):
    scan(station, "A-03")
    feedback = scan(station, "MUG")
    assert feedback.message.endswith("(not expected here: recorded as found).")
    assert feedback.level is Level.WARNING
    assert station.enter("empty").level is Level.ERROR  # something was counted
    station.undo()
    assert station.enter("empty").message == "A-03 confirmed empty. Records match."


def test_refusals_while_counting(station):
    assert "not a bin" in scan(station, "MUG").message
    scan(station, "A-01")
    assert "Finish A-01 first" in scan(station, "A-02").message
    assert scan(station, "NOTHING").level is Level.ERROR
    assert scan(station, "MUG,0").level is Level.ERROR
    assert Count.get().status == "counting"


def test_a_count_left_open_is_resumed_when_its_bin_is_scanned(station):
    scan(station, "A-01")
    scan(station, "MUG,4")
    # The station closes (a crash, a replay that ended early): the count stays open.
    user = station.user_id
    again = CountStation(user, DecodeConfig(today=MONDAY), today=lambda: MONDAY,
                         policy=CountPolicy())
    feedback = scan(again, "A-01")
    assert feedback.level is Level.WARNING
    assert "already being counted: carrying on (4 counted so far)" in feedback.message
    assert again.state.bin == "A-01"
    scan(again, "MUG,6")
    feedback = scan(again, "A-01")
    assert feedback.level is Level.OK and "Records match" in feedback.message
    assert Count.select().where(Count.status == "counting").count() == 0


def test_cancel_drops_the_open_count_without_booking(station):
    scan(station, "A-01")
    scan(station, "MUG,3")
    feedback = station.enter("cancel")
    assert feedback.level is Level.WARNING and "cancelled: nothing was booked" in feedback.message
    assert station.awaiting == "bin"
    assert Quant.get(Quant.location == Location.get(Location.code == "A-01")).qty == 10
    assert Count.get().status == "cancelled"
    feedback = scan(station, "A-01")
    assert feedback.level is Level.INFO and station.state.counted == ()


def test_a_recount_left_open_is_resumed_too(station):
    scan(station, "A-02")  # class A: any variance is counted again
    scan(station, "T1,5")
    assert "again" in scan(station, "A-02").message
    scan(station, "A-02")  # the recount starts...
    again = CountStation(station.user_id, DecodeConfig(today=MONDAY), today=lambda: MONDAY,
                         policy=CountPolicy())
    feedback = scan(again, "A-02")  # ...and is carried on at another station
    assert "carrying on" in feedback.message and again.state.bin == "A-02"


def test_a_count_cancelled_elsewhere_refuses_further_scans(station):
    scan(station, "A-01")
    scan(station, "MUG,2")
    other = CountStation(station.user_id, DecodeConfig(today=MONDAY), today=lambda: MONDAY,
                         policy=CountPolicy())
    scan(other, "A-01")
    other.enter("cancel")
    feedback = scan(station, "MUG")
    assert feedback.level is Level.ERROR and "cancelled at another station" in feedback.message
    assert station.undo().level is Level.ERROR
