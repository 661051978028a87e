"""The small operations the counting pages call instead of touching the database: the review
queue as plain rows and a supervisor's decision on one, what a scanned or typed code names, an
ad-hoc count of a bin or an item everywhere, the ABC classes and the count plan per class, the
policy, accuracy over the last weeks, and the history of counts.

GUI-free: each returns plain records or raises `BinwiseError` with a message for the person at
the screen. The rules (tolerances, schedules, classes) stay in `app.core`; these only call it
and shape what comes back.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from peewee import fn

from app.core import abc, count_schedule, counting
from app.core.accuracy import AccuracyRow, accuracy
from app.core.count_policy import CLASSES, CountPolicy, Tolerance, load_policy, save_policy
from app.core.errors import BinwiseError
from app.db.models import Count, CountLine, CountPlan, Item, ItemClass, Location
from app.scanning.decode import DecodeConfig, decode
from app.scanning.resolve import resolve

# -- review ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRow:
    line_id: int
    bin: str
    sku: str
    name: str
    lot: str | None
    expected: int  # what the records say, moves during the count included
    counted: int
    variance: int
    value: Decimal  # variance x unit cost
    counted_on: date | None  # when the recount was closed

    def describe(self) -> str:
        lot = f" lot {self.lot}" if self.lot else ""
        return f"{self.bin} {self.sku}{lot}"


def review_rows() -> list[ReviewRow]:
    """The variances waiting for a supervisor, oldest first."""
    rows = []
    for line in counting.review_queue():
        item, count = line.item, line.count
        closed = count.closed_at.date() if isinstance(count.closed_at, datetime) else None
        rows.append(ReviewRow(
            line.id, count.location.code, item.sku, item.name,
            line.lot.code if line.lot_id else None, line.expected + line.moved, line.counted,
            line.variance, Decimal(line.variance) * Decimal(str(item.unit_cost or 0)), closed))
    return rows


class LineGone(BinwiseError):
    """The count line asked for does not exist (any more)."""


def decide(line_id: int, approve: bool, user_id: int, today: date,
           approver_id: int | None = None) -> list[str]:
    """Approve (post the adjustment) or reject one line; returns orders allocated again.
    `approver_id`: the supervisor who approved it on the spot."""
    line = CountLine.get_or_none(CountLine.id == line_id)
    if line is None:
        raise LineGone("That count line no longer exists. The list has been read again.")
    return counting.decide(line, approve, user_id, today, approver_id=approver_id)


# -- counts left open ------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenCount:
    count_id: int
    bin: str
    kind: str
    started: str  # "YYYY-MM-DD HH:MM"
    user: str
    counted: int  # units counted so far


def open_counts() -> list[OpenCount]:
    """Counts started and never closed (a replay that ended early, a crash), oldest first."""
    rows = []
    for count in counting.open_counts():
        counted = sum(line.counted for line in count.lines)
        rows.append(OpenCount(count.id, count.location.code, count.kind,
                              str(count.started_at or "")[:16],
                              count.user.name if count.user_id else "", counted))
    return rows


def cancel_open_count(bin_code: str) -> str:
    """Cancel the open count of a bin, named by its code; says what was done."""
    location = Location.get_or_none(Location.code == bin_code.strip())
    if location is None:
        raise BinwiseError(f"No bin '{bin_code.strip()}'.")
    count = Count.get_or_none((Count.location == location.id) & (Count.status == "counting"))
    if count is None:
        raise BinwiseError(f"No count of {location.code} is open.")
    counting.cancel(count)
    return (f"Count of {location.code} cancelled: nothing it counted was booked; the bin can "
            f"be counted again.")


# -- ad-hoc counts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    kind: str  # "bin" or "item"
    id: int
    code: str  # the bin code or the SKU


def identify(code: str, config: DecodeConfig | None = None) -> Target:
    """The bin or the item a scanned or typed code names (a lot names its item)."""
    reading = decode(code, config or DecodeConfig())
    found = resolve(reading)
    bins = found.of("bin")
    items = {m.item_id: m for m in found.of("item") + found.of("lot")}
    if bins and items:
        raise BinwiseError(f"'{reading.text}' is both a bin and an item. Scan the bin label, or "
                           f"the item's barcode.")
    if bins:
        return Target("bin", bins[0].id, bins[0].code)
    if len(items) > 1:
        raise BinwiseError(f"'{reading.text}' names several items. Scan the item's barcode.")
    if items:
        item_id = next(iter(items))
        return Target("item", item_id, Item.get_by_id(item_id).sku)
    if found.matches:
        raise BinwiseError(f"'{reading.text}' is not a bin or an item. Scan a bin label or an "
                           f"item's barcode.")
    if reading.error:
        raise BinwiseError(reading.error)
    raise BinwiseError(f"Unknown code '{reading.text}'. Scan a bin label or an item's barcode, "
                       f"or type the bin code or SKU.")


@dataclass(frozen=True)
class AdhocResult:
    target: Target
    bins: list[str]  # the bins now on the count list for it


def add_adhoc(target: Target, today: date) -> AdhocResult:
    """Put the bin, or every bin holding the item, on the count list for `today`."""
    if target.kind == "bin":
        count = count_schedule.add_adhoc_bin(Location.get_by_id(target.id), today)
        return AdhocResult(target, [count.location.code])
    counts = count_schedule.add_adhoc_item(target.id, today)
    if not counts:
        raise BinwiseError(f"{target.code} is in no bin: there is nothing to count. Count the "
                           f"bin where you found it instead.")
    return AdhocResult(target, [c.location.code for c in counts])


# -- history ---------------------------------------------------------------------------------

HISTORY_LIMIT = 200


def history_rows(target: Target | None = None) -> list[counting.HistoryLine]:
    """The latest count lines, newest first; of one bin or one item when `target` names it."""
    location_id = target.id if target is not None and target.kind == "bin" else None
    item_id = target.id if target is not None and target.kind == "item" else None
    return counting.history(location_id=location_id, item_id=item_id, limit=HISTORY_LIMIT)


# -- classes and plan ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassPlan:
    klass: str
    items: int
    value: Decimal  # annual usage value of the class's items
    bins: int
    interval: int  # working days between two counts of a bin
    per_day: float
    tolerance: Tolerance  # accepted without a recount


def plan_overview(policy: CountPolicy) -> list[ClassPlan]:
    """The classes and the plan as stored now."""
    items = {k: (n, Decimal(str(v or 0))) for k, n, v in ItemClass.select(
        ItemClass.klass, fn.COUNT(ItemClass.id), fn.SUM(ItemClass.annual_value))
        .group_by(ItemClass.klass).tuples()}
    bins = dict(CountPlan.select(CountPlan.klass, fn.COUNT(CountPlan.id))
                .group_by(CountPlan.klass).tuples())
    rows = []
    for klass in CLASSES:
        count, value = items.get(klass, (0, Decimal(0)))
        interval = policy.interval(klass)
        planned = bins.get(klass, 0)
        rows.append(ClassPlan(klass, count, value, planned, interval, planned / interval,
                              policy.tolerance[klass]))
    return rows


def classes_computed_at() -> datetime | None:
    return ItemClass.select(fn.MAX(ItemClass.computed_at)).scalar()


def classify_and_plan(policy: CountPolicy, today: date) -> list[ClassPlan]:
    """Classify every item again from the last year's shipments, then plan every bin."""
    abc.recompute_classes(policy, today)
    count_schedule.plan(policy)
    return plan_overview(policy)


def current_policy() -> CountPolicy:
    return load_policy()


def store_policy(policy: CountPolicy, user_id: int | None = None,
                 approver_id: int | None = None) -> None:
    """Save the policy (a supervisor's change); `BinwiseError` says what is wrong with it."""
    save_policy(policy, user_id, approver_id)


# -- accuracy --------------------------------------------------------------------------------

PERIODS = (4, 8, 13, 52)  # weeks


@dataclass(frozen=True)
class AccuracyReport:
    start: date
    end: date
    by_week: list[AccuracyRow]
    by_class: list[AccuracyRow]
    total: AccuracyRow


def accuracy_report(weeks: int, today: date) -> AccuracyReport:
    """The last `weeks` whole ISO weeks up to today (this week included)."""
    start = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    by_week = accuracy(start, today, by="week")
    by_class = accuracy(start, today, by="class")
    total = AccuracyRow("All")
    for row in by_class:
        for name in ("bins_counted", "bins_exact", "lines_counted", "lines_exact",
                     "adjustment_value", "planned", "done"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return AccuracyReport(start, today, by_week, by_class, total)
