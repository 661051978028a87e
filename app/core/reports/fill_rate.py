"""Fill rate: order lines (and units) that could be reserved in full when their order was first
allocated, over all lines, per ISO week of that allocation and per sales channel."""

from datetime import date, timedelta

from app.core.accuracy import week_of
from app.core.reports.base import Report, day_of, start_of
from app.db.models import database

NAME, TITLE = "fill-rate", "Fill rate at first allocation"

_LINES = """
SELECT fa.allocated_at, so.channel, fa.ordered, fa.reserved FROM first_allocation fa
  JOIN sales_order_line sl ON sl.id = fa.line_id JOIN sales_order so ON so.id = sl.order_id
 WHERE fa.allocated_at >= ? AND fa.allocated_at < ?
"""


def _row(name: str, channel: str, g: list[int]) -> list:
    lines, full, ordered, reserved = g
    return [name, channel, lines, full, 100 * full / lines if lines else None, ordered,
            reserved, 100 * reserved / ordered if ordered else None]


def run(start: date, end: date, today: date | None = None) -> Report:
    groups: dict[tuple[str, str], list[int]] = {}
    total = [0, 0, 0, 0]
    for at, channel, ordered, reserved in database.execute_sql(
            _LINES, (start_of(start), start_of(end + timedelta(days=1)))):
        served = min(reserved, ordered)
        for key, group in (((week_of(day_of(at)), channel or "(none)"), None), (None, total)):
            if group is None:
                group = groups.setdefault(key, [0, 0, 0, 0])
            group[0] += 1
            group[1] += served >= ordered
            group[2] += ordered
            group[3] += served
    rows = [_row(week, channel, g) for (week, channel), g in sorted(groups.items())]
    report = Report(NAME, TITLE, ["week", "channel", "lines", "lines_full", "lines_pct",
                                  "units", "units_reserved", "units_pct"], rows,
                    _row("total", "", total))
    report.notes = [
        f"Order lines first allocated from {start} to {end}: lines_pct is the share reserved in "
        f"full at that moment, units_pct the share of their units reserved.",
        "Later allocations (after a delivery) do not change it: it says how well the stock "
        "served orders as they came in."]
    weeks: dict[str, list[int]] = {}
    for (week, _), g in groups.items():
        merged = weeks.setdefault(week, [0, 0])
        merged[0] += g[0]
        merged[1] += g[1]
    report.chart = [(w.split("-")[-1], 100 * g[1] / g[0]) for w, g in sorted(weeks.items())]
    return report
