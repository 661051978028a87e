"""Two processes doing the same user action at the same moment, 50 rounds each: one of them
wins, the other gets a clear refusal; never a double, an oversell, a traceback, or a ledger
that `check` finds wrong."""

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from app.core import ledger, orders, packing, picking
from app.core.locations import SUPPLIER, system_location
from app.core.orders import OrderLineInput
from app.core.stock import check_report
from app.db import close_database, open_database
from app.db.models import (
    Count,
    CountLine,
    Item,
    Location,
    Move,
    PurchaseOrder,
    PurchaseOrderLine,
    Quant,
    Reservation,
    SalesOrder,
    SalesOrderLine,
    Supplier,
    User,
    database,
)
from tests.race.conftest import ROUNDS
from tests.race.workers import TODAY

pytestmark = pytest.mark.race

REPO = Path(__file__).resolve().parents[2]


def _user() -> int:
    return User.get(User.name == "operator").id


def _stock(sku: str, bin_code: str, qty: int) -> tuple[Item, Location]:
    item = Item.get_or_none(Item.sku == sku) or Item.create(sku=sku, name=f"Item {sku}")
    location = Location.create(code=bin_code, kind="bin")
    ledger.post([ledger.MoveRequest(item.id, None, system_location(SUPPLIER).id, location.id,
                                    qty, "receipt")], _user())
    return item, location


def _orders(sku: str, count: int, qty: int, allocate: bool = True) -> None:
    for n in range(count):
        orders.create_order(f"R-{n:03d}", [OrderLineInput(sku, qty)], allocate=allocate,
                            today=TODAY)


def _one_winner_per_round(results) -> None:
    for first, second in zip(*results, strict=True):
        assert sorted([first[0], second[0]]) == ["ok", "refused"], (first, second)


def _packed(count: int) -> None:
    _stock("SHIP", "S-01", 2 * count)
    _orders("SHIP", count, 2)
    for order in SalesOrder.select().order_by(SalesOrder.id):
        pick_list = picking.create_pick_list([order.id])
        for task in picking.tasks(pick_list.id):
            picking.pick(task, task.qty, _user())
        packing.pack_unit(order.id, Item.get(Item.sku == "SHIP").id, None, 2, _user())


def _shipped_units() -> dict[int, int]:
    return dict(database.execute_sql(
        "SELECT doc_id, SUM(qty) FROM move WHERE kind = 'ship' GROUP BY doc_id").fetchall())


def test_the_same_packed_order_ships_once(race, race_db, db_url):
    _packed(ROUNDS)
    results = race(db_url, "ship")
    _one_winner_per_round(results)
    assert sorted(_shipped_units().values()) == [2] * ROUNDS
    assert {o.status for o in SalesOrder.select()} == {"shipped"}
    assert check_report() == []


def test_two_ship_alls_ship_every_packed_order_once(race, race_db, db_url):
    _packed(2 * ROUNDS)
    results = race(db_url, "ship_all", rounds=1)
    shipped = sum(int(outcome[1].split(",")[0].strip("(")) for outcomes in results
                  for outcome in outcomes)
    assert shipped == 2 * ROUNDS
    assert sorted(_shipped_units().values()) == [2] * (2 * ROUNDS)
    assert check_report() == []


def _picked(sku: str, count: int, qty: int) -> None:
    _stock(sku, f"{sku}-01", qty * count)
    _orders(sku, count, qty)
    for order in SalesOrder.select().order_by(SalesOrder.id):
        pick_list = picking.create_pick_list([order.id])
        for task in picking.tasks(pick_list.id):
            picking.pick(task, task.qty, _user())


def test_two_stations_packing_one_order_pack_every_unit_once(race, race_db, db_url):
    _picked("PACK", ROUNDS, 3)
    results = race(db_url, "pack")
    for first, second in zip(*results, strict=True):
        assert int(first[1]) + int(second[1]) == 3, (first, second)
    packed = dict(database.execute_sql(
        "SELECT ol.order_id, SUM(u.qty) FROM pack_unit u "
        "JOIN sales_order_line ol ON ol.id = u.line_id GROUP BY ol.order_id").fetchall())
    assert sorted(packed.values()) == [3] * ROUNDS
    assert {o.status for o in SalesOrder.select()} == {"packed"}
    assert check_report() == []


def test_the_last_shipped_unit_is_returned_once(race, race_db, db_url):
    _stock("RET", "RET-01", ROUNDS)
    _orders("RET", ROUNDS, 1)
    for order in SalesOrder.select().order_by(SalesOrder.id):
        pick_list = picking.create_pick_list([order.id])
        for task in picking.tasks(pick_list.id):
            picking.pick(task, task.qty, _user())
        packing.pack_unit(order.id, Item.get(Item.sku == "RET").id, None, 1, _user())
        picking.ship_order(SalesOrder.get_by_id(order.id), _user())
    results = race(db_url, "return")
    _one_winner_per_round(results)
    assert all("came back already" in outcome[1] for outcomes in results
               for outcome in outcomes if outcome[0] == "refused")
    returned = dict(database.execute_sql(
        "SELECT doc_id, SUM(qty) FROM move WHERE kind = 'return' GROUP BY doc_id").fetchall())
    assert sorted(returned.values()) == [1] * ROUNDS
    dock = system_location("DOCK").id
    assert sum(q.qty for q in Quant.select().where(Quant.location == dock)) == ROUNDS
    assert check_report() == []


def test_a_shipment_in_part_ships_once(race, race_db, db_url):
    from app.core import packing

    _picked("PART", ROUNDS, 2)
    for order in SalesOrder.select().order_by(SalesOrder.id):
        packing.pack_unit(order.id, Item.get(Item.sku == "PART").id, None, 1, _user())
    results = race(db_url, "ship_part")
    _one_winner_per_round(results)
    assert sorted(_shipped_units().values()) == [1] * ROUNDS
    assert check_report() == []


def test_an_order_is_cancelled_once(race, race_db, db_url):
    _stock("CAN", "K-01", ROUNDS)
    _orders("CAN", ROUNDS, 1)
    results = race(db_url, "cancel")
    _one_winner_per_round(results)
    assert Reservation.select().count() == 0
    assert Quant.get().reserved == 0
    assert check_report() == []


def test_allocation_never_promises_more_than_there_is(race, race_db, db_url):
    _stock("ALC", "L-01", 60)
    _orders("ALC", ROUNDS, 2, allocate=False)
    race(db_url, "allocate")
    assert sum(r.qty for r in Reservation.select()) == 60
    per_line = database.execute_sql(
        "SELECT l.qty_ordered, SUM(r.qty) FROM reservation r JOIN sales_order_line l "
        "ON l.id = r.line_id GROUP BY l.id").fetchall()
    assert all(reserved <= ordered for ordered, reserved in per_line)
    assert check_report() == []


def test_a_step_is_undone_once(race, race_db, db_url):
    item, location = _stock("UND", "U-01", 1)
    supplier = system_location(SUPPLIER).id
    moves = [Move.get().id] + ledger.post(
        [ledger.MoveRequest(item.id, None, supplier, location.id, 1, "receipt")
         for _ in range(ROUNDS - 1)], _user())
    results = race(db_url, "undo", moves=moves)
    _one_winner_per_round(results)
    assert Move.select().where(Move.reverses.is_null(False)).count() == ROUNDS
    assert Quant.select().count() == 0
    assert check_report() == []


def test_a_variance_is_approved_once(race, race_db, db_url):
    lines = []
    for n in range(ROUNDS):
        item, location = _stock("VAR", f"V-{n:03d}", 5)
        count = Count.create(location=location, kind="recount", status="review",
                             planned_for=TODAY, started_at=datetime(2026, 6, 1, 8),
                             closed_at=datetime(2026, 6, 1, 9))
        lines.append(CountLine.create(count=count, item=item, expected=5, counted=4,
                                      status="review").id)
    results = race(db_url, "approve", lines=lines)
    _one_winner_per_round(results)
    assert Move.select().where(Move.kind == "adjust").count() == ROUNDS
    assert {q.qty for q in Quant.select()} == {4}
    assert {ln.status for ln in CountLine.select()} == {"approved"}
    assert check_report() == []


def test_one_bin_counted_by_two_stations(race, race_db, db_url):
    _stock("CNT", "C-01", 7)
    race(db_url, "count", on_hand=7)
    assert Count.select().where(Count.status == "counting").count() == 0
    assert Count.select().where(Count.status == "done").count() >= ROUNDS
    # One line per item of a count, and no variance made up by a double start.
    assert Move.select().where(Move.kind == "adjust").count() == 0
    doubles = database.execute_sql(
        "SELECT count_id FROM count_line GROUP BY count_id, item_id HAVING COUNT(*) > 1")
    assert doubles.fetchall() == []
    assert check_report() == []


def test_the_same_export_imported_twice_at_once(race, race_db, db_url, tmp_path):
    _stock("IMP", "I-01", 4 * ROUNDS)
    files = []
    for n in range(ROUNDS):
        path = tmp_path / f"orders-{n}.csv"
        path.write_text(f"order,sku,qty\nI-{n}-A,IMP,1\nI-{n}-B,IMP,1\n", encoding="utf-8")
        files.append(str(path))
    results = race(db_url, "import", files=files)
    for first, second in zip(*results, strict=True):
        assert int(first[1]) + int(second[1]) == 2, (first, second)
    assert SalesOrder.select().count() == 2 * ROUNDS
    assert SalesOrderLine.select().count() == 2 * ROUNDS
    assert sum(r.qty for r in Reservation.select()) == 2 * ROUNDS
    assert check_report() == []


def test_an_order_changed_in_the_shop_goes_back_to_stock_once(race, race_db, db_url,
                                                             tmp_path):
    from app.core.locations import DOCK, PACKING

    _picked("CHG", ROUNDS, 2)
    files = []
    for n in range(ROUNDS):
        path = tmp_path / f"changed-{n}.csv"
        change = "1," if n % 2 else "2,yes"  # edited 2 -> 1, or cancelled
        path.write_text(f"order,sku,qty,cancelled\nR-{n:03d},CHG,{change}\n", encoding="utf-8")
        files.append(str(path))
    results = race(db_url, "import_changes", files=files)
    for first, second in zip(*results, strict=True):
        done = [sum(map(int, outcome[1].split(","))) for outcome in (first, second)]
        assert sorted(done) == [0, 1], (first, second)
    dock, packing_area = (system_location(code).id for code in (DOCK, PACKING))
    held = dict(database.execute_sql("SELECT location_id, SUM(qty) FROM quant "
                                     "GROUP BY location_id").fetchall())
    assert (held.get(dock), held.get(packing_area)) == (2 * ROUNDS, None)
    assert Move.select().where(Move.reverses.is_null(False)).count() == ROUNDS
    statuses = {o.number: o.status for o in SalesOrder.select()}
    assert {statuses[f"R-{n:03d}"] for n in range(0, ROUNDS, 2)} == {"cancelled"}
    assert "cancelled" not in {statuses[f"R-{n:03d}"] for n in range(1, ROUNDS, 2)}
    assert check_report() == []


def test_the_last_units_of_a_po_line_are_received_once(race, race_db, db_url):
    item = Item.create(sku="RCV", name="Received item")
    po = PurchaseOrder.create(number="PO-RACE", supplier=Supplier.create(name="Acme"))
    PurchaseOrderLine.create(po=po, item=item, qty_ordered=ROUNDS)
    results = race(db_url, "receive")
    accepted = [o for outcomes in results for o in outcomes if o[0] == "ok"]
    assert len(accepted) == ROUNDS
    assert sum(m.qty for m in Move.select().where(Move.kind == "receipt")) == ROUNDS
    assert PurchaseOrder.get_by_id(po.id).status == "received"
    assert check_report() == []


def test_two_binwise_ship_commands_at_once(race_db, db_url):
    """The testers' case: `binwise ship` at two stations at the same moment."""
    _packed(ROUNDS)
    close_database()
    command = [sys.executable, "-m", "app", "--db", db_url, "ship"]
    runs = [subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    answers = [run.communicate(timeout=120) for run in runs]
    open_database(db_url)
    assert [run.returncode for run in runs] == [0, 0], answers
    assert all("Traceback" not in err for _, err in answers)
    shipped = sum(int(out.split()[1]) for out, _ in answers)  # "Shipped N orders, U units."
    assert shipped == ROUNDS
    assert sorted(_shipped_units().values()) == [2] * (ROUNDS)
    assert check_report() == []


def test_check_sees_one_moment_while_another_station_moves_stock(race, race_db, db_url):
    _stock("MOV", "M-01", 50)
    _stock("MOV", "M-02", 50)
    checker, mover = race(db_url, "check")
    assert {outcome for outcome in checker} == {("ok", "clean")}
    assert {outcome for outcome in mover} == {("ok", "moved")}
    assert check_report() == []
