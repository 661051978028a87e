"""Why some stock cannot be sold, picked or moved, in words that say which rule holds it back
and what to do with it: an expired lot, a lot too close to its expiry to sell, units reserved
for orders, a blocked bin.

Lookup, Pick, Put away and Transfer say the same thing the same way, so a packer learns one
sentence per case.
"""

from datetime import date

from app.core import allocation
from app.db.models import Item

EXPIRED, SHORT = "expired", "short"


def as_date(value: date | str | None) -> date | None:
    """An expiry as SQLite (text) or PostgreSQL (a date) hands it back."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def expiry_state(item: Item, expiry: date | str | None, today: date) -> str | None:
    """EXPIRED, SHORT (inside the item's minimum remaining shelf life), or None (sellable)."""
    when = as_date(expiry)
    if when is None:
        return None
    if when < today:
        return EXPIRED
    if when.isoformat() < allocation.earliest_allowed_expiry(item, today):
        return SHORT
    return None


def expiry_problem(item: Item, lot: str | None, expiry: date | str | None,
                   today: date) -> str | None:
    """What is wrong with a lot's expiry and what to do, or None when it may be sold."""
    state = expiry_state(item, expiry, today)
    when = as_date(expiry)
    name = f"Lot {lot} of {item.sku}" if lot else item.sku
    if state == EXPIRED:
        return (f"{name} expired on {when.isoformat()}: it is never picked or sold. Set it "
                f"aside for your supervisor to write off.")
    if state == SHORT:
        days = (when - today).days
        return (f"{name} expires on {when.isoformat()}, in {days} day(s): too close to expiry "
                f"to sell ({item.sku} must have {item.min_shelf_life_days} days left), so no "
                f"order gets it. Ask your supervisor whether to sell it off or write it off.")
    return None


def reserved_problem(sku: str, where: str, qty: int, reserved: int) -> str:
    """Why only part of the stock in a bin may move."""
    free = qty - reserved
    if free <= 0:
        return (f"All {qty} × {sku} in {where} are reserved for orders waiting to be picked: "
                f"none of it may be taken or moved. Pick or cancel those orders first.")
    return (f"{reserved} of the {qty} × {sku} in {where} are reserved for orders waiting to be "
            f"picked: only {free} may be taken or moved. Pick or cancel those orders to free "
            f"the rest.")


def blocked_problem(where: str) -> str:
    return (f"Bin {where} is blocked: nothing is put away or picked there until a supervisor "
            f"unblocks it.")
