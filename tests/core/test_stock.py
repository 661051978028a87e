"""The stock list and the ledger check: contents, order, and reporting balances that disagree
with the ledger."""

import random
import time
from datetime import date, datetime

import pytest

from app.core import ledger, orders
from app.core.locations import DOCK, SUPPLIER, system_location
from app.core.stock import check_report, stock_rows
from app.db import close_database, database, open_database
from app.db.models import Item, Location, Lot, User


@pytest.fixture
def wh(tmp_path):
    db = open_database(tmp_path / "t.sqlite")
    yield db
    close_database()


@pytest.fixture
def stocked(wh):
    """Two items, two bins, stock received and put away at known times."""
    warehouse = Location.get(Location.code == "WH")
    bin_a = Location.create(code="A-01-01", kind="bin", parent=warehouse.id, sequence=10)
    bin_b = Location.create(code="B-01-01", kind="bin", parent=warehouse.id, sequence=20)
    tea = Item.create(sku="TEA-1", name="Earl Grey", tracking="expiry", removal="fefo")
    mug = Item.create(sku="MUG-1", name="Enamel Mug")
    late = Lot.create(item=tea.id, code="L2", expiry=date(2027, 6, 30))
    early = Lot.create(item=tea.id, code="L1", expiry=date(2027, 1, 31))
    user = User.get(User.name == "operator").id
    supplier, dock = system_location(SUPPLIER).id, system_location(DOCK).id
    receipts = [(tea.id, late.id, bin_a.id, 10), (tea.id, early.id, bin_a.id, 4),
                (mug.id, None, bin_b.id, 6), (mug.id, None, bin_a.id, 2)]
    for n, (item, lot, bin_id, qty) in enumerate(receipts):
        at = datetime(2026, 3, 1 + n, 9, 30, 15, 123456)
        ledger.post([ledger.MoveRequest(item, lot, supplier, dock, qty, "receipt")], user, at=at)
        ledger.post([ledger.MoveRequest(item, lot, dock, bin_id, qty, "putaway")], user, at=at)
    ledger.post([ledger.MoveRequest(mug.id, None, supplier, dock, 3, "receipt")], user,
                at=datetime(2026, 3, 9, 8, 0))
    # An order reserves 2 mugs (FIFO: bin B's are the oldest).
    orders.create_order("SO-1", [orders.OrderLineInput("MUG-1", 2)], today=date(2026, 3, 10))
    return {"tea": tea, "mug": mug, "early": early, "late": late, "a": bin_a, "b": bin_b}


def test_empty_warehouse_has_no_rows(wh):
    assert stock_rows() == []
    assert check_report() == []


def test_rows_hold_every_balance_sorted(stocked):
    rows = stock_rows()
    assert rows == [
        {"sku": "MUG-1", "name": "Enamel Mug", "lot": None, "expiry": None,
         "location": "A-01-01", "qty": 2, "reserved": 0, "in_date": "2026-03-04T09:30:15"},
        {"sku": "MUG-1", "name": "Enamel Mug", "lot": None, "expiry": None,
         "location": "B-01-01", "qty": 6, "reserved": 2, "in_date": "2026-03-03T09:30:15"},
        {"sku": "MUG-1", "name": "Enamel Mug", "lot": None, "expiry": None,
         "location": "DOCK", "qty": 3, "reserved": 0, "in_date": "2026-03-09T08:00:00"},
        # Same item and bin: the earlier expiry first.
        {"sku": "TEA-1", "name": "Earl Grey", "lot": "L1", "expiry": "2027-01-31",
         "location": "A-01-01", "qty": 4, "reserved": 0, "in_date": "2026-03-02T09:30:15"},
        {"sku": "TEA-1", "name": "Earl Grey", "lot": "L2", "expiry": "2027-06-30",
         "location": "A-01-01", "qty": 10, "reserved": 0, "in_date": "2026-03-01T09:30:15"},
    ]


def test_rows_follow_moves(stocked):
    user = User.get(User.name == "operator").id
    ledger.post([ledger.MoveRequest(stocked["tea"].id, stocked["early"].id, stocked["a"].id,
                                    stocked["b"].id, 4, "transfer")], user)
    tea = [(r["lot"], r["location"], r["qty"]) for r in stock_rows() if r["sku"] == "TEA-1"]
    assert tea == [("L2", "A-01-01", 10), ("L1", "B-01-01", 4)]


def test_check_is_clean_after_normal_work(stocked):
    assert ledger.recompute() == []
    assert check_report() == []


def test_check_names_sku_lot_location_and_both_quantities(stocked):
    database.execute_sql("UPDATE quant SET qty = qty + 3 WHERE lot_id = ?", (stocked["late"].id,))
    assert check_report() == [
        "TEA-1 (lot L2) in A-01-01: the ledger says 10, the stock balance says 13 (difference +3)"
    ]


def test_check_reports_a_lost_and_a_stray_balance(stocked):
    database.execute_sql("DELETE FROM quant WHERE item_id = ? AND location_id = ?",
                         (stocked["mug"].id, stocked["a"].id))
    database.execute_sql(
        "INSERT INTO quant (item_id, lot_id, location_id, qty, reserved, in_date) "
        "VALUES (?, NULL, ?, 7, 0, '2026-01-01 00:00:00')", (stocked["mug"].id,
                                                             system_location("PACK").id))
    lines = check_report()
    assert len(lines) == 2
    assert ("MUG-1 (no lot) in A-01-01: the ledger says 2, the stock balance says 0 "
            "(difference -2)") in lines
    assert ("MUG-1 (no lot) in PACK: the ledger says 0, the stock balance says 7 "
            "(difference +7)") in lines


def test_stock_list_of_300000_balances_is_quick(wh):
    """A big warehouse: the list is one query, not a lookup per row."""
    rng = random.Random(3)
    warehouse = Location.get(Location.code == "WH").id
    with database.atomic():
        cursor = database.cursor()
        cursor.executemany(
            "INSERT INTO item (sku, name, tracking, uom, unit_cost, removal, "
            "min_shelf_life_days, active) VALUES (?, ?, 'expiry', 'unit', 1, 'fefo', 0, 1)",
            [(f"SKU-{i:05d}", f"Item {i}") for i in range(20000)])
        cursor.executemany(
            "INSERT INTO location (code, name, kind, parent_id, sequence, blocked) "
            "VALUES (?, '', 'bin', ?, ?, 0)", [(f"B-{i:04d}", warehouse, i) for i in range(3000)])
        cursor.executemany(
            "INSERT INTO lot (item_id, code, expiry, created_at) VALUES (?, ?, ?, "
            "'2026-01-01 00:00:00')",
            [(1 + i % 20000, f"L{i}", f"2027-{1 + i % 12:02d}-01") for i in range(60000)])
        bins = [r[0] for r in database.execute_sql("SELECT id FROM location WHERE kind = 'bin'")]
        keys = set()
        while len(keys) < 300_000:
            lot = rng.randrange(1, 60001)
            keys.add((1 + (lot - 1) % 20000, lot, rng.choice(bins)))
        cursor.executemany(
            "INSERT INTO quant (item_id, lot_id, location_id, qty, reserved, in_date) "
            "VALUES (?, ?, ?, 5, 1, '2026-02-01 10:00:00')", sorted(keys))
    started = time.perf_counter()
    rows = stock_rows()
    elapsed = time.perf_counter() - started
    assert len(rows) == 300_000
    order = [(r["sku"], r["location"], r["expiry"], r["lot"]) for r in rows[:2000]]
    assert order == sorted(order)
    assert elapsed < 8, f"stock_rows took {elapsed:.1f} s"


def test_check_reports_reservations_that_do_not_add_up(db):
    from app.core import ledger
    from app.core.locations import system_location
    from app.core.stock import check_report
    from app.db.models import Item, Location, Quant, User

    item = Item.create(sku="RES-1", name="Reserved thing")
    bin_ = Location.create(code="R-01", kind="bin")
    ledger.post([ledger.MoveRequest(item.id, None, system_location("SUPPLIER").id, bin_.id, 5,
                                    "receipt")], User.get().id)
    assert check_report() == []
    Quant.update(reserved=2).execute()  # reserved, but no reservation says for whom
    assert check_report() == ["RES-1 lot - in R-01: reserved 2, reservations say 0"]


def test_check_reports_a_planted_mismatch_of_each_kind_at_once(stocked):
    """Every kind of disagreement, planted together, is reported once each, in item, lot,
    location order, then the reservations."""
    pack = system_location("PACK").id
    # A lot balance that says more than the ledger, a balance the ledger knows and the quants
    # lost, and a stray lot balance where the ledger never put any.
    database.execute_sql("UPDATE quant SET qty = qty - 1 WHERE lot_id = ?",
                         (stocked["late"].id,))
    database.execute_sql("DELETE FROM quant WHERE lot_id = ?", (stocked["early"].id,))
    database.execute_sql(
        "INSERT INTO quant (item_id, lot_id, location_id, qty, reserved, in_date) "
        "VALUES (?, ?, ?, 5, 0, '2026-01-01 00:00:00')",
        (stocked["tea"].id, stocked["early"].id, pack))
    # A quant whose reserved does not match its reservations, and a reservation of stock that
    # has no quant at all.
    database.execute_sql("UPDATE quant SET reserved = 1 WHERE item_id = ? AND location_id = ?",
                         (stocked["mug"].id, stocked["a"].id))
    line_id = database.execute_sql("SELECT id FROM sales_order_line").fetchone()[0]
    database.execute_sql(
        "INSERT INTO reservation (line_id, item_id, lot_id, location_id, qty, reason, "
        "created_at) VALUES (?, ?, ?, ?, 3, '', '2026-01-01 00:00:00')",
        (line_id, stocked["tea"].id, stocked["late"].id, stocked["b"].id))
    assert [(m.item_id, m.lot_id, m.location_id, m.ledger_qty, m.quant_qty)
            for m in ledger.recompute()] == sorted([
                (stocked["tea"].id, stocked["late"].id, stocked["a"].id, 10, 9),
                (stocked["tea"].id, stocked["early"].id, stocked["a"].id, 4, 0),
                (stocked["tea"].id, stocked["early"].id, pack, 0, 5)])
    lines = check_report()
    assert sorted(lines[:3]) == [
        "TEA-1 (lot L1) in A-01-01: the ledger says 4, the stock balance says 0 "
        "(difference -4)",
        "TEA-1 (lot L1) in PACK: the ledger says 0, the stock balance says 5 (difference +5)",
        "TEA-1 (lot L2) in A-01-01: the ledger says 10, the stock balance says 9 "
        "(difference -1)",
    ]
    assert sorted(lines[3:]) == sorted([
        "MUG-1 lot - in A-01-01: reserved 1, reservations say 0",
        "TEA-1 lot L2 in B-01-01: reserved 0, reservations say 3",
    ])
