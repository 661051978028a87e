"""`binwise import returns FILE.csv`: the returns the shop authorised (RMAs), so the returns
desk can scan an RMA number and see the order and what the customer said they send back.

Columns: rma, order, sku, qty[, reason]. All or nothing: every row is checked first (the order
and the item exist, the quantity is whole, a reason is one of the list), then written in one
transaction. An RMA number already imported is left as it was, so importing the shop's export
again only adds the new ones. A new RMA that announces more of an item than the order shipped
from the warehouse (a dropshipped line, a wrong SKU or order) is imported with a notice: the
returns desk takes back no more than was shipped. A kit counts as itself (built ahead) plus the
whole kits its shipped components make (put together at the pick).
"""

from dataclasses import dataclass
from pathlib import Path

from app.core import kits, return_reasons, returns
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
    # New RMAs announcing more than their order shipped from the warehouse, one line each.
    notices: tuple[str, ...] = ()

    def __str__(self) -> str:
        known = f"; {self.known} already imported, left as they were" if self.known else ""
        return f"{self.new} returns ({self.lines} lines){known}"


def _shipped(order_id: int, item_id: int, cache: dict) -> int:
    """Net units of an item the order shipped from the warehouse (what the returns desk may
    take back), a kit as itself plus the whole kits its shipped components make."""
    by_item = cache.get(order_id)
    if by_item is None:
        by_item = cache[order_id] = {}
        for line in returns.view(order_id).lines:
            by_item[line.item_id] = by_item.get(line.item_id, 0) + line.shipped
    own = by_item.get(item_id, 0)
    parts = kits.recipe(item_id)
    # A kit built ahead ships as itself; one put together at the pick ships as its components.
    return own + (min(by_item.get(c, 0) // per_kit for c, per_kit in parts.items())
                  if parts else 0)


def import_rmas(path: str | Path) -> RmaImport:
    rows = read_rows(path, RMA_COLUMNS, "Returns")
    # (RMA number, any case; item) -> (units announced, the order's id and number, the SKU)
    announced: dict[tuple[str, int], list] = {}
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
        announced.setdefault((number.lower(), item.id), [0, order_id, order_number,
                                                         item.sku])[0] += qty
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
        notices = _beyond_shipped(announced, {n.lower(): n for n, *_ in lines}, ids)
        for number, item_id, qty, reason in lines:
            if ids[number.lower()] is not None:
                RmaLine.insert(rma=ids[number.lower()], item=item_id, qty=qty,
                               reason=reason).execute()
                written += 1
    return RmaImport(new, written, known, notices)


def _beyond_shipped(announced: dict, numbers: dict[str, str],
                    ids: dict[str, int | None]) -> tuple[str, ...]:
    """A notice for each item a new RMA announces more of than its order shipped."""
    shipped_cache: dict[int, dict[int, int]] = {}
    notices = []
    for (key, item_id), (qty, order_id, order_number, sku) in announced.items():
        if ids[key] is None:
            continue  # imported before: left as it was
        shipped = _shipped(order_id, item_id, shipped_cache)
        if qty > shipped:
            notices.append(f"Notice: RMA {numbers[key]} announces {qty} × {sku}, but order "
                           f"{order_number} shipped {shipped} from the warehouse; the returns "
                           f"desk takes back no more than that.")
    return tuple(notices)
