"""The reports on a small warehouse whose every figure is worked out by hand below."""

import json
from datetime import date, datetime, timedelta

import pytest

from app.core import ledger
from app.core.locations import system_location
from app.core.reports import REPORTS
from app.db.models import (
    Item,
    Lot,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    SalesOrder,
    SalesOrderLine,
    Supplier,
    User,
)

TODAY = date(2026, 6, 1)


def _post(item, src, dst, qty, kind, at, lot=None, **doc):
    user = User.get(User.name == "operator").id
    ledger.post([ledger.MoveRequest(item.id, lot, system_location(src).id,
                                    system_location(dst).id, qty, kind, **doc)], user, at=at)


@pytest.fixture
def shop(db):
    """MUG (item cost 2): 10 received on 10 January at 3, 10 on 1 March at 5 (PO costs), 12
    shipped on 1 April: 8 left in the dock. CUP (cost 4): 5 received on 2 January, never
    sold. TEA (cost 1) by expiry: 3 of a lot expired yesterday, 4 of one expiring in 10 days.
    """
    user = User.get(User.name == "operator").id
    acme = Supplier.create(name="Acme")
    mug = Item.create(sku="MUG", name="Mug", unit_cost=2)
    for n, (day, cost) in enumerate(((date(2026, 1, 10), 3), (date(2026, 3, 1), 5))):
        at = datetime.combine(day, datetime.min.time()).replace(hour=9)
        po = PurchaseOrder.create(number=f"PO-{n}", supplier=acme, created_at=at)
        line = PurchaseOrderLine.create(po=po, item=mug, qty_ordered=10, unit_cost=cost)
        receipt = Receipt.create(po=po, user=user, started_at=at)
        _post(mug, "SUPPLIER", "DOCK", 10, "receipt", at, doc_type="receipt",
              doc_id=receipt.id, line_id=line.id)
    _post(mug, "DOCK", "PACK", 12, "pick", datetime(2026, 4, 1, 9))
    _post(mug, "PACK", "CUSTOMER", 12, "ship", datetime(2026, 4, 1, 12))
    cup = Item.create(sku="CUP", name="Cup", unit_cost=4)
    _post(cup, "SUPPLIER", "DOCK", 5, "receipt", datetime(2026, 1, 2, 9))
    tea = Item.create(sku="TEA", name="Tea", unit_cost=1, tracking="expiry")
    old = Lot.create(item=tea, code="OLD", expiry=TODAY - timedelta(days=1))
    new = Lot.create(item=tea, code="NEW", expiry=TODAY + timedelta(days=10))
    _post(tea, "SUPPLIER", "DOCK", 3, "receipt", datetime(2026, 5, 20, 9), lot=old.id)
    _post(tea, "SUPPLIER", "DOCK", 4, "receipt", datetime(2026, 5, 20, 9), lot=new.id)


def _run(name, start=date(2026, 3, 1), end=date(2026, 4, 30), **options):
    return REPORTS[name].run(start, end, TODAY, **options)


def _row(report, key):
    return next(r for r in report.rows if r[0] == key)


def test_stock_value_fifo_today_and_in_the_past(shop):
    report = _run("stock-value", end=TODAY)
    # MUG: the 8 left are the newest units, received at 5: 40. CUP: no PO cost, 5 x 4 = 20.
    # TEA: 7 x 1.
    assert _row(report, "MUG")[3:] == [8, 5.0, 40.0]
    assert _row(report, "CUP")[3:] == [5, 4.0, 20.0]
    assert report.total[-1] == 40 + 20 + 7
    # At the end of 1 February only the first 10 MUGs had come, at 3: 30.
    past = _run("stock-value", end=date(2026, 2, 1))
    assert _row(past, "MUG")[3:] == [10, 3.0, 30.0]
    assert [r[0] for r in past.rows] == ["MUG", "CUP"]
    by_class = _run("stock-value", end=TODAY, by="class")
    assert by_class.rows == [["C", 3, 20, 67.0]]


def test_aging(shop):
    report = _run("aging")
    # MUG's dock stock entered on 10 January (merged stock keeps the oldest day): 142 days;
    # CUP 2 January: 150 days; TEA 20 May: 12 days.
    assert report.rows == [["0-30", 7, 7.0], ["31-90", 0, 0.0], ["91-180", 13, 60.0],
                           ["181-365", 0, 0.0], ["over 365", 0, 0.0]]


def test_expiry(shop):
    report = _run("expiry")
    assert report.rows[0] == ["expired", "", 3, 3.0]
    # Ten days ahead is in the second week (days 7 to 13).
    assert report.rows[2][2:] == [4, 4.0]
    assert report.total[2:] == [7, 7.0]


def test_turnover_and_days_of_inventory(shop):
    report = _run("turnover")
    mug = _row(report, "MUG")
    # March (31 days) closes at 20 MUGs, April (30 days) at 8: average units
    # (31 x 20 + 30 x 8) / 61 = 860 / 61 = 14.098, at cost 2: 28.197. Shipped 12 x 2 = 24.
    assert mug[3] == 24
    assert mug[4] == pytest.approx(2 * 860 / 61)
    # Turnover 24 / 28.197 = 0.8512; days of inventory 61 / 0.8512 = 71.67.
    assert mug[5] == pytest.approx(24 / (2 * 860 / 61))
    assert mug[6] == pytest.approx(61 / (24 / (2 * 860 / 61)))
    # CUP held 5 at 4 all along and sold nothing: turnover 0.
    assert _row(report, "CUP")[3:6] == [0, 20.0, 0.0]
    # Overall: 24 / (28.197 + 20) = 0.498.
    assert report.total[5] == pytest.approx(24 / (2 * 860 / 61 + 20))


def test_sell_through(shop):
    report = _run("sell-through")
    # MUG: 10 on hand on 1 March before the second delivery + 10 received; 12 shipped: 60 %.
    assert _row(report, "MUG")[3:] == [10, 10, 12, 60.0]
    assert _row(report, "CUP")[3:] == [5, 0, 0, 0.0]
    assert report.total[-1] == pytest.approx(100 * 12 / 25)


def test_movers(shop):
    report = _run("movers")
    assert _row(report, "MUG")[3:] == ["fast", 12, 8, 40.0]
    # Nothing shipped in the last 180 days, stock on hand: dead, tying up 20.
    assert _row(report, "CUP")[3:] == ["dead", 0, 5, 20.0]
    assert dict(report.chart)["dead"] == 27.0  # CUP 20 + TEA 7


def test_weeks_of_supply(shop):
    report = _run("weeks-of-supply")
    mug = _row(report, "MUG")
    # 12 shipped in the 90 days before 1 June: 12 / 90 a day, 0.9333 a week; 8 / 0.9333.
    assert mug[4] == pytest.approx(7 * 12 / 90)
    assert mug[5] == pytest.approx(8 / (7 * 12 / 90))
    assert _row(report, "CUP")[5] is None


def test_reports_export_the_same_numbers(shop, tmp_path):
    report = _run("stock-value", end=TODAY)
    out = tmp_path / "value.csv"
    report.write_csv(out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "sku,name,class,units,unit_cost,value"
    assert "MUG,Mug,C,8,5.00,40.00" in lines and lines[-1] == "total,,,20,,67.00"
    data = json.loads(json.dumps(report.as_json()))
    assert data["rows"][0]["sku"] == "MUG" and data["total"]["value"] == 67.0


def test_demand_and_fill_rate_per_channel(db):
    user = User.get(User.name == "operator").id
    mug = Item.create(sku="MUG", name="Mug")
    cup = Item.create(sku="CUP", name="Cup")
    _post(mug, "SUPPLIER", "PACK", 20, "receipt", datetime(2026, 4, 1))
    _post(cup, "SUPPLIER", "PACK", 20, "receipt", datetime(2026, 4, 1))

    def shipped(number, channel, lines, day):
        order = SalesOrder.create(number=number, channel=channel, status="shipped")
        for item, ordered, sent in lines:
            line = SalesOrderLine.create(order=order, item=item, qty_ordered=ordered)
            ledger.post([ledger.MoveRequest(item.id, None, system_location("PACK").id,
                                            system_location("CUSTOMER").id, sent, "ship",
                                            doc_type="order", doc_id=order.id,
                                            line_id=line.id)], user, at=day)

    # The shop: 2 orders, 3 lines, 10 units ordered, 9 shipped (one line a unit short).
    shipped("S-1", "shop", [(mug, 4, 4), (cup, 2, 2)], datetime(2026, 4, 10, 12))
    shipped("S-2", "shop", [(mug, 4, 3)], datetime(2026, 4, 20, 12))
    # Amazon: 1 order of 3, shipped in full; and one shipped before the period.
    shipped("A-1", "amazon", [(cup, 3, 3)], datetime(2026, 4, 15, 12))
    shipped("A-0", "amazon", [(cup, 1, 1)], datetime(2026, 3, 1, 12))
    report = REPORTS["channels"].run(date(2026, 4, 1), date(2026, 4, 30), TODAY)
    # 30 days: the shop shipped 9 / 30 = 0.3 a day; 2 of 3 lines complete; 9 of 10 units.
    assert _row(report, "shop")[1:] == [2, 3, 10, 9, pytest.approx(0.3),
                                       pytest.approx(200 / 3), 90.0]
    assert _row(report, "amazon")[1:] == [1, 1, 3, 3, pytest.approx(0.1), 100.0, 100.0]
    assert report.total[1:5] == [3, 4, 13, 12]


def test_stock_value_by_bin_and_by_lot(shop):
    by_bin = _run("stock-value", end=TODAY, by="bin")
    # Everything is in the dock: MUG 8 at 5, CUP 5 at 4, TEA's two lots 3 + 4 at 1.
    assert by_bin.rows == [["DOCK", "MUG", 8, 40.0], ["DOCK", "CUP", 5, 20.0],
                           ["DOCK", "TEA", 7, 7.0]]
    assert by_bin.total[2:] == [20, 67.0]
    by_lot = _run("stock-value", end=TODAY, by="lot")
    lots = {(r[0], r[1]): r[2:] for r in by_lot.rows}
    assert lots[("NEW", "TEA")] == [4, 4.0] and lots[("OLD", "TEA")] == [3, 3.0]
    assert lots[("", "MUG")] == [8, 40.0]


def test_fill_rate_at_first_allocation(db):
    from app.core import orders
    from app.db.models import Location

    user = User.get(User.name == "operator").id
    bin_ = Location.create(code="A-01", kind="bin")
    mug, cup = Item.create(sku="MUG", name="Mug"), Item.create(sku="CUP", name="Cup")
    ledger.post([ledger.MoveRequest(mug.id, None, system_location("SUPPLIER").id, bin_.id, 5,
                                    "receipt")], user)
    L = orders.OrderLineInput
    # Shop: MUG 3 of 5 in full; CUP 2 with none in stock. Amazon: MUG 4, only 2 left.
    orders.create_order("S-1", [L("MUG", 3), L("CUP", 2)], channel="shop")
    orders.create_order("A-1", [L("MUG", 4)], channel="amazon")
    # CUP arrives and is allocated later: the first allocation still counts as it was.
    ledger.post([ledger.MoveRequest(cup.id, None, system_location("SUPPLIER").id, bin_.id, 9,
                                    "receipt")], user)
    orders.allocate_open_orders()
    today = date.today()
    report = REPORTS["fill-rate"].run(today - timedelta(days=7), today, today)
    rows = {r[1]: r for r in report.rows}
    # Shop: 2 lines, 1 in full (50 %); 5 units, 3 reserved (60 %).
    assert rows["shop"][2:] == [2, 1, 50.0, 5, 3, 60.0]
    # Amazon: 1 line, not in full; 4 units, 2 reserved.
    assert rows["amazon"][2:] == [1, 0, 0.0, 4, 2, 50.0]
    assert report.total[2:] == [3, 1, pytest.approx(100 / 3), 9, 5, pytest.approx(500 / 9)]
