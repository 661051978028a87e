"""ABC classes, the count schedule, variances, recounts and review, accuracy."""

from datetime import date, datetime, timedelta

import pytest

from app.core import abc, accuracy, count_schedule, counting, ledger, orders
from app.core.count_policy import CountPolicy, Tolerance, load_policy, save_policy
from app.core.errors import BinwiseError
from app.core.locations import system_location
from app.core.orders import OrderLineInput as L
from app.db.models import (
    Count,
    CountPlan,
    Item,
    ItemClass,
    Location,
    Move,
    Quant,
    Reservation,
    SalesOrder,
    User,
)

MONDAY = date(2026, 11, 23)


@pytest.fixture
def user(db):
    return User.get(User.name == "operator").id


def receive(item, bin_, qty, user, at=None):
    ledger.post([ledger.MoveRequest(item.id, None, system_location("SUPPLIER").id, bin_.id, qty,
                                    "receipt")], user, at=at)


def ship(item, qty, user, at):
    ledger.post([ledger.MoveRequest(item.id, None, system_location("PACK").id,
                                    system_location("CUSTOMER").id, qty, "ship")], user, at=at)


def test_abc_classes_by_annual_usage_value(user):
    items = [Item.create(sku=f"I{n}", name=f"Item {n}", unit_cost=cost)
             for n, cost in enumerate([100, 10, 5, 1, 1])]
    pack = system_location("PACK")
    for item in items:
        ledger.post([ledger.MoveRequest(item.id, None, system_location("SUPPLIER").id, pack.id,
                                        200, "receipt")], user)
    # Values: I0 70x100=7000, I1 150x10=1500, I2 100x5=500, I3 20x1=20; I4 shipped 2 years ago.
    for item, qty in zip(items, [70, 150, 100, 20], strict=False):
        ship(item, qty, user, datetime(2026, 6, 1))
    ship(items[4], 100, user, datetime(2024, 6, 1))
    summary = abc.recompute_classes(CountPolicy(), MONDAY)
    classes = {c.item.sku: c.klass for c in ItemClass.select()}
    # Cumulative shares before each item: 0 %, 77.6 %, 94.3 %, 99.8 %. The item that crosses a
    # threshold still belongs to the higher class.
    assert classes == {"I0": "A", "I1": "A", "I2": "B", "I3": "C", "I4": "C"}
    assert summary.counts == {"A": 2, "B": 1, "C": 2}
    assert ItemClass.get(ItemClass.item == items[0]).annual_value == 7000


def test_policy_round_trip_and_validation(db):
    policy = CountPolicy(a_share=70, per_year={"A": 24, "B": 6, "C": 2},
                         tolerance={"A": Tolerance(0, 0), "B": Tolerance(2, 1.5),
                                    "C": Tolerance(5, 10)})
    save_policy(policy)
    assert load_policy() == policy
    with pytest.raises(BinwiseError):
        save_policy(CountPolicy(a_share=99, b_share=90))
    assert CountPolicy().interval("A") == 22 and CountPolicy().interval("C") == 260


@pytest.fixture
def racks(user):
    wh = Location.get(Location.code == "WH")
    bins = [Location.create(code=f"A-{n:03d}", kind="bin", parent=wh, sequence=n)
            for n in range(1, 301)]
    fast = Item.create(sku="FAST", name="Fast mover", unit_cost=50)
    slow = Item.create(sku="SLOW", name="Slow mover", unit_cost=1)
    for bin_ in bins[:30]:
        receive(fast, bin_, 5, user)
    for bin_ in bins[30:200]:
        receive(slow, bin_, 5, user)
    ItemClass.create(item=fast, klass="A")
    ItemClass.create(item=slow, klass="C")
    return {"bins": bins, "fast": fast, "slow": slow}


def test_the_plan_spreads_each_class_evenly_over_working_days(racks):
    policy = CountPolicy()
    summary = count_schedule.plan(policy)
    assert summary.bins == {"A": 30, "B": 0, "C": 270}
    assert CountPlan.select().count() == 300
    # Over one interval of A (22 working days) every A bin comes up exactly once.
    seen, day, loads = [], MONDAY, []
    while len(loads) < 22:
        due = count_schedule.bins_due(day, policy)
        if count_schedule.workday_index(day, policy) is not None:
            loads.append(len(due))
            seen += [b for b, k in due if k == "A"]
        else:
            assert due == []  # nothing on weekends
        day += timedelta(days=1)
    assert sorted(seen) == sorted(b.id for b in racks["bins"][:30])
    assert max(loads) - min(loads) <= 2


def test_prepare_day_adds_short_pick_bins_once(racks, user):
    count_schedule.plan(CountPolicy())
    from app.db.models import CountRequest

    CountRequest.create(location=racks["bins"][250], kind="short", reason="short pick")
    first = count_schedule.prepare_day(MONDAY, CountPolicy())
    again = count_schedule.prepare_day(MONDAY, CountPolicy())
    assert [c.id for c in first] == [c.id for c in again]
    assert any(c.kind == "short" and c.location_id == racks["bins"][250].id for c in first)


def count_bin(bin_, found, user, kind="adhoc", policy=None):
    count = Count.get_or_none((Count.location == bin_.id) & (Count.status == "planned")) or \
        count_schedule.add_adhoc_bin(bin_, MONDAY)
    counting.start(count, user)
    for item, qty in found:
        counting.record(count, item.id, None, qty)
    return count, counting.close(count, user, policy or CountPolicy(), MONDAY)


def test_exact_count_and_small_variance_adjusted_at_once(racks, user):
    _, result = count_bin(racks["bins"][40], [(racks["slow"], 5)], user)
    assert result.status == "done" and not result.adjusted
    _, result = count_bin(racks["bins"][41], [(racks["slow"], 4)], user)  # C allows 2 units
    assert result.status == "done" and len(result.adjusted) == 1
    move = Move.select().where(Move.kind == "adjust").get()
    assert (move.src.code, move.dst.code, move.qty, move.doc_type) == ("A-042", "LOSS", 1,
                                                                       "count")
    assert ledger.recompute() == []


def test_a_class_variance_goes_to_recount_then_review(racks, user):
    bin_ = racks["bins"][0]
    count, result = count_bin(bin_, [(racks["fast"], 4)], user)
    assert result.status == "recount"
    assert Quant.get(Quant.location == bin_).qty == 5  # nothing adjusted yet
    recount = Count.get(Count.parent == count)
    assert recount.kind == "recount" and recount.status == "planned"
    _, result = count_bin(bin_, [(racks["fast"], 4)], user)
    assert result.status == "review"
    [line] = counting.review_queue()
    counting.decide(line, approve=True, user_id=user, today=MONDAY)
    assert Quant.get(Quant.location == bin_).qty == 4
    assert Count.get_by_id(recount.id).status == "done"
    assert counting.review_queue() == []


def test_rejected_variance_changes_nothing(racks, user):
    bin_ = racks["bins"][1]
    count_bin(bin_, [(racks["fast"], 9)], user)
    count_bin(bin_, [(racks["fast"], 9)], user)
    [line] = counting.review_queue()
    counting.decide(line, approve=False, user_id=user, today=MONDAY)
    assert Quant.get(Quant.location == bin_).qty == 5
    assert Move.select().where(Move.kind == "adjust").count() == 0


def test_stock_moved_during_the_count_is_no_variance(racks, user):
    bin_ = racks["bins"][42]
    count = count_schedule.add_adhoc_bin(bin_, MONDAY)
    counting.start(count, user)
    # A picker takes 2 while the counter walks up; the counter then finds 3.
    ledger.post([ledger.MoveRequest(racks["slow"].id, None, bin_.id,
                                    system_location("PACK").id, 2, "pick")], user)
    counting.record(count, racks["slow"].id, None, 3)
    result = counting.close(count, user, CountPolicy(), MONDAY)
    assert result.status == "done" and not result.adjusted


def test_unexpected_item_is_found_and_an_empty_bin_confirmed(racks, user):
    _, result = count_bin(racks["bins"][250], [(racks["slow"], 1)], user)
    assert result.status == "done" and result.adjusted[0].unexpected
    assert Quant.get(Quant.location == racks["bins"][250]).qty == 1
    _, result = count_bin(racks["bins"][251], [], user)
    assert result.status == "done"


def test_shortfall_below_reservations_reallocates_orders(racks, user):
    order = orders.create_order("SO-1", [L("SLOW", 5)], today=MONDAY)
    [reservation] = Reservation.select()
    bin_ = reservation.location
    policy = CountPolicy(tolerance={"A": Tolerance(0, 0), "B": Tolerance(0, 0),
                                    "C": Tolerance(5, 0)})
    _, result = count_bin(bin_, [(racks["slow"], 2)], user, policy=policy)
    assert result.reallocated_orders == ["SO-1"]
    assert SalesOrder.get_by_id(order.id).status == "allocated"
    assert sum(r.qty for r in Reservation.select().where(Reservation.location == bin_)) == 2
    from app.core.allocation import reservation_mismatches

    assert reservation_mismatches() == [] and ledger.recompute() == []


def test_accuracy_by_class_and_week(racks, user):
    count_schedule.plan(CountPolicy())
    count_schedule.prepare_day(MONDAY, CountPolicy())
    due = count_schedule.day_list(MONDAY)
    assert len(due) >= 3
    for number, count in enumerate(due[:3]):
        counting.start(count, user)
        quant = Quant.get_or_none(Quant.location == count.location_id)
        if quant:
            counting.record(count, quant.item_id, None, quant.qty)
        if number == 0:  # one bin holds an extra unit nobody booked
            counting.record(count, racks["slow"].id, None, 1)
        counting.close(count, user, CountPolicy(), MONDAY)
    rows = accuracy.accuracy(MONDAY, MONDAY)
    [week] = rows
    assert week.group == "2026-W48" and week.planned == len(due) and week.done == 3
    assert (week.bins_counted, week.bins_exact) == (3, 2)
    assert week.bin_accuracy == pytest.approx(200 / 3)
    by_class = {r.group: r for r in accuracy.accuracy(MONDAY, MONDAY, by="class")}
    assert sum(r.planned for r in by_class.values()) == len(due)


def test_a_newer_count_supersedes_an_older_variance_under_review(racks, user):
    bin_ = racks["bins"][2]
    count_bin(bin_, [(racks["fast"], 4)], user)
    count_bin(bin_, [(racks["fast"], 4)], user)
    [old] = counting.review_queue()
    # Weeks later, before anyone decided, the bin is counted again (one more gone).
    count_bin(bin_, [(racks["fast"], 3)], user)
    count_bin(bin_, [(racks["fast"], 3)], user)
    [newest] = counting.review_queue()
    assert newest.id != old.id and newest.counted == 3
    counting.decide(newest, approve=True, user_id=user, today=MONDAY)
    assert Quant.get(Quant.location == bin_).qty == 3  # adjusted once, not twice
    assert Count.select().where(Count.status == "review").count() == 0


def test_the_days_bins_are_the_days_list_in_walking_order(racks, user):
    count_schedule.plan(CountPolicy())
    count_schedule.prepare_day(MONDAY, CountPolicy())
    due = count_schedule.day_list(MONDAY)
    counting.start(due[1], user)  # one being counted now: still on the list
    expected = [(c.location.code, c.kind, c.status) for c in count_schedule.day_list(MONDAY)]
    assert len(expected) >= 3 and expected[1][2] == "counting"
    assert count_schedule.day_bins(MONDAY) == expected


def test_the_next_bin_and_the_open_count_of_a_bin_are_read_as_they_are_now(user):
    late = Location.create(code="B-09", kind="bin", sequence=9)
    early = Location.create(code="A-05", kind="bin", sequence=1)
    assert count_schedule.next_due_code(MONDAY) is None
    later = Count.create(location=late, kind="adhoc", planned_for=MONDAY)
    assert count_schedule.next_due_code(MONDAY) == "B-09"
    tomorrow = Location.create(code="A-00", kind="bin", sequence=0)
    Count.create(location=tomorrow, kind="adhoc", planned_for=MONDAY + timedelta(days=1))
    assert count_schedule.next_due_code(MONDAY) == "B-09"  # A-00 is planned for tomorrow
    first = Count.create(location=early, kind="adhoc", planned_for=MONDAY - timedelta(days=2))
    assert count_schedule.next_due_code(MONDAY) == "A-05"
    assert [c.location.code for c in count_schedule.day_list(MONDAY)] == ["A-05", "B-09"]
    assert counting.open_count_of(early.id, MONDAY).id == first.id
    assert counting.open_count_of(late.id, MONDAY - timedelta(days=1)) is None
    counting.start(later, user)
    assert counting.open_count_of(late.id, MONDAY - timedelta(days=1)).status == "counting"
