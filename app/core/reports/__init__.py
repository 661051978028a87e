"""The seller's numbers: each report a module with NAME, TITLE and run(start, end, today)
returning a Report (base.py), the same for the Reports page and `binwise report`."""

from app.core.reports import (
    accuracy,
    aging,
    channel_demand,
    expiry,
    fill_rate,
    movers,
    sell_through,
    stock_value,
    supply,
    turnover,
)

REPORTS = {module.NAME: module for module in (
    stock_value, aging, expiry, movers, turnover, sell_through, supply, fill_rate,
    channel_demand, accuracy)}
