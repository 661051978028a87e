"""Numbers for the purchase orders Binwise makes itself: PREFIX-YYYYMMDD-NN, the next free one
of the day (RP- for suggested reorders, DS- for dropship)."""

from datetime import date

from app.db.models import PurchaseOrder


def next_po_number(prefix: str, today: date) -> str:
    day = f"{prefix}-{today:%Y%m%d}-"
    # Compared here, not with LIKE: PostgreSQL's case-blind collation of PO numbers has none.
    taken = {number.upper() for (number,) in PurchaseOrder.select(PurchaseOrder.number).tuples()
             if number.upper().startswith(day)}
    n = 1
    while f"{day}{n:02d}" in taken:
        n += 1
    return f"{day}{n:02d}"
