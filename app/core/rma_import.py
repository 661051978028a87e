"""`binwise import returns FILE.csv`: the returns the shop authorised (RMAs), so the returns
desk can scan an RMA number and see the order and what the customer said they send back.

Columns: rma, order, sku, qty[, reason]. All or nothing: every row is checked first (the order
and the item exist, the quantity is whole, a reason is one of the list), then written in one
transaction. An RMA number already imported is left as it was, so importing the shop's export
again only adds the new ones.
"""

from dataclasses import dataclass
from pathlib import Path

from app.core import return_reasons
from app.core.catalog import find_item_by_sku
from app.core.csv_input import code_value, read_rows, required_text, whole
from app.core.quantities import MAX_QTY
from app.db.models import Rma, RmaLine, database

RMA_COLUMNS = (("rma", "order", "sku", "qty"), ("reason",))


@dataclass(frozen=True)
class RmaImport:
    new: int
    lines: int
    known: int  # RMA numbers already there, left alone

    def __str__(self) -> str:
        known = f"; {self.known} already imported, left as they were" if self.known else ""
        return f"{self.new} returns ({self.lines} lines){known}"


def import_rmas(path: str | Path) -> RmaImport:
    rows = read_rows(path, RMA_COLUMNS, "Returns")
    rmas: dict[str, tuple[int, int]] = {}  # number (any case) -> (order id, first row)
    lines: list[tuple[str, int, int, str]] = []
    orders: dict[str, int | None] = {}
    for row in rows:
        number = code_value(row, "rma", "RMA", required_text(row, "rma", "an RMA number"))
        order_number = required_text(row, "order", "the order number")
        if order_number.lower() not in orders:
            found = database.execute_sql("SELECT id FROM sales_order WHERE number = ?",
                                         (order_number,)).fetchone()
            orders[order_number.lower()] = found[0] if found else None
        order_id = orders[order_number.lower()]
        if order_id is None:
            raise row.fail("order", f"there is no order '{order_number}'; import the orders "
                                    f"first")
        first = rmas.setdefault(number.lower(), (order_id, row.number))
        if first[0] != order_id:
            raise row.fail("order", f"RMA {number} is for another order in row {first[1]}")
        sku = required_text(row, "sku", "the SKU")
        item = find_item_by_sku(sku)
        if item is None:
            raise row.fail("sku", f"there is no item '{sku}'")
        qty = whole(row, "qty", 1, MAX_QTY)
        if qty is None:
            raise row.fail("qty", "is empty; every row needs the quantity")
        reason = ""
        if row.get("reason"):
            found_reason = return_reasons.find(row.get("reason"))
            if found_reason is None:
                known = ", ".join(r.code for r in return_reasons.reasons())
                raise row.fail("reason", f"'{row.get('reason')}' is not a return reason "
                                         f"({known})")
            reason = found_reason.code
        lines.append((number, item.id, qty, reason))
    new = known = written = 0
    with database.atomic():
        ids: dict[str, int | None] = {}
        for key, (order_id, _) in rmas.items():
            number = next(n for n, *_ in lines if n.lower() == key)
            if Rma.select().where(Rma.number == number).exists():
                ids[key], known = None, known + 1
                continue
            ids[key] = Rma.insert(number=number, order=order_id).execute()
            new += 1
        for number, item_id, qty, reason in lines:
            if ids[number.lower()] is not None:
                RmaLine.insert(rma=ids[number.lower()], item=item_id, qty=qty,
                               reason=reason).execute()
                written += 1
    return RmaImport(new, written, known)
