"""Stock value: units on hand at cost (FIFO layers from the receipts' unit costs), by item or
by ABC class, today or at the end of a past day (from the ledger)."""

from datetime import date

from app.core.reports import costing
from app.core.reports.base import Report, items

NAME, TITLE = "stock-value", "Stock value"


def run(start: date, end: date, today: date | None = None, by: str = "item") -> Report:
    today = today or date.today()
    catalogue = items()
    qty, values = costing.held_values(end, today)
    notes = [f"Units on hand (bins, dock and packing) at the end of {end}, valued first in "
             f"first out: the last units received, each at its receipt's unit cost."]
    if by == "class":
        groups: dict[str, list] = {}
        for item_id, units in qty.items():
            row = groups.setdefault(catalogue[item_id][2], [catalogue[item_id][2], 0, 0, 0.0])
            row[1] += 1
            row[2] += units
            row[3] += values.get(item_id, 0.0)
        rows = [groups[k] for k in sorted(groups)]
        report = Report(NAME, TITLE, ["class", "items", "units", "value"], rows, notes=notes)
    else:
        rows = sorted(([catalogue[i][0], catalogue[i][1], catalogue[i][2], units,
                        values.get(i, 0.0) / units if units else 0.0, values.get(i, 0.0)]
                       for i, units in qty.items()), key=lambda r: -r[5])
        report = Report(NAME, TITLE, ["sku", "name", "class", "units", "unit_cost", "value"],
                        rows, notes=notes + ["unit_cost is the value divided by the units: "
                                             "the average cost of the layers still on hand."])
    total_value = sum(values.get(i, 0.0) for i in qty)
    total_units = sum(qty.values())
    report.total = (["total", len(qty), total_units, total_value] if by == "class" else
                    ["total", "", "", total_units, "", total_value])
    report.chart = [(row[0], row[-1]) for row in rows[:10]]
    return report
