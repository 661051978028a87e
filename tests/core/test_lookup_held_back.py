"""The lots a look-up of a location names as held back for their expiry are counted by the
database: the count and the first lots must be exactly those the shelf-life rule in words
(`stock_words.expiry_problem`) finds line by line, whatever the location holds."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import ledger, lookup, stock_words
from app.core.locations import system_location
from app.db.models import Item, Location, Lot, User, database

TODAY = date(2026, 6, 1)
# Shelf lives around the expiries below, and two no lot can ever be fresh enough for (the
# second past the last date Python knows).
SHELF_LIVES = [0, 1, 7, 30, 90, 1_000_000, 4_000_000]


@pytest.fixture
def world(db):
    return {"user": User.get(User.name == "operator").id,
            "supplier": system_location("SUPPLIER").id,
            "bin": Location.create(code="A-01-01", kind="bin").id}


def _stock(world, items: list[int], lots: list[tuple[int, int | None]], plain: int) -> None:
    """Items with the given shelf lives, their lots (item, expiry in days from TODAY or
    none) and `plain` untracked items, all received into the bin."""
    made = [Item.create(sku=f"SKU-{n:02d}", name=f"Item {n}", tracking="expiry",
                        min_shelf_life_days=days) for n, days in enumerate(items)]
    requests = []
    for number, (which, offset) in enumerate(lots):
        item = made[which % len(made)]
        expiry = TODAY + timedelta(days=offset) if offset is not None else None
        lot = Lot.create(item=item, code=f"L{number:03d}", expiry=expiry)
        requests.append(ledger.MoveRequest(item.id, lot.id, world["supplier"], world["bin"],
                                           number + 1, "receipt"))
    for n in range(plain):
        item = Item.create(sku=f"PLAIN-{n}", name="Plain")
        requests.append(ledger.MoveRequest(item.id, None, world["supplier"], world["bin"], 2,
                                           "receipt"))
    ledger.post(requests, world["user"])


def _problems_line_by_line(location_id: int) -> list[str]:
    """Every line of the location in its order, judged one by one in Python."""
    found = []
    for line in lookup.bin_contents(location_id):
        problem = stock_words.expiry_problem(Item.get_by_id(line.item_id), line.lot,
                                             line.expiry, TODAY)
        if problem:
            found.append(problem)
    return found


def _problems_of(page: lookup.BinPage) -> list[str]:
    return [stock_words.expiry_problem(Item(sku=x.sku, min_shelf_life_days=x.min_shelf_life_days),
                                       x.lot, x.expiry, TODAY) for x in page.held_back]


lots = st.lists(st.tuples(st.integers(0, 3), st.one_of(st.none(), st.integers(-5, 120))),
                max_size=14)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(st.sampled_from(SHELF_LIVES), min_size=1, max_size=4), lots=lots,
       plain=st.integers(0, 2), limit=st.sampled_from([0, 1, 3, 200]))
def test_the_database_finds_the_lots_the_rule_in_words_finds(world, items, lots, plain, limit):
    with database.atomic() as txn:
        # One expiry per lot of an item: lines never tie in the location's order.
        lots = list(dict.fromkeys((which % len(items), offset) for which, offset in lots))
        _stock(world, items, lots, plain)
        expected = _problems_line_by_line(world["bin"])
        page = lookup.bin_page(world["bin"], limit=limit, today=TODAY)
        assert page.held_back_count == len(expected)
        assert _problems_of(page) == expected[:lookup.HELD_BACK_LISTED]
        everything = lookup.bin_contents(world["bin"], TODAY)
        assert page.count == len(everything)
        assert page.totals == lookup.totals(everything)
        txn.rollback()


def test_a_crowded_location_lists_the_first_held_back_lots_and_counts_all(world, monkeypatch):
    _stock(world, [30], [(0, offset) for offset in (-2, 3, 10, 29, 30, 60)], 1)
    monkeypatch.setattr(lookup, "HELD_BACK_LISTED", 2)
    page = lookup.bin_page(world["bin"], limit=1, today=TODAY)
    # One lot expired, three too short to sell; those with 30 and 60 days left are sellable.
    assert page.held_back_count == 4
    assert [(x.lot, str(x.expiry)) for x in page.held_back] == [
        ("L000", "2026-05-30"), ("L001", "2026-06-04")]
