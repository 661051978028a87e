"""The seller's numbers: each report a module with NAME, TITLE and run(start, end, today)
returning a Report (base.py), the same for the Reports page and `binwise report`, both
through run() so that each report reads its tables in one snapshot."""

from datetime import date

from app.core import tx
from app.core.reports import (
    accuracy,
    aging,
    base,
    channel_demand,
    expiry,
    fill_rate,
    movers,
    returns,
    sell_through,
    stock_value,
    supply,
    turnover,
)

REPORTS = {module.NAME: module for module in (
    stock_value, aging, expiry, movers, turnover, sell_through, supply, fill_rate,
    channel_demand, accuracy, returns)}


def run(name: str, start: date, end: date, today: date, **options) -> base.Report:
    """Report `name` for the period, read in one snapshot: a move committed meanwhile is in
    every figure or in none."""
    with tx.snapshot():
        return REPORTS[name].run(start, end, today, **options)
