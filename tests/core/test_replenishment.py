"""Replenishment: each formula on small cases worked out by hand, written out below."""

import math
from datetime import date, datetime, timedelta

import pytest

from app.core import ledger, orders
from app.core.locations import system_location
from app.core.replenishment import formulas
from app.core.replenishment.plan import plan_items
from app.core.replenishment.policy import ReplenishPolicy, load_policy, save_policy
from app.db.models import (
    Item,
    ItemClass,
    ItemReplenishment,
    Location,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    Supplier,
    User,
)

TODAY = date(2026, 6, 1)
POLICY = ReplenishPolicy(window_days=10, order_cycle_days=14)


def test_z_from_the_service_level():
    assert formulas.z_for(95) == pytest.approx(1.6449, abs=1e-4)
    assert formulas.z_for(98) == pytest.approx(2.0537, abs=1e-4)
    assert formulas.z_for(90) == pytest.approx(1.2816, abs=1e-4)


def test_safety_stock_and_reorder_point_by_hand():
    # d = 10 a day (sd 3), lead time 4 days (sd 1), z = 1.645:
    # 1.645 x sqrt(4 x 3^2 + 10^2 x 1^2) = 1.645 x sqrt(136) = 1.645 x 11.6619 = 19.184
    safety = formulas.safety_stock(1.645, 10, 3, 4, 1)
    assert safety == pytest.approx(19.184, abs=1e-3)
    # 10 x 4 + 19.184 = 59.184, rounded up to whole units.
    assert formulas.reorder_point(10, 4, safety) == 60
    # No spread at all: the demand over the lead time, exactly.
    assert formulas.reorder_point(2.5, 4, 0) == 10


def test_mean_and_sample_sd():
    assert formulas.mean_sd([4, 6]) == (5, pytest.approx(math.sqrt(2)))
    assert formulas.mean_sd([7]) == (7, 0.0)
    assert formulas.mean_sd([]) == (0.0, 0.0)


def test_order_quantity_rounds_to_minimum_and_packs():
    # 60 - 12 = 48 is above the minimum of 20 and already 8 packs of 6.
    assert formulas.order_quantity(12, 60, moq=20, pack=6) == 48
    # 60 - 50 = 10 -> the minimum of 20 -> 4 packs of 6 = 24.
    assert formulas.order_quantity(50, 60, moq=20, pack=6) == 24
    assert formulas.order_quantity(61, 60) == 0
    # Backorders make the position negative: they are ordered too.
    assert formulas.order_quantity(-5, 10) == 15


def test_stockout_date():
    assert formulas.stockout_date(TODAY, 9, 1.0) == date(2026, 6, 10)
    assert formulas.stockout_date(TODAY, 10, 4.0) == date(2026, 6, 3)  # 2.5 days
    assert formulas.stockout_date(TODAY, 0, 4.0) == TODAY
    assert formulas.stockout_date(TODAY, 5, 0) is None


def _at(days_ago: int, hour: int = 10) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time()).replace(
        hour=hour)


@pytest.fixture
def mug(db):
    """MUG from Acme: two deliveries 4 and 6 days after their POs, 5 more on order; shipped
    4 + 4 + 4 in the last ten days with 2 returned sellable; an order of 3 waits unreserved."""
    user = User.get(User.name == "operator").id
    supplier_loc, dock = system_location("SUPPLIER").id, system_location("DOCK").id
    packing, customer = system_location("PACK").id, system_location("CUSTOMER").id
    acme = Supplier.create(name="Acme")
    item = Item.create(sku="MUG", name="Mug", unit_cost=3)
    for number, ordered, lead, qty in (("PO-1", 40, 36, 6), ("PO-2", 30, 24, 4)):
        po = PurchaseOrder.create(number=number, supplier=acme, status="received",
                                  created_at=_at(ordered))
        line = PurchaseOrderLine.create(po=po, item=item, qty_ordered=qty)
        receipt = Receipt.create(po=po, user=user, started_at=_at(lead))
        ledger.post([ledger.MoveRequest(item.id, None, supplier_loc, dock, qty, "receipt",
                                        doc_type="receipt", doc_id=receipt.id,
                                        line_id=line.id)], user, at=_at(lead))
    po = PurchaseOrder.create(number="PO-3", supplier=acme, created_at=_at(1))
    PurchaseOrderLine.create(po=po, item=item, qty_ordered=5)
    ledger.post([ledger.MoveRequest(item.id, None, supplier_loc, packing, 12, "receipt")], user,
                at=_at(20))
    for days_ago in (9, 5, 2):
        ledger.post([ledger.MoveRequest(item.id, None, packing, customer, 4, "ship")], user,
                    at=_at(days_ago))
    ledger.post([ledger.MoveRequest(item.id, None, customer, dock, 2, "return")], user,
                at=_at(5, 15))
    # Shipped before the window: not counted.
    ledger.post([ledger.MoveRequest(item.id, None, supplier_loc, packing, 50, "receipt")], user,
                at=_at(30))
    ledger.post([ledger.MoveRequest(item.id, None, packing, customer, 50, "ship")], user,
                at=_at(11))
    orders.create_order("WEB-1", [orders.OrderLineInput("MUG", 3)], allocate=False)
    return item


def _mug_plan():
    return next(p for p in plan_items(TODAY, POLICY) if p.sku == "MUG")


def test_the_plan_of_an_item_by_hand(mug):
    plan = _mug_plan()
    # Net daily demand over ten days: 4 (day -9), 4 - 2 returned (day -5), 4 (day -2), else 0:
    # total 10, so d = 1.0; sum of squares 16 + 4 + 16 = 36, sample variance
    # (36 - 10 x 1^2) / 9 = 26 / 9, sd_d = 1.6997.
    assert plan.method == "moving average"
    assert plan.daily_demand == pytest.approx(1.0)
    assert plan.daily_sd == pytest.approx(math.sqrt(26 / 9))
    # The last 28 days are the whole window here (10 days): 3 days 1, 1 and 3 off and
    # 7 quiet days 1 off each: MAE (3 + 1 + 3 + 7) / 10 = 1.4.
    assert plan.forecast_mae == pytest.approx(1.4)
    # Lead times 4 and 6 days: mean 5, sd sqrt(2).
    assert (plan.lead_days, plan.lead_sd) == (5, pytest.approx(math.sqrt(2)))
    assert plan.lead_source == "2 deliveries of this item"
    # No ABC class yet: C, 90 %, z = 1.2816.
    assert plan.klass == "C" and plan.service_level == 90
    # Safety stock 1.2816 x sqrt(5 x 26/9 + 1^2 x 2) = 1.2816 x 4.0552 = 5.197.
    assert plan.safety_stock == pytest.approx(5.197, abs=1e-3)
    # Reorder point 1 x 5 + 5.197 = 10.197 -> 11.
    assert plan.reorder_point == 11 and plan.reorder_source == "computed"
    # On hand: 6 + 4 delivered + 2 returned in the dock = 12; 5 on order; 3 owed to WEB-1.
    assert (plan.on_hand, plan.reserved, plan.on_order, plan.backorders) == (12, 0, 5, 3)
    assert plan.position == 12 + 5 - 0 - 3 == 14
    assert not plan.low and plan.suggested_qty == 0
    # Sellable 12 - 3 = 9 units at 1 a day: out on day 9.
    assert plan.stockout == date(2026, 6, 10)
    assert plan.supplier == "Acme"


def test_a_reorder_point_set_by_hand_wins(mug):
    ItemReplenishment.create(item=mug, reorder_point=20, moq=1, pack_multiple=6)
    plan = _mug_plan()
    assert (plan.reorder_point, plan.reorder_source) == (20, "set by hand")
    # 14 <= 20: low. Order up to 20 + 14 days x 1 a day = 34: 34 - 14 = 20 -> 4 packs of 6.
    assert plan.low and plan.order_up_to == 34 and plan.suggested_qty == 24


def test_min_max_set_by_hand(mug):
    ItemReplenishment.create(item=mug, min_qty=15, max_qty=40, moq=30)
    plan = _mug_plan()
    assert (plan.reorder_point, plan.order_up_to) == (15, 40)
    # 40 - 14 = 26, below the minimum order of 30.
    assert plan.low and plan.suggested_qty == 30


def test_service_level_follows_the_class(mug):
    ItemClass.create(item=mug, klass="A")
    plan = _mug_plan()
    # A: 98 %, z = 2.0537; 2.0537 x 4.0552 = 8.328; 5 + 8.328 -> 14: the position of 14 is low.
    assert plan.service_level == 98
    assert plan.safety_stock == pytest.approx(8.328, abs=1e-3)
    assert plan.reorder_point == 14 and plan.low
    # Order up to 14 + 14 = 28: 28 - 14 = 14.
    assert plan.suggested_qty == 14


def test_default_lead_time_without_history(db):
    Supplier.create(name="New Co")
    item = Item.create(sku="PEN", name="Pen")
    policy = ReplenishPolicy(window_days=10, default_lead_days=9,
                             supplier_lead_days={"New Co": 3})
    ItemReplenishment.create(item=item, supplier=Supplier.get(name="New Co"))
    plan = next(p for p in plan_items(TODAY, policy) if p.sku == "PEN")
    assert (plan.lead_days, plan.lead_sd, plan.lead_source) == (3, 0, "supplier default")
    # Nothing sold, nothing owed: no forecast, not low.
    assert plan.method == "none" and plan.reorder_point == 0 and not plan.low
    assert plan.stockout is None


def test_low_items_come_first_most_urgent_first(mug, db):
    user = User.get(User.name == "operator").id
    packing, customer = system_location("PACK").id, system_location("CUSTOMER").id
    cup = Item.create(sku="CUP", name="Cup")
    ledger.post([ledger.MoveRequest(cup.id, None, system_location("SUPPLIER").id, packing, 20,
                                    "receipt")], user, at=_at(20))
    ledger.post([ledger.MoveRequest(cup.id, None, packing, customer, 20, "ship")], user,
                at=_at(3))
    ItemReplenishment.create(item=mug, reorder_point=20)
    plans = plan_items(TODAY, POLICY)
    # CUP has nothing left (out today), MUG lasts 9 days.
    assert [p.sku for p in plans if p.low] == ["CUP", "MUG"]
    assert plans[0].stockout == TODAY


def test_policy_round_trip_and_bad_values(db):
    assert load_policy() == ReplenishPolicy()
    policy = ReplenishPolicy(window_days=60, service_level={"A": 99, "B": 96, "C": 85},
                             supplier_lead_days={"Acme": 5.5}, order_cycle_days=7)
    save_policy(policy)
    assert load_policy() == policy
    with pytest.raises(Exception, match="service level"):
        save_policy(ReplenishPolicy(service_level={"A": 100, "B": 95, "C": 90}))


def test_a_daily_seller_gets_holt_winters(db):
    user = User.get(User.name == "operator").id
    packing, customer = system_location("PACK").id, system_location("CUSTOMER").id
    tea = Item.create(sku="TEA", name="Tea")
    ledger.post([ledger.MoveRequest(tea.id, None, system_location("SUPPLIER").id, packing,
                                    1000, "receipt")], user, at=_at(60))
    # Four weeks of 2 a day on weekdays and 9 on Saturdays and Sundays: 28 units a week.
    for days_ago in range(1, 29):
        day = TODAY - timedelta(days=days_ago)
        ledger.post([ledger.MoveRequest(tea.id, None, packing, customer,
                                        9 if day.weekday() >= 5 else 2, "ship")], user,
                    at=_at(days_ago))
    plan = next(p for p in plan_items(TODAY, ReplenishPolicy(window_days=28))
                if p.sku == "TEA")
    assert plan.method == "holt-winters" and len(plan.forecast_params) == 4
    # The 14-day default lead time covers two whole weeks: 28 / 7 = 4 a day.
    assert plan.daily_demand == pytest.approx(4.0, abs=0.1)
    assert plan.forecast_mae == pytest.approx(0, abs=0.2)


def test_a_year_of_history_adds_the_season_of_the_year(db):
    user = User.get(User.name == "operator").id
    packing, customer = system_location("PACK").id, system_location("CUSTOMER").id
    tea = Item.create(sku="TEA", name="Tea")
    ledger.post([ledger.MoveRequest(tea.id, None, system_location("SUPPLIER").id, packing,
                                    1000, "receipt")], user, at=_at(500))

    def ship(days_ago, qty):
        ledger.post([ledger.MoveRequest(tea.id, None, packing, customer, qty, "ship")], user,
                    at=_at(days_ago))

    # This year: 2 a day for the 28 days of the window.
    for days_ago in range(1, 29):
        ship(days_ago, 2)
    # A year ago: 1 a day in the same 28 days, then 2 a day in the 28 days that followed.
    for days_ago in range(365 + 1, 365 + 29):
        ship(days_ago, 1)
    for days_ago in range(365 - 27, 365 + 1):
        ship(days_ago, 2)
    plan = next(p for p in plan_items(TODAY, ReplenishPolicy(window_days=28))
                if p.sku == "TEA")
    # Sales doubled from those weeks to the next a year ago: 2 a day now -> 4.
    assert plan.method == "holt-winters" and plan.yearly_index == pytest.approx(2.0)
    assert plan.daily_demand == pytest.approx(4.0, abs=0.1)


def test_progress_moves_with_the_items(db):
    for n in range(4500):
        Item.insert(sku=f"SKU-{n}", name="Thing").execute()
    steps = []
    plan_items(TODAY, POLICY, progress=lambda done, total: steps.append((done, total)))
    done = [d for d, _ in steps]
    assert done == sorted(done) and done[0] == 0 and steps[-1][0] == steps[-1][1]
    # Four reads, two steps within the 4,500 items, the end.
    assert len(steps) == 5 + 4500 // 2000 + 1


def test_kit_orders_waiting_are_owed_in_components(db):
    """A kit sells as its components: kits an order still waits for are owed as so many of
    each component (less what the line already holds towards them), never as the kit SKU."""
    from app.core import kits

    user = User.get(User.name == "operator").id
    for sku in ("GIFTBOX", "MUG", "SPOON"):
        Item.create(sku=sku, name=sku.title(), unit_cost=2)
    kits.set_components("GIFTBOX", {"MUG": 2, "SPOON": 1})
    bin_ = Location.create(code="A-01", name="A-01", kind="bin")
    # Stock for one whole kit and a spare spoon: the order of 3 reserves one kit's units.
    for sku, qty in (("MUG", 2), ("SPOON", 2)):
        ledger.post([ledger.MoveRequest(Item.get(Item.sku == sku).id, None,
                                        system_location("SUPPLIER").id, bin_.id, qty,
                                        "receipt")], user, at=_at(3))
    orders.create_order("KIT-1", [orders.OrderLineInput("GIFTBOX", 3)], today=TODAY)
    orders.create_order("MUGS-1", [orders.OrderLineInput("MUG", 1)], allocate=False)
    owed = {p.sku: (p.reserved, p.backorders) for p in plan_items(TODAY, POLICY)}
    # Two kits wait: 4 mugs and 2 spoons, plus the plain order's mug.
    assert owed["MUG"] == (2, 4 + 1)
    assert owed["SPOON"] == (1, 2)
    assert owed["GIFTBOX"] == (0, 0)
