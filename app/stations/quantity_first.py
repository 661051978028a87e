"""A quantity typed before the unit it counts for, at the stations that take units one scan at
a time (Pack, Returns): type `12`, scan the item once, and twelve units are booked.

A typed number is a quantity only while the station waits for a unit and only when the number
is no code this database knows (an item's short barcode, a lot): a real code always wins. Zero
and a quantity past the bound are refused at once, before anything is scanned.
"""

from app.scanning.decode import decode
from app.scanning.resolve import resolve
from app.stations.base import Feedback, Station, typed_quantity


class QuantityFirstStation(Station):
    """A station that keeps a typed quantity for its next unit scan."""

    _pending_qty: int | None

    def _typed_quantity(self, text: str, awaiting_unit: bool, then: str) -> Feedback | None:
        """The answer to `text` as a quantity for the next unit (kept in `_pending_qty`), or
        None when it is not one; `then` says what to scan next."""
        qty = typed_quantity(text)
        if qty is None or not awaiting_unit or resolve(decode(text, self.decode_config)).matches:
            return None
        if qty <= 0:
            return self._error("The quantity must be at least 1.")
        refused = self._qty_refused(qty)
        if refused:
            return refused
        self._pending_qty = qty
        return self._info(f"Quantity {qty}: {then}")
