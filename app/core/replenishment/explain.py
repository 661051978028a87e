"""Every figure of an item's plan in sentences, with the numbers that went into it: what the
item page shows and `binwise replenish --sku` prints."""

from app.core.replenishment.plan import ItemPlan


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def explain(plan: ItemPlan) -> list[tuple[str, str, str]]:
    """(figure, value, how it was found) rows."""
    p = plan
    if p.method == "holt-winters":
        alpha, beta, gamma, phi = p.forecast_params
        how = (f"Holt-Winters on the last {p.window_days} days' daily sales (level, damped trend,"
               f" weekly season; alpha {alpha}, beta {beta}, gamma {gamma}, phi {phi})")
        if p.yearly_index != 1:
            how += f", times {p.yearly_index:.2f} for the season of the year"
    elif p.method == "moving average":
        how = f"the average of the last {p.window_days} days' net sales (ships less returns)"
    else:
        how = f"nothing sold in the last {p.window_days} days"
    error = "-" if p.forecast_mae is None else _num(round(p.forecast_mae, 2))
    mape = "" if p.forecast_mape is None else f", {p.forecast_mape:.0f} % on days that sold"
    rows = [
        ("Daily demand (d)", _num(round(p.daily_demand, 2)), how),
        ("Its spread (sd_d)", _num(round(p.daily_sd, 2)),
         "standard deviation of daily demand around the forecast"),
        ("Forecast error", error,
         f"mean absolute error a day over the last 4 weeks{mape}"),
        ("Lead time (L)", f"{_num(round(p.lead_days, 1))} days",
         f"from PO date to delivery: {p.lead_source}"),
        ("Its spread (sd_L)", f"{_num(round(p.lead_sd, 1))} days",
         "standard deviation of those lead times"),
        ("Service level", f"{_num(p.service_level)} % (z {p.z:.2f})",
         f"set for class {p.klass}: the chance not to run out before a delivery"),
        ("Safety stock", _num(round(p.safety_stock, 1)),
         f"z x sqrt(L x sd_d^2 + d^2 x sd_L^2) = {p.z:.2f} x sqrt({_num(round(p.lead_days, 1))}"
         f" x {p.daily_sd:.2f}^2 + {p.daily_demand:.2f}^2 x {p.lead_sd:.2f}^2)"),
        ("Reorder point", str(p.reorder_point),
         "d x L + safety stock, rounded up" if p.reorder_source == "computed"
         else p.reorder_source),
        ("Order up to", str(p.order_up_to),
         "the reorder point plus the demand over the order cycle, or the max set by hand"),
        ("Position", str(p.position),
         f"on hand {p.on_hand} + on order {p.on_order} - reserved {p.reserved} - backorders "
         f"{p.backorders}"),
        ("Low", "yes" if p.low else "no", "the position is at or below the reorder point"),
        ("Runs out", p.stockout.isoformat() if p.stockout else "-",
         "when the stock not yet promised lasts at d a day"),
        ("Suggested order", str(p.suggested_qty),
         f"up to the order-up-to level, at least {p.moq}, in packs of {p.pack_multiple}"),
    ]
    return rows
