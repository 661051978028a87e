"""Dates and lots a person enters are refused unless they are whole and plausible, at every
station that asks for them."""

from dataclasses import replace

import pytest

from app.core import ledger
from app.core.locations import system_location
from app.db.models import CountLine, Item, Location, Lot, Move, User
from app.scanning.decode import DecodeConfig
from app.stations.base import Level, Scan
from app.stations.count import CountStation

from .conftest import GTIN_EXPIRY, GTIN_LOT, GTIN_PLAIN, TODAY


def at_expiry_prompt(station, lot="LX-9"):
    station.handle(Scan("PO-1001"))
    station.handle(Scan(GTIN_EXPIRY[1:]))
    station.enter(lot)
    assert station.awaiting == "expiry"


@pytest.mark.parametrize("text", ["311226", "877221", "20271231", "31-12-2026", "12/31/2026",
                                  "31.12.2026", "2027-3-31", "3112-01-01", "1999-01-01",
                                  "2070-01-01"])
def test_only_full_plausible_dates_are_taken_at_the_expiry_prompt(station, text):
    at_expiry_prompt(station)
    for answer in (station.enter(text), station.handle(Scan(text, source="replay"))):
        assert answer.level is Level.ERROR, (text, answer.message)
        assert station.awaiting == "expiry"
    assert Move.select().count() == 0


@pytest.mark.parametrize("how", ["typed", "replay", "scanner"])
def test_an_iso_date_is_taken_however_it_arrives_and_echoed(station, how):
    at_expiry_prompt(station)
    answer = (station.enter("2030-06-30") if how == "typed"
              else station.handle(Scan("2030-06-30", source=how)))
    assert answer.level is Level.OK, answer.message
    assert "Expiry 2030-06-30 recorded for lot LX-9" in answer.message
    assert Lot.get(Lot.code == "LX-9").expiry.isoformat() == "2030-06-30"


def test_day_first_dates_only_when_the_settings_say_so(station):
    station.decode_config = replace(station.decode_config, day_first_dates=True)
    at_expiry_prompt(station)
    answer = station.enter("31.03.2027")
    assert answer.level is Level.OK and "Expiry 2027-03-31" in answer.message


def test_at_the_expiry_prompt_another_items_label_is_refused(station):
    at_expiry_prompt(station)
    answer = station.handle(Scan(f"]C101{GTIN_LOT}17271231"))
    assert answer.level is Level.ERROR and "another item" in answer.message
    answer = station.handle(Scan(f"]C101{GTIN_EXPIRY}1727123110OTHER"))
    assert answer.level is Level.ERROR and "lot OTHER, not LX-9" in answer.message
    assert station.awaiting == "expiry" and Move.select().count() == 0
    answer = station.handle(Scan(f"]C101{GTIN_EXPIRY}1727123110LX-9"))
    assert answer.level is Level.OK
    assert Lot.get(Lot.code == "LX-9").expiry.isoformat() == "2027-12-31"


def test_a_gs1_expiry_decades_away_is_refused(station):
    station.handle(Scan("PO-1001"))
    before = station.state
    answer = station.handle(Scan(f"]C101{GTIN_EXPIRY}1770123110L1"))  # 2070-12-31
    assert answer.level is Level.ERROR and "cannot be an expiry date" in answer.message
    assert Move.select().count() == 0
    assert station.state == before and station.awaiting == "item"


@pytest.fixture
def counting(po):
    user = User.get(User.name == "operator").id
    soap = Item.get(Item.sku == "SOAP-01")
    lot = Lot.create(item=soap, code="S-1")
    ledger.post([ledger.MoveRequest(soap.id, lot.id, system_location("SUPPLIER").id,
                                    Location.get(Location.code == "A-01-01").id, 3, "receipt")],
                user)
    station = CountStation(user, DecodeConfig(today=TODAY), today=lambda: TODAY)
    station.handle(Scan("A-01-01"))
    station.handle(Scan(GTIN_LOT[1:]))
    assert station.awaiting == "lot"
    return station


@pytest.mark.parametrize("text", [GTIN_PLAIN[1:], "MUG-01", "PO-1001",
                                  "L\x07" + "x" * 40 + "\U0001F600", "L" * 21,
                                  "L2406A17261231"])
def test_the_count_lot_prompt_refuses_what_receiving_refuses(counting, text):
    lots = Lot.select().count()
    answer = counting.handle(Scan(text))
    assert answer.level is Level.ERROR, (text, answer.message)
    assert counting.awaiting == "lot"
    assert Lot.select().count() == lots
    assert not CountLine.select().where(CountLine.counted > 0).exists()


def test_the_count_lot_prompt_takes_a_real_lot(counting):
    answer = counting.handle(Scan("S-1"))
    assert answer.level is Level.OK and "lot S-1" in answer.message
    typed = counting.handle(Scan(GTIN_LOT[1:]))
    assert typed.level is Level.INFO
    assert counting.enter("L\x07").level is Level.ERROR and counting.awaiting == "lot"
    assert counting.enter("NEW-7").level is Level.WARNING  # found: not expected here


def test_a_gs1_lot_at_the_count_item_prompt_obeys_the_lot_rules(counting):
    counting.undo()
    answer = counting.handle(Scan(f"]C101{GTIN_LOT}10L2406A17261231"))
    assert answer.level is Level.ERROR and "dropped a separator" in answer.message
    assert not Lot.select().where(Lot.code == "L2406A17261231").exists()
