"""Aging: units and value on hand by days since they entered the warehouse (each quant's
in_date): 0-30, 31-90, 91-180, 181-365, over 365 days."""

from datetime import date

from app.core.reports import costing
from app.core.reports.base import INTERNAL, Report, day_of
from app.db.models import database

NAME, TITLE = "aging", "Stock aging"
BUCKETS = [(0, 30, "0-30"), (31, 90, "31-90"), (91, 180, "91-180"), (181, 365, "181-365"),
           (366, None, "over 365")]


def bucket_of(age: int) -> int:
    for index, (_, last, _) in enumerate(BUCKETS):
        if last is None or age <= last:
            return index
    return len(BUCKETS) - 1


def run(start: date, end: date, today: date | None = None) -> Report:
    today = today or date.today()
    unit = costing.unit_costs(today)
    rows = [[label, 0, 0.0] for _, _, label in BUCKETS]
    for item_id, units, in_date in database.execute_sql(f"""
            SELECT q.item_id, q.qty, q.in_date FROM quant q
              JOIN location loc ON loc.id = q.location_id
             WHERE loc.kind IN {INTERNAL} AND q.qty > 0"""):
        row = rows[bucket_of(max(0, (today - day_of(in_date)).days))]
        row[1] += units
        row[2] += units * unit.get(item_id, 0.0)
    report = Report(NAME, TITLE, ["days in stock", "units", "value"], rows,
                    ["total", sum(r[1] for r in rows), sum(r[2] for r in rows)])
    report.notes = [f"Days from the day each stock entered the warehouse to {today}; value at "
                    f"each item's FIFO cost per unit."]
    report.chart = [(r[0], r[2]) for r in rows]
    return report
