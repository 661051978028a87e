"""Inventory record accuracy: how often the records were right when a bin was counted.

Per class and per ISO week: the share of counted bins with no variance, the share of counted
lines with no variance, the value of the adjustments posted, and counts done against planned.
Only first counts are judged (a recount is part of the same question).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from app.db.models import database


@dataclass
class AccuracyRow:
    group: str  # "2026-W47" or a class "A"
    bins_counted: int = 0
    bins_exact: int = 0
    lines_counted: int = 0
    lines_exact: int = 0
    adjustment_value: float = 0.0
    planned: int = 0
    done: int = 0

    @property
    def bin_accuracy(self) -> float | None:
        return 100 * self.bins_exact / self.bins_counted if self.bins_counted else None

    @property
    def line_accuracy(self) -> float | None:
        return 100 * self.lines_exact / self.lines_counted if self.lines_counted else None


_LINES = """
SELECT c.id, c.class, c.planned_for, c.status,
       cl.counted - cl.expected - cl.moved, COALESCE(cl.adjusted, 0) * i.unit_cost
  FROM count c LEFT JOIN count_line cl ON cl.count_id = c.id
  LEFT JOIN item i ON i.id = cl.item_id
 WHERE c.kind <> 'recount' AND c.planned_for BETWEEN ? AND ? AND c.status <> 'cancelled'
"""
_ADJUSTED_BY_RECOUNT = """
SELECT p.id, SUM(COALESCE(cl.adjusted, 0) * i.unit_cost) FROM count r
  JOIN count p ON p.id = r.parent_id JOIN count_line cl ON cl.count_id = r.id
  JOIN item i ON i.id = cl.item_id
 WHERE p.planned_for BETWEEN ? AND ? GROUP BY p.id
"""


def week_of(day: date | str) -> str:
    day = date.fromisoformat(day) if isinstance(day, str) else day
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def accuracy(start: date, end: date, by: str = "week") -> list[AccuracyRow]:
    """Accuracy of the counts planned from `start` to `end`, grouped by "week" or "class"."""
    params = (start.isoformat(), end.isoformat())
    per_count: dict[int, dict] = {}
    for count_id, klass, planned_for, status, variance, value in database.execute_sql(
            _LINES, params):
        entry = per_count.setdefault(count_id, {
            "group": week_of(planned_for) if by == "week" else (klass or "-"),
            "done": status in ("done", "recount", "review"), "lines": 0, "exact": 0,
            "value": 0.0})
        if variance is not None:
            entry["lines"] += 1
            entry["exact"] += variance == 0
            entry["value"] += abs(float(value or 0))
    for parent_id, value in database.execute_sql(_ADJUSTED_BY_RECOUNT, params):
        if parent_id in per_count:
            per_count[parent_id]["value"] += abs(float(value or 0))
    rows: dict[str, AccuracyRow] = defaultdict(lambda: AccuracyRow(""))
    for entry in per_count.values():
        row = rows[entry["group"]]
        row.group = entry["group"]
        row.planned += 1
        if entry["done"]:
            row.done += 1
            row.bins_counted += 1
            row.bins_exact += entry["exact"] == entry["lines"]
            row.lines_counted += entry["lines"]
            row.lines_exact += entry["exact"]
            row.adjustment_value += entry["value"]
    return [rows[k] for k in sorted(rows)]
