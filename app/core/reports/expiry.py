"""Expiry: units and value of lots that expire in each of the next 12 weeks, and of stock
already expired."""

from datetime import date, timedelta

from app.core.reports import costing
from app.core.reports.base import INTERNAL, Report, day_of
from app.db.models import database

NAME, TITLE = "expiry", "Expiry"
WEEKS = 12


def run(start: date, end: date, today: date | None = None) -> Report:
    today = today or date.today()
    unit = costing.unit_costs(today)
    rows = [["expired", "", 0, 0.0]] + [
        [f"week {n + 1}", (today + timedelta(weeks=n)).isoformat(), 0, 0.0]
        for n in range(WEEKS)]
    horizon = today + timedelta(weeks=WEEKS)
    for item_id, units, expiry in database.execute_sql(f"""
            SELECT q.item_id, q.qty, l.expiry FROM quant q
              JOIN location loc ON loc.id = q.location_id JOIN lot l ON l.id = q.lot_id
             WHERE loc.kind IN {INTERNAL} AND q.qty > 0 AND l.expiry IS NOT NULL
               AND l.expiry < ?""", (horizon.isoformat(),)):
        days = (day_of(expiry) - today).days
        row = rows[0] if days < 0 else rows[1 + days // 7]
        row[2] += units
        row[3] += units * unit.get(item_id, 0.0)
    report = Report(NAME, TITLE, ["when", "from", "units", "value"], rows,
                    ["total", "", sum(r[2] for r in rows), sum(r[3] for r in rows)])
    report.notes = [f"Lots on hand by expiry date: already expired before {today}, then seven "
                    f"days at a time from {today}; value at FIFO cost."]
    report.chart = [(r[0], r[3]) for r in rows]
    return report
