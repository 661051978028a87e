"""What a name typed on the `binwise` command line stands for (an order, a bin, an item, a
day), or a refusal that names what was typed when there is no such thing."""

import argparse

from app.core.errors import BinwiseError


def typed_date(text: str):
    """A day typed as YYYY-MM-DD (an argparse type: a typo is refused in the user's words)."""
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def find_orders(numbers: list[str]):
    from app.db.models import SalesOrder

    found = []
    for number in numbers:
        order = SalesOrder.get_or_none(SalesOrder.number == number)
        if order is None:
            raise BinwiseError(f"No order '{number}'.")
        found.append(order)
    return found


def find_location(code: str):
    from app.db.models import Location

    location = Location.get_or_none(Location.code == code)
    if location is None:
        raise BinwiseError(f"No bin '{code}'.")
    return location


def find_item(sku: str):
    from app.db.models import Item

    item = Item.get_or_none(Item.sku == sku)
    if item is None:
        raise BinwiseError(f"No item with SKU '{sku}'.")
    return item
