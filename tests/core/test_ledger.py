"""The ledger: moves update quants in one transaction; the rules hold whatever the sequence."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import ledger
from app.core.errors import StockError
from app.core.locations import DOCK, LOSS, SUPPLIER, system_location
from app.db.models import (
    Item,
    Location,
    Lot,
    Move,
    Quant,
    Reservation,
    SalesOrder,
    SalesOrderLine,
    User,
)


@pytest.fixture
def world(db):
    user = User.get(User.name == "operator")
    plain = Item.create(sku="PLAIN", name="Plain item")
    tracked = Item.create(sku="TRACKED", name="Tracked item", tracking="lot")
    lot = Lot.create(item=tracked, code="L1")
    bins = [Location.create(code=f"A-0{i}", kind="bin") for i in range(1, 4)]
    return {"user": user.id, "plain": plain, "tracked": tracked, "lot": lot, "bins": bins,
            "dock": system_location(DOCK), "supplier": system_location(SUPPLIER),
            "loss": system_location(LOSS)}


def receive(world, qty, item=None, lot=None, into=None):
    item = item or world["plain"]
    into = into or world["dock"]
    return ledger.post([ledger.MoveRequest(item.id, lot.id if lot else None,
                                           world["supplier"].id, into.id, qty,
                                           "receipt")], world["user"])


def quant_qty(item, location, lot=None):
    q = Quant.get_or_none((Quant.item == item) & (Quant.location == location)
                          & (Quant.lot == lot if lot else Quant.lot.is_null()))
    return q.qty if q else 0


def test_receipt_creates_quant_and_move(world):
    receive(world, 5)
    assert quant_qty(world["plain"], world["dock"]) == 5
    move = Move.get()
    assert (move.src.code, move.dst.code, move.qty, move.kind) == ("SUPPLIER", "DOCK", 5, "receipt")


def test_moving_more_than_on_hand_is_refused_and_changes_nothing(world):
    receive(world, 3)
    with pytest.raises(StockError, match="Only 3 in DOCK"):
        ledger.post([ledger.MoveRequest(world["plain"].id, None, world["dock"].id,
                                        world["bins"][0].id, 4, "putaway")], world["user"])
    assert quant_qty(world["plain"], world["dock"]) == 3
    assert Move.select().count() == 1


def test_batch_is_all_or_nothing(world):
    receive(world, 3)
    good = ledger.MoveRequest(world["plain"].id, None, world["dock"].id, world["bins"][0].id, 2,
                              "putaway")
    bad = ledger.MoveRequest(world["plain"].id, None, world["dock"].id, world["bins"][1].id, 2,
                             "putaway")
    with pytest.raises(StockError):
        ledger.post([good, bad], world["user"])
    assert quant_qty(world["plain"], world["dock"]) == 3
    assert quant_qty(world["plain"], world["bins"][0]) == 0


def test_tracked_item_needs_its_own_lot(world):
    with pytest.raises(StockError, match="needs a lot"):
        receive(world, 1, item=world["tracked"])
    other = Lot.create(item=world["plain"], code="X")
    with pytest.raises(StockError, match="does not belong"):
        receive(world, 1, item=world["tracked"], lot=other)
    with pytest.raises(StockError, match="does not belong"):
        ledger.post([ledger.MoveRequest(world["tracked"].id, 987654, world["supplier"].id,
                                        world["dock"].id, 1, "receipt")], world["user"])
    with pytest.raises(StockError, match="does not exist"):
        ledger.post([ledger.MoveRequest(987654, None, world["supplier"].id, world["dock"].id, 1,
                                        "receipt")], world["user"])
    receive(world, 2, item=world["tracked"], lot=world["lot"])
    assert quant_qty(world["tracked"], world["dock"], world["lot"]) == 2


def _order_line(item):
    order = SalesOrder.create(number=f"SO-{SalesOrder.select().count() + 1}")
    return SalesOrderLine.create(order=order, item=item, qty_ordered=100)


def test_reserved_stock_cannot_be_moved_freely(world):
    shelf, bins = world["bins"][2], world["bins"]
    receive(world, 5, into=shelf)
    quant = Quant.get()
    line = _order_line(world["plain"])
    ledger.reserve(line.id, world["plain"].id, None, shelf.id, 4)
    with pytest.raises(StockError, match="reserved"):
        ledger.post([ledger.MoveRequest(world["plain"].id, None, shelf.id, bins[0].id, 2,
                                        "transfer")], world["user"])
    ledger.post([ledger.MoveRequest(world["plain"].id, None, shelf.id, bins[0].id, 2, "pick",
                                    from_reserved=2)], world["user"])
    assert Quant.get_by_id(quant.id).reserved == 2
    with pytest.raises(StockError):
        ledger.reserve(line.id, world["plain"].id, None, shelf.id, 2)


def test_stock_in_the_dock_cannot_be_reserved(world):
    """Orders are picked from bins: the dock's stock waits to be put away, and its count of
    what waits is read as if nothing there were reserved."""
    receive(world, 5)
    line = _order_line(world["plain"])
    with pytest.raises(StockError, match="Only stock in a bin can be reserved"):
        ledger.reserve(line.id, world["plain"].id, None, world["dock"].id, 1)
    assert Quant.get().reserved == 0
    assert Reservation.select().count() == 0


def test_reverse_undoes_a_move_once(world):
    move_id = receive(world, 4)[0]
    ledger.reverse(move_id, world["user"])
    assert quant_qty(world["plain"], world["dock"]) == 0
    with pytest.raises(StockError, match="already undone"):
        ledger.reverse(move_id, world["user"])
    assert ledger.recompute() == []


def test_merged_quant_keeps_the_oldest_in_date(world):
    from datetime import datetime

    ledger.post([ledger.MoveRequest(world["plain"].id, None, world["supplier"].id,
                                    world["bins"][0].id, 1, "receipt")], world["user"],
                at=datetime(2025, 1, 1))
    ledger.post([ledger.MoveRequest(world["plain"].id, None, world["supplier"].id,
                                    world["dock"].id, 1, "receipt")], world["user"],
                at=datetime(2026, 1, 1))
    ledger.post([ledger.MoveRequest(world["plain"].id, None, world["dock"].id,
                                    world["bins"][0].id, 1, "putaway")], world["user"])
    assert Quant.get(Quant.location == world["bins"][0]).in_date == datetime(2025, 1, 1)


def test_database_refuses_negative_stock_even_behind_the_ledgers_back(world):
    from peewee import IntegrityError

    receive(world, 1)
    with pytest.raises(IntegrityError):
        Quant.update(qty=-1).execute()
    with pytest.raises(IntegrityError):
        Quant.update(reserved=2).execute()


def test_recompute_finds_a_tampered_quant(world):
    receive(world, 2)
    Quant.update(qty=7).execute()
    [mismatch] = ledger.recompute()
    assert (mismatch.ledger_qty, mismatch.quant_qty) == (2, 7)


# -- property: any sequence of moves keeps the invariants -----------------------------------

move_steps = st.lists(
    st.tuples(
        st.sampled_from(["receive", "move", "scrap", "reserve", "release", "pick", "undo"]),
        st.integers(0, 4),  # source place index
        st.integers(0, 4),  # destination place index
        st.integers(1, 6),  # quantity
        st.booleans(),  # tracked item?
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=move_steps)
def test_invariants_hold_for_any_sequence(world, steps):
    from app.db.models import database

    with database.atomic() as txn:
        line = _order_line(world["plain"])
        places = [world["dock"]] + world["bins"] + [system_location("PACK")]
        posted = []
        for action, a, b, qty, tracked in steps:
            item = world["tracked"] if tracked else world["plain"]
            lot = world["lot"].id if tracked else None
            src, dst = places[a], places[b]
            try:
                if action == "receive":
                    posted += ledger.post([ledger.MoveRequest(
                        item.id, lot, world["supplier"].id, dst.id, qty, "receipt")],
                        world["user"])
                elif action in ("move", "pick", "scrap"):
                    target = world["loss"] if action == "scrap" else dst
                    quant = Quant.get_or_none((Quant.item == item) & (Quant.location == src))
                    from_reserved = min(qty, quant.reserved) if (quant and action == "pick") else 0
                    posted += ledger.post([ledger.MoveRequest(
                        item.id, lot, src.id, target.id, qty, "transfer",
                        from_reserved=from_reserved)], world["user"])
                elif action in ("reserve", "release"):
                    if action == "reserve":
                        ledger.reserve(line.id, item.id, lot, src.id, qty)
                    else:
                        held = Reservation.get_or_none((Reservation.item == item)
                                                       & (Reservation.location == src))
                        if held:
                            ledger.release(held.id, qty)
                elif action == "undo" and posted:
                    ledger.reverse(posted.pop(), world["user"])
            except StockError:
                pass  # refused moves must leave everything as it was: checked below
            assert ledger.recompute() == []
            for quant in Quant.select():
                assert quant.qty > 0
                assert 0 <= quant.reserved <= quant.qty
        txn.rollback()


def test_a_post_joined_to_the_callers_transaction_adds_no_savepoint_and_fails_with_it(world,
                                                                                     monkeypatch):
    from app.db.models import database

    request = ledger.MoveRequest(world["plain"].id, None, world["supplier"].id,
                                 world["dock"].id, 2, "receipt")
    sent: list[str] = []
    real = database.obj.execute_sql

    def noting(sql, params=None, *args, **kwargs):
        sent.append(sql.split()[0].upper())
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(database.obj, "execute_sql", noting)
    with database.atomic():
        ledger.post([request], world["user"], joined=True)
    assert "SAVEPOINT" not in sent and "INSERT" in sent
    with database.atomic():
        ledger.post([request], world["user"])
    assert "SAVEPOINT" in sent  # not joined: a savepoint of its own, as before
    # Outside a transaction a joined post is still one transaction of its own.
    ledger.post([request], world["user"], joined=True)
    assert quant_qty(world["plain"], world["dock"]) == 6
    # A failure after a joined post rolls the whole action back, the post included.
    with pytest.raises(StockError), database.atomic():
        ledger.post([request], world["user"], joined=True)
        ledger.post([ledger.MoveRequest(world["plain"].id, None, world["dock"].id,
                                        world["bins"][0].id, 99, "putaway")], world["user"],
                    joined=True)
    assert quant_qty(world["plain"], world["dock"]) == 6


def test_a_whole_balance_moved_where_none_is_keeps_its_row_date_and_frees_its_reservation(
        world):
    """Moving all of a balance to a place without one of that item and lot moves the quant
    itself (its in_date with it, nothing reserved there any more); a part, or a place that
    holds some already, still takes from one quant and adds to the other."""
    tracked, lot, bins = world["tracked"], world["lot"], world["bins"]
    shelf = bins[2]
    receive(world, 4, tracked, lot, into=shelf)
    receive(world, 2)  # a later row: a new one for the tracked item would get a new id
    reservation = ledger.reserve(_order_line(tracked).id, tracked.id, lot.id, shelf.id, 4)
    before = Quant.get((Quant.location == shelf) & (Quant.item == tracked))
    ledger.consume(reservation, ledger.MoveRequest(tracked.id, lot.id, shelf.id, bins[0].id, 4,
                                                   "pick"), world["user"])
    moved = Quant.get(Quant.location == bins[0])
    assert (moved.id, moved.qty, moved.reserved, moved.in_date) == \
        (before.id, 4, 0, before.in_date)
    assert quant_qty(tracked, shelf, lot) == 0
    # A part: the source keeps its row, the destination gets a new one.
    ledger.post([ledger.MoveRequest(tracked.id, lot.id, bins[0].id, bins[1].id, 1,
                                    "transfer")], world["user"])
    assert Quant.get(Quant.location == bins[0]).id == before.id
    assert (quant_qty(tracked, bins[0], lot), quant_qty(tracked, bins[1], lot)) == (3, 1)
    # All of it into a bin that holds some: merged there, the source row gone.
    ledger.post([ledger.MoveRequest(tracked.id, lot.id, bins[0].id, bins[1].id, 3,
                                    "transfer")], world["user"])
    assert quant_qty(tracked, bins[1], lot) == 4
    assert Quant.select().where(Quant.location == bins[0]).count() == 0
    assert ledger.recompute() == []
