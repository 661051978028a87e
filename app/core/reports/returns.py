"""Customer returns: units per ISO week, reason and item, by grade; and every returned unit as
a line for refunds (`binwise export returns`). A return undone is in neither."""

from datetime import date, datetime, timedelta

from app.core.accuracy import week_of
from app.core.reports.base import Report, day_of, start_of
from app.db.models import database

NAME, TITLE = "returns", "Customer returns by reason, item and week"

_RETURNS = """
SELECT so.number, rma.number, i.sku, l.code, m.qty, r.reason, r.grade, u.name, m.created_at
  FROM return_line r JOIN move m ON m.id = r.move_id
  JOIN sales_order so ON so.id = r.order_id LEFT JOIN rma ON rma.id = r.rma_id
  JOIN item i ON i.id = m.item_id LEFT JOIN lot l ON l.id = m.lot_id
  JOIN "user" u ON u.id = m.user_id
 WHERE m.created_at >= ? AND m.created_at < ?
   AND NOT EXISTS (SELECT 1 FROM move x WHERE x.reverses_id = m.id)
 ORDER BY m.created_at, m.id
"""
EXPORT_COLUMNS = ["order", "rma", "sku", "lot", "qty", "reason", "grade", "user", "time"]


def _time(value) -> str:
    if isinstance(value, datetime):
        return value.isoformat(" ", "seconds")
    return str(value)[:19]


def returned_units(start: date | None = None, end: date | None = None) -> list[list]:
    """Every returned unit from `start` to `end` (inclusive; all when not given), oldest
    first, as the refunds export writes them."""
    low = start_of(start or date(1970, 1, 1))
    high = start_of((end or date(9998, 12, 31)) + timedelta(days=1))
    return [[order, rma or "", sku, lot or "", qty, reason, grade, user, _time(at)]
            for order, rma, sku, lot, qty, reason, grade, user, at
            in database.execute_sql(_RETURNS, (low, high)).fetchall()]


def run(start: date, end: date, today: date | None = None) -> Report:
    groups: dict[tuple[str, str, str], list[int]] = {}
    grades = ("sellable", "damaged", "scrap")
    total = [0, 0, 0, 0]
    for row in returned_units(start, end):
        qty, reason, grade, at = row[4], row[5], row[6], row[8]
        key = (week_of(day_of(at)), reason, row[2])
        group = groups.setdefault(key, [0, 0, 0, 0])
        for counts in (group, total):
            counts[0] += qty
            counts[1 + grades.index(grade)] += qty
    rows = [[week, reason, sku, *g] for (week, reason, sku), g in sorted(groups.items())]
    report = Report(NAME, TITLE, ["week", "reason", "sku", "units", "sellable", "damaged",
                                  "scrap"], rows, ["total", "", "", *total])
    report.notes = [
        f"Units customers sent back from {start} to {end}, per ISO week, reason and item.",
        "sellable went back to stock through the dock, damaged to quarantine (for the "
        "supplier), scrap was written off. An undone return is not counted."]
    by_reason: dict[str, int] = {}
    for (_, reason, _), g in groups.items():
        by_reason[reason] = by_reason.get(reason, 0) + g[0]
    report.chart = sorted(by_reason.items(), key=lambda x: -x[1])
    return report
