"""Stock value: units on hand at cost (FIFO layers from the receipts' unit costs), by item or
by ABC class, today or at the end of a past day (from the ledger); by bin or by lot today, each
unit at its item's FIFO cost per unit."""

from datetime import date

from app.core.reports import costing
from app.core.reports.base import INTERNAL, Report, items
from app.db.models import database

NAME, TITLE = "stock-value", "Stock value"
GROUPINGS = ("item", "class", "bin", "lot")


def _by_place(by: str, today: date) -> Report:
    """Today's stock per bin (any place holding it) or per lot, at FIFO cost per unit."""
    catalogue = items()
    unit = costing.unit_costs(today)
    key = "loc.code" if by == "bin" else "COALESCE(l.code, '')"
    groups: dict[tuple, list] = {}
    for item_id, place, units in database.execute_sql(f"""
            SELECT q.item_id, {key}, q.qty FROM quant q
              JOIN location loc ON loc.id = q.location_id LEFT JOIN lot l ON l.id = q.lot_id
             WHERE loc.kind IN {INTERNAL} AND q.qty > 0"""):
        sku = catalogue[item_id][0]
        row = groups.setdefault((place, sku), [place, sku, 0, 0.0])
        row[2] += units
        row[3] += units * unit.get(item_id, 0.0)
    rows = sorted(groups.values(), key=lambda r: (-r[3], r[0], r[1]))
    report = Report(NAME, TITLE, [by, "sku", "units", "value"], rows,
                    ["total", "", sum(r[2] for r in rows), sum(r[3] for r in rows)])
    report.notes = [f"Units on hand today per {by} and item, each at the item's FIFO cost per "
                    f"unit (the value of its layers on hand over its units)."]
    places: dict[str, float] = {}
    for row in rows:
        places[row[0]] = places.get(row[0], 0.0) + row[3]
    report.chart = sorted(places.items(), key=lambda p: -p[1])[:10]
    return report


def run(start: date, end: date, today: date | None = None, by: str = "item") -> Report:
    today = today or date.today()
    if by in ("bin", "lot"):
        return _by_place(by, today)
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
