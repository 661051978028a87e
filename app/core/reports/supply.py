"""Weeks of supply: units on hand over the forecast weekly demand (seven times the daily
forecast that replenishment uses)."""

from datetime import date

from app.core.replenishment.plan import daily_forecasts
from app.core.reports.base import Report, items, on_hand_now
from app.core.returns import quarantined_by_item

NAME, TITLE = "weeks-of-supply", "Weeks of supply"


def run(start: date, end: date, today: date | None = None) -> Report:
    today = today or date.today()
    catalogue = items()
    qty = on_hand_now()
    # Damaged returns waiting for the supplier are on hand but supply nothing.
    for item_id, held in quarantined_by_item().items():
        qty[item_id] = qty.get(item_id, 0) - held
    daily = daily_forecasts(today)
    rows = []
    for item_id in {i for i, units in qty.items() if units} | set(daily):
        weekly = 7 * daily.get(item_id, 0.0)
        units = qty.get(item_id, 0)
        sku, name, klass, _ = catalogue[item_id]
        rows.append([sku, name, klass, units, weekly, units / weekly if weekly > 0 else None])
    rows.sort(key=lambda r: (r[5] is None, r[5] or 0, r[0]))
    report = Report(NAME, TITLE, ["sku", "name", "class", "on_hand", "weekly_demand",
                                  "weeks_of_supply"], rows)
    report.notes = ["on_hand / weekly_demand, where weekly_demand is 7 x the daily forecast "
                    "(Holt-Winters or the moving average, as in replenishment); empty when "
                    "nothing sells."]
    report.chart = [(r[0], r[5]) for r in rows[:10] if r[5] is not None]
    return report
