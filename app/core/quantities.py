"""The one upper bound for every quantity that enters Binwise.

A typed number, a scanned `CODE,QTY`, a GS1 count (AI 30/37), an imported order or PO line and
every ledger move are checked against `MAX_QTY`, so no misread or typo can book a number that
overflows a column or turns a balance into nonsense. Other imported numbers have bounds of their
own here, so a date computed from them (a shelf life) can never leave the calendar.
"""

MAX_QTY = 1_000_000  # units of an item in one step
MAX_SHELF_LIFE_DAYS = 36_500  # a hundred years
MAX_OVER_RECEIPT_PCT = 1_000
MAX_SEQUENCE = 2**31 - 1  # fits a 32-bit integer column on every backend


def qty_problem(qty: int) -> str | None:
    """Why `qty` cannot be a quantity of one step, or None when it can."""
    if qty < 1:
        return f"Quantity {qty}: it must be at least 1."
    if qty > MAX_QTY:
        return f"Quantity {qty}: at most {MAX_QTY:,} can be booked in one step."
    return None
