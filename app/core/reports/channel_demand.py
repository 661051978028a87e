"""Demand and fill rate per sales channel (the orders' `channel`) over the period: the orders
shipped, their lines and units, the units shipped a day, and how much of what was ordered
shipped: lines shipped complete over all lines, units shipped over units ordered.

This fill rate is measured when the orders ship; the fill-rate report measures it when the
orders were first allocated.
"""

from datetime import date, timedelta

from app.core.reports.base import Report, start_of
from app.db.models import database

NAME, TITLE = "channels", "Demand and fill rate per channel"

_LINES = """
SELECT so.channel, so.id, sl.qty_ordered,
       COALESCE((SELECT SUM(CASE WHEN m.reverses_id IS NULL THEN m.qty ELSE -m.qty END)
                   FROM move m WHERE m.doc_type = 'order' AND m.line_id = sl.id
                    AND m.kind = 'ship'), 0)
  FROM sales_order so JOIN sales_order_line sl ON sl.order_id = so.id
 WHERE so.status = 'shipped' AND so.id IN (
       SELECT DISTINCT m.doc_id FROM move m WHERE m.kind = 'ship' AND m.doc_type = 'order'
          AND m.created_at >= ? AND m.created_at < ?)
"""


def run(start: date, end: date, today: date | None = None) -> Report:
    days = (end - start).days + 1
    groups: dict[str, dict] = {}
    for channel, order_id, ordered, shipped in database.execute_sql(
            _LINES, (start_of(start), start_of(end + timedelta(days=1)))):
        group = groups.setdefault(channel or "(none)", {
            "orders": set(), "lines": 0, "complete": 0, "ordered": 0, "shipped": 0})
        group["orders"].add(order_id)
        group["lines"] += 1
        group["complete"] += shipped >= ordered
        group["ordered"] += ordered
        group["shipped"] += shipped

    def row(name: str, g: dict) -> list:
        return [name, len(g["orders"]), g["lines"], g["ordered"], g["shipped"],
                g["shipped"] / days,
                100 * g["complete"] / g["lines"] if g["lines"] else None,
                100 * g["shipped"] / g["ordered"] if g["ordered"] else None]

    rows = [row(name, g) for name, g in sorted(groups.items())]
    total = {"orders": set().union(*(g["orders"] for g in groups.values())),
             **{k: sum(g[k] for g in groups.values())
                for k in ("lines", "complete", "ordered", "shipped")}}
    report = Report(NAME, TITLE, ["channel", "orders", "lines", "units_ordered",
                                  "units_shipped", "units_a_day", "lines_filled_pct",
                                  "units_filled_pct"], rows, row("total", total))
    report.notes = [
        f"Orders shipped from {start} to {end}, by the channel they came from.",
        f"units_a_day: units shipped / {days} days, the channel's demand.",
        "lines_filled_pct: lines that shipped complete / all lines; units_filled_pct: units "
        "shipped / units ordered (measured at shipping)."]
    report.chart = [(r[0], r[4]) for r in rows]
    return report
