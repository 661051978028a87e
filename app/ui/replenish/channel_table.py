"""The Replenish page's table of demand and fill rate per sales channel over the last 90 days:
the same figures as the channels report (app/core/reports/channel_demand.py), so the page and
the report never disagree.
"""

from datetime import date, timedelta

from app.core.reports import run as run_report
from app.core.reports.base import Report
from app.ui.widgets.record_model import Column, RecordTableModel

CHANNEL_DAYS = 90


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} %"


# A row of the report: channel, orders, lines, units ordered, units shipped, units a day,
# lines filled %, units filled %.
CHANNEL_COLUMNS = [
    Column("Channel", lambda r: r[0]),
    Column("Orders", lambda r: r[1], numeric=True),
    Column("Units a day", lambda r: round(r[5], 2), numeric=True),
    Column("Lines filled", lambda r: r[6], numeric=True, text=lambda r: _pct(r[6])),
    Column("Units filled", lambda r: r[7], numeric=True, text=lambda r: _pct(r[7])),
]


def channel_report(today: date) -> Report:
    """Demand and fill rate per channel, the 90 days up to `today` (on the worker)."""
    return run_report("channels", today - timedelta(days=CHANNEL_DAYS - 1), today, today)


class ChannelModel(RecordTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(CHANNEL_COLUMNS, key=lambda r: r[0], parent=parent)

    def set_report(self, report: Report) -> None:
        """The channels, then the total when there is more than one."""
        rows = list(report.rows)
        if len(rows) > 1 and report.total:
            rows.append(report.total)
        self.set_rows(rows)
