"""Turnover: cost of goods shipped in the period over the average stock value (of the daily
closing values) in the period, per item, per class and overall; days of inventory: the days of
the period over the turnover (365 / turnover when the period is a year)."""

from datetime import date

from app.core.reports.base import Report, items
from app.core.reports.flows import flows

NAME, TITLE = "turnover", "Turnover and days of inventory"


def _ratio(shipped: float, average: float, days: int) -> tuple[float | None, float | None]:
    turns = shipped / average if average > 0 else None
    return turns, (days / turns if turns else None)


def run(start: date, end: date, today: date | None = None, by: str = "item") -> Report:
    catalogue = items()
    days = (end - start).days + 1
    groups: dict[str, list[float]] = {}
    rows = []
    for item_id, flow in flows(start, end, today).items():
        sku, name, klass, cost = catalogue[item_id]
        cogs, average = flow.shipped * cost, flow.average * cost
        for key in (klass, "total"):
            group = groups.setdefault(key, [0.0, 0.0])
            group[0] += cogs
            group[1] += average
        if by == "item" and (cogs or average):
            rows.append([sku, name, klass, cogs, average, *_ratio(cogs, average, days)])
    total = groups.get("total", [0.0, 0.0])
    if by == "class":
        rows = [[k, "", k, g[0], g[1], *_ratio(g[0], g[1], days)]
                for k, g in sorted(groups.items()) if k != "total"]
    else:
        rows.sort(key=lambda r: (r[5] is None, -(r[5] or 0), r[0]))
    report = Report(NAME, TITLE, ["sku" if by == "item" else "class", "name", "class",
                                  "cogs", "average_value", "turnover", "days_of_inventory"],
                    rows, ["total", "", "", total[0], total[1], *_ratio(*total, days)])
    report.notes = [
        f"cogs: units shipped from {start} to {end} at each item's unit cost.",
        f"average_value: the mean of the {days} daily closing stock values at unit cost.",
        "turnover: cogs / average_value; days_of_inventory: the period's days / turnover, "
        "how many days the average stock lasts at the period's pace."]
    report.chart = [(str(r[0]), r[5] or 0.0) for r in rows[:10]]
    return report
