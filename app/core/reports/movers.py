"""Movers: fast, slow and dead items, with the value their stock ties up. Fast: the fifth of
the items that sold the most units in the period; slow: the others that sold; dead: no sale in
the last N days (the replenishment policy's dead days, 180 by default) yet stock on hand."""

from datetime import date, timedelta

from app.core.replenishment.policy import load_policy
from app.core.reports import costing
from app.core.reports.base import Report, items, start_of
from app.db.models import database

NAME, TITLE = "movers", "Fast, slow and dead movers"
FAST_SHARE = 0.2
ORDER = {"fast": 0, "slow": 1, "dead": 2, "idle": 3}


def run(start: date, end: date, today: date | None = None) -> Report:
    today = today or date.today()
    dead_days = load_policy().dead_days
    catalogue = items()
    qty, values = costing.held_values(today)
    shipped_in = dict(database.execute_sql("""
        SELECT item_id, SUM(CASE WHEN reverses_id IS NULL THEN qty ELSE -qty END) FROM move
         WHERE kind = 'ship' AND created_at >= ? AND created_at < ? GROUP BY item_id""",
        (start_of(start), start_of(end + timedelta(days=1)))).fetchall())
    recent = {row[0] for row in database.execute_sql(
        "SELECT DISTINCT item_id FROM move WHERE kind = 'ship' AND created_at >= ?",
        (start_of(today - timedelta(days=dead_days)),))}
    sold = sorted(((units, i) for i, units in shipped_in.items() if units > 0), reverse=True)
    fast = {i for _, i in sold[:max(1, round(len(sold) * FAST_SHARE))]} if sold else set()
    rows = []
    for item_id in set(qty) | {i for _, i in sold}:
        shipped = shipped_in.get(item_id, 0)
        if item_id in fast:
            category = "fast"
        elif shipped > 0:
            category = "slow"
        elif item_id not in recent:
            category = "dead"
        else:
            category = "idle"  # sold within the dead days, not in this period
        sku, name, klass, _ = catalogue[item_id]
        rows.append([sku, name, klass, category, max(0, shipped), qty.get(item_id, 0),
                     values.get(item_id, 0.0)])
    rows.sort(key=lambda r: (ORDER[r[3]], -r[6], r[0]))
    summary = {c: 0.0 for c in ORDER}
    for row in rows:
        summary[row[3]] += row[6]
    report = Report(NAME, TITLE, ["sku", "name", "class", "mover", "shipped", "on_hand",
                                  "value"], rows)
    report.total = ["total", "", "", "", sum(r[4] for r in rows), sum(r[5] for r in rows),
                    sum(r[6] for r in rows)]
    report.notes = [
        f"fast: the {FAST_SHARE:.0%} of the items that shipped the most units from {start} to "
        f"{end}; slow: the others that shipped; dead: nothing shipped since "
        f"{today - timedelta(days=dead_days)} ({dead_days} days) with stock on hand; idle: "
        f"shipped within those days but not in the period.",
        "value: the stock on hand at FIFO cost, the money the item ties up."]
    report.chart = [(c, v) for c, v in summary.items()]
    return report
