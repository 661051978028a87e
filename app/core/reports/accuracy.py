"""Count accuracy by week, as the Counts page shows it, among the other reports."""

from datetime import date

from app.core.accuracy import accuracy
from app.core.reports.base import Report

NAME, TITLE = "accuracy", "Count accuracy"


def run(start: date, end: date, today: date | None = None) -> Report:
    rows = [[r.group, r.bins_counted, r.bin_accuracy, r.lines_counted, r.line_accuracy,
             r.adjustment_value, r.done, r.planned] for r in accuracy(start, end, by="week")]
    report = Report(NAME, TITLE, ["week", "bins_counted", "bins_exact_pct", "lines_counted",
                                  "lines_exact_pct", "adjusted_value", "done", "planned"],
                    rows)
    report.notes = ["The share of counted bins and lines that matched the records, the value "
                    "of the adjustments, and counts done against planned, per ISO week."]
    report.chart = [(r[0], r[2] or 0.0) for r in rows]
    return report
