"""The cycle-count schedule: which bins to count on which working day.

A bin takes the best class of the items in it (a bin holding an A item is counted like an A
item; an empty bin like C, to confirm it is empty). Each class is counted every N working days
(from the policy's counts a year); the bins of a class, in walking order, are cut into N blocks
of neighbouring bins, one block a day, so every day's list is about the same size and short to
walk. Ad-hoc counts (a bin, an item everywhere) and bins queued by short picks join the day.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from app.core import tx
from app.core.count_policy import CountPolicy
from app.core.errors import BinwiseError
from app.db import execute_many
from app.db.models import Count, CountPlan, CountRequest, Location, database

# Working days are numbered from this Monday on; any fixed Monday would do.
_EPOCH = date(2020, 1, 6)


def workday_index(day: date, policy: CountPolicy) -> int | None:
    """The number of working days from the epoch to `day`; None if `day` is not one."""
    if day.isoweekday() not in policy.workdays:
        return None
    weeks, rest = divmod((day - _EPOCH).days, 7)
    before = sum(1 for d in range(rest) if (_EPOCH + timedelta(days=d)).isoweekday()
                 in policy.workdays)
    return weeks * len(policy.workdays) + before


@dataclass(frozen=True)
class PlanSummary:
    bins: dict[str, int]
    per_day: dict[str, float]


def plan(policy: CountPolicy) -> PlanSummary:
    """Give every bin its class, interval and day (offset); replaces the previous plan."""
    rows = database.execute_sql("""
        SELECT b.id, COALESCE(MIN(c.class), 'C') FROM location b
          LEFT JOIN quant q ON q.location_id = b.id
          LEFT JOIN item_class c ON c.item_id = q.item_id
         WHERE b.kind = 'bin' AND NOT b.blocked
         GROUP BY b.id ORDER BY b.sequence, b.code""").fetchall()
    by_class: dict[str, list[int]] = {"A": [], "B": [], "C": []}
    for bin_id, klass in rows:
        by_class[klass].append(bin_id)
    plans = []
    for klass, bins in by_class.items():
        interval = policy.interval(klass)
        for index, bin_id in enumerate(bins):
            plans.append((bin_id, klass, interval, index * interval // len(bins)))
    with database.atomic():
        CountPlan.delete().execute()
        execute_many(
            'INSERT INTO count_plan (location_id, "class", "interval", "offset") '
            "VALUES (?,?,?,?)",
            plans)
    return PlanSummary({k: len(v) for k, v in by_class.items()},
                       {k: len(v) / policy.interval(k) for k, v in by_class.items()})


def planned_class(location_id: int) -> str:
    """The class the plan gave a bin ('' for a bin the plan does not know yet)."""
    plan_row = CountPlan.get_or_none(CountPlan.location == location_id)
    return plan_row.klass if plan_row else ""


def bins_due(day: date, policy: CountPolicy) -> list[tuple[int, str]]:
    """(bin id, class) of the bins the plan counts on `day`, in walking order."""
    index = workday_index(day, policy)
    if index is None:
        return []
    return database.execute_sql("""
        SELECT p.location_id, p.class FROM count_plan p JOIN location b ON b.id = p.location_id
         WHERE (? - p.offset) % p.interval = 0 ORDER BY b.sequence, b.code""",
                                (index,)).fetchall()


def prepare_day(day: date, policy: CountPolicy) -> list[Count]:
    """Create the day's counts (once): the plan's bins and the bins queued by short picks.
    Returns every count open for that day."""
    with database.atomic():
        already = {c.location_id for c in Count.select().where(
            (Count.planned_for == day) & (Count.kind == "scheduled"))}
        busy = {c.location_id for c in Count.select(Count.location).where(
            Count.status.in_(["planned", "counting", "recount"]))}
        for bin_id, klass in bins_due(day, policy):
            if bin_id not in already and bin_id not in busy:
                Count.create(location=bin_id, kind="scheduled", planned_for=day, klass=klass)
                busy.add(bin_id)
        for request in list(CountRequest.select().where(CountRequest.done_at.is_null())):
            if request.location_id not in busy:
                Count.create(location=request.location_id, kind="short", planned_for=day,
                             klass=planned_class(request.location_id), reason=request.reason)
                busy.add(request.location_id)
    # The count table grows by the day: fresh statistics keep the day's list on its index.
    database.execute_sql("ANALYZE count")
    return day_list(day)


def _day_query(day: date, *fields):
    return (Count.select(*fields).join(Location)
            .where((Count.planned_for <= day) & Count.status.in_(["planned", "counting"]))
            .order_by(Location.sequence, Location.code))


def day_list(day: date, limit: int | None = None) -> list[Count]:
    """Counts to do on `day` (and any left open from earlier days), in walking order, each
    with its location loaded."""
    query = _day_query(day, Count, Location)
    return list(query.limit(limit) if limit else query)


def day_bins(day: date) -> list[tuple[str, str, str]]:
    """The same list as `day_list` as (bin code, kind, status): what the Count page shows,
    read without building a model per row (a 500-bin day took 50 ms that way)."""
    return list(_day_query(day, Location.code, Count.kind, Count.status).tuples())


# The prompt after every closed bin names the next one: a fixed statement, read fresh.
_NEXT_DUE = """
SELECT l.code FROM count c JOIN location l ON l.id = c.location_id
 WHERE c.planned_for <= ? AND c.status IN ('planned', 'counting')
 ORDER BY l.sequence, l.code LIMIT 1
"""


def next_due_code(day: date) -> str | None:
    """The code of the first bin on `day`'s list (the walking order of `day_list`), if any."""
    row = database.execute_sql(_NEXT_DUE, (day,)).fetchone()
    return row[0] if row else None


def add_adhoc_bin(location: Location, day: date, reason: str = "") -> Count:
    if location.kind != "bin":
        raise BinwiseError(f"{location.code} is not a bin.")
    def open_count() -> Count | None:
        return (Count.select().where((Count.location == location.id)
                                     & Count.status.in_(["planned", "counting", "recount"]))
                .order_by(Count.id).first())

    with database.atomic():
        found = open_count()
        if found is not None:
            return found
        try:
            # A unique index allows one planned count per bin: two stations adding the same
            # bin at once end with one count.
            with tx.unique_or("planned already"):
                return Count.create(location=location.id, kind="adhoc", planned_for=day,
                                    klass=planned_class(location.id),
                                    reason=reason or "ad-hoc count")
        except tx.ConflictError:
            return open_count()


def add_adhoc_item(item_id: int, day: date) -> list[Count]:
    """Count an item everywhere: every bin that holds it."""
    bin_ids = [row[0] for row in database.execute_sql(
        "SELECT DISTINCT q.location_id FROM quant q JOIN location l ON l.id = q.location_id "
        "WHERE q.item_id = ? AND l.kind = 'bin' ORDER BY l.sequence, l.code", (item_id,))]
    return [add_adhoc_bin(Location.get_by_id(i), day, "item counted everywhere")
            for i in bin_ids]
