"""Sell-through: units shipped in the period over the units on hand at its start plus the units
received in it, per item and overall."""

from datetime import date

from app.core.reports.base import Report, items
from app.core.reports.flows import flows

NAME, TITLE = "sell-through", "Sell-through"


def run(start: date, end: date, today: date | None = None) -> Report:
    catalogue = items()
    rows = []
    shipped = available = 0
    for item_id, flow in flows(start, end, today).items():
        offered = max(0, flow.at_start) + flow.received
        if not offered and not flow.shipped:
            continue
        sku, name, klass, _ = catalogue[item_id]
        rows.append([sku, name, klass, flow.at_start, flow.received, flow.shipped,
                     100 * flow.shipped / offered if offered else None])
        shipped += flow.shipped
        available += offered
    rows.sort(key=lambda r: (r[6] is None, -(r[6] or 0), r[0]))
    report = Report(NAME, TITLE, ["sku", "name", "class", "on_hand_at_start", "received",
                                  "shipped", "sell_through_pct"], rows,
                    ["total", "", "", "", "", shipped,
                     100 * shipped / available if available else None])
    report.notes = [f"shipped / (on hand at the start of {start} + received up to {end}), in "
                    f"percent: the share of what could be sold that was."]
    report.chart = [(r[0], r[6] or 0.0) for r in rows[:10]]
    return report
