"""Importing customer orders: Binwise's own columns, or a Shopify orders export as it comes.

Own format: `order,sku,qty[,channel,ship_by,note,gift_message,ship_to_name,ship_to_address,
price,currency,cancelled]`, one row per line (the note, gift message and ship-to shown at Pack
and on the packing slip are taken from the order's first row that has them; address lines are
separated by "|", since the reader turns a line break in a cell into a space; `price` is the unit
price; any row's `cancelled` set to yes cancels the order).
Shopify: one row per line item (`Name`, `Lineitem sku`, `Lineitem quantity`, `Lineitem price`,
`Created at`, `Shipping Method`, `Notes`, `Shipping Name`, `Shipping Address1`...), with the
order's own columns filled on its first row only. Cancelled and fulfilled Shopify orders, and
line items that need no shipping (gift cards, downloads), are skipped. Orders already in Binwise
are not imported again, so the same export can be imported again the next day; but one the shop
cancelled or whose lines it changed meanwhile is changed to match (app/core/order_changes.py).

All or nothing: a bad row names its row and column and nothing is imported. The new orders are
then allocated, most urgent first. Neither holds the write lock for long (see import_orders).
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from app.core import allocation, order_changes, tx
from app.core.bulk import Pacer, Progress, write_in_chunks
from app.core.csv_input import (
    Row,
    amount,
    batches,
    iso_date,
    iter_rows,
    read_header,
    required_text,
    whole,
)
from app.core.errors import BinwiseError
from app.core.quantities import MAX_QTY
from app.db.models import SalesOrder, SalesOrderLine, database, utcnow

log = logging.getLogger(__name__)

OWN_COLUMNS = (("order", "sku", "qty"), ("channel", "ship_by", "note", "gift_message",
                                          "ship_to_name", "ship_to_address", "price",
                                          "currency", "cancelled"))
_YES = ("yes", "y", "true", "1", "x", "cancelled")
SHOPIFY_COLUMNS = (("name", "lineitem_sku", "lineitem_quantity"), ())


@dataclass
class _Draft:
    number: str
    first_row: int
    channel: str = ""
    ship_by: date | None = None
    shipping_method: str = ""
    created: datetime | None = None
    note: str = ""
    gift_message: str = ""
    lines: dict[int, int] = field(default_factory=dict)  # item id -> qty
    ship_to_name: str = ""
    ship_to_address: str = ""  # lines joined by "\n"
    currency: str = ""
    prices: dict[int, Decimal] = field(default_factory=dict)  # item id -> unit price
    cancelled: bool = False
    cancelled_on: date | None = None
    # False when the file leaves lines out (fulfilled in the shop): they are not compared then.
    all_lines: bool = True


@dataclass(frozen=True)
class OrderImport:
    imported: int
    lines: int
    skipped_existing: int
    skipped_other: int
    backorders: int
    changed: int = 0  # orders already in Binwise whose lines the shop changed
    cancelled: int = 0  # orders already in Binwise the shop cancelled

    def __str__(self) -> str:
        text = f"{self.imported} orders ({self.lines} lines)"
        if self.skipped_existing:
            text += f", {self.skipped_existing} already imported"
        if self.skipped_other:
            text += f", {self.skipped_other} cancelled or fulfilled skipped"
        if self.changed or self.cancelled:
            text += (f"; {self.changed} changed and {self.cancelled} cancelled in the shop "
                     f"since the last import")
        if self.backorders:
            text += f"; {self.backorders} waiting for stock"
        return text


def _item(row: Row, column: str, items: dict[str, int]) -> int:
    sku = required_text(row, column, "a SKU")
    item_id = items.get(sku.lower())
    if item_id is None:
        raise row.fail(column, f"no item with SKU '{sku}'; import it with `binwise import "
                               f"items` first")
    return item_id


def _own_drafts(rows: Iterable[Row], items: dict[str, int]) -> list[_Draft]:
    drafts: dict[str, _Draft] = {}
    for row in rows:
        number = required_text(row, "order", "an order number")
        draft = drafts.setdefault(number.lower(), _Draft(number, row.number))
        item_id = _item(row, "sku", items)
        qty = whole(row, "qty", 1, MAX_QTY)
        if qty is None:
            raise row.fail("qty", "is empty; every row needs a quantity")
        draft.lines[item_id] = draft.lines.get(item_id, 0) + qty
        draft.channel = row.get("channel") or draft.channel
        draft.ship_by = iso_date(row, "ship_by") or draft.ship_by
        draft.note = draft.note or _text(row, "note")
        draft.gift_message = draft.gift_message or _text(row, "gift_message")
        _ship_to(draft, row, _text(row, "ship_to_name"),
                 _text(row, "ship_to_address").split("|"))
        draft.currency = draft.currency or _text(row, "currency")[:3].upper()
        _price(draft, item_id, row, "price")
        draft.cancelled = draft.cancelled or row.get("cancelled").strip().lower() in _YES
    return list(drafts.values())


def _ship_to(draft: _Draft, row: Row, name: str, lines: list[str],
             column: str = "ship_to_address") -> None:
    """The first row with a ship-to gives the order's; blank address parts are left out."""
    if not draft.ship_to_name and not draft.ship_to_address:
        draft.ship_to_name = name
        draft.ship_to_address = "\n".join(x.strip() for x in lines if x.strip())
        if len(draft.ship_to_address) > MAX_NOTE:
            raise row.fail(column, f"is {len(draft.ship_to_address)} characters "
                                 f"long; at most {MAX_NOTE}")


def _price(draft: _Draft, item_id: int, row: Row, column: str) -> None:
    price = amount(row, column)
    if price is not None and item_id not in draft.prices:
        draft.prices[item_id] = price.quantize(Decimal("0.01"))


MAX_NOTE = 2000  # a note longer than this is a pasted mistake, not a packing instruction


def _text(row: Row, column: str) -> str:
    value = row.get(column).strip()
    if len(value) > MAX_NOTE:
        raise row.fail(column, f"is {len(value)} characters long; at most {MAX_NOTE}")
    return value


def _shopify_time(row: Row, column: str) -> datetime | None:
    value = row.get(column)
    if not value:
        return None
    try:
        # "2026-11-20 14:03:22 +0100"
        return datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise row.fail(column, f"'{value}' is not a date and time like "
                               f"2026-11-20 14:03:22 +0100") from None


def _shopify_drafts(rows: Iterable[Row], items: dict[str, int]) -> tuple[list[_Draft], int]:
    drafts: dict[str, _Draft] = {}
    skipped: set[str] = set()
    for row in rows:
        number = required_text(row, "name", "the order name (e.g. #1001)")
        key = number.lower()
        if key in skipped:
            continue
        if key not in drafts:
            # The order's own columns are filled on its first row only.
            if row.get("fulfillment_status").lower() == "fulfilled":
                skipped.add(key)
                continue
            if row.get("cancelled_at"):
                # Not imported; an order imported before is cancelled (import_orders).
                cancelled_at = _shopify_time(row, "cancelled_at")
                drafts[key] = _Draft(number, row.number, cancelled=True,
                                     cancelled_on=cancelled_at.date() if cancelled_at else None)
                continue
            drafts[key] = _Draft(number, row.number, channel="shopify",
                                 shipping_method=row.get("shipping_method"),
                                 created=_shopify_time(row, "created_at"),
                                 note=_text(row, "notes"),
                                 currency=_text(row, "currency")[:3].upper())
            city = " ".join(row.get(c).strip() for c in ("shipping_zip", "shipping_city"))
            _ship_to(drafts[key], row, _text(row, "shipping_name"),
                     [row.get("shipping_address1"), row.get("shipping_address2"), city,
                      row.get("shipping_province"), row.get("shipping_country"),
                      row.get("shipping_phone")], "shipping_address1")
        if drafts[key].cancelled:
            continue
        if row.get("lineitem_requires_shipping").lower() == "false":
            continue
        if row.get("lineitem_fulfillment_status").lower() == "fulfilled":
            drafts[key].all_lines = False
            continue
        draft = drafts[key]
        item_id = _item(row, "lineitem_sku", items)
        qty = whole(row, "lineitem_quantity", 1, MAX_QTY)
        if qty is None:
            raise row.fail("lineitem_quantity", "is empty; every line item needs a quantity")
        draft.lines[item_id] = draft.lines.get(item_id, 0) + qty
        _price(draft, item_id, row, "lineitem_price")
    return [d for d in drafts.values() if d.lines or d.cancelled], len(skipped)


ORDER_BATCH = 50


def _write_orders(batch: list[_Draft], now: datetime
                  ) -> tuple[list[tuple[_Draft, int]], Callable[[], None]]:
    """Insert a batch of orders; an order another station imported a moment ago is skipped
    (its unique number has the last word), not inserted twice. Returns what was written and
    how to take it back."""
    written = []
    for draft in batch:
        try:
            with tx.unique_or("already imported"):
                order_id = SalesOrder.insert(
                    number=draft.number, channel=draft.channel, ship_by=draft.ship_by,
                    shipping_method=draft.shipping_method, created_at=draft.created or now,
                    note=draft.note, gift_message=draft.gift_message,
                    ship_to_name=draft.ship_to_name, ship_to_address=draft.ship_to_address,
                    currency=draft.currency,
                ).execute()
                SalesOrderLine.insert_many(
                    [{"order": order_id, "item": item_id, "qty_ordered": qty,
                      "unit_price": draft.prices.get(item_id)}
                     for item_id, qty in draft.lines.items()]).execute()
        except tx.ConflictError:
            continue
        written.append((draft, order_id))
    ids = [order_id for _, order_id in written]

    def undo() -> None:
        SalesOrderLine.delete().where(SalesOrderLine.order.in_(ids)).execute()
        SalesOrder.delete().where(SalesOrder.id.in_(ids)).execute()

    return written, undo


def _apply_changes(drafts: list[_Draft], existing: dict[str, int], user_id: int | None,
                   today: date | None) -> tuple[int, int]:
    """Change the orders already in Binwise that the shop cancelled or edited, each in a
    transaction of its own; returns (changed, cancelled)."""
    known = [d for d in drafts if d.number.lower() in existing]
    if not known:
        return 0, 0
    user_id = user_id if user_id is not None else order_changes.default_user()
    counts = {"edited": 0, "cancelled": 0}
    for draft in known:
        try:
            change = order_changes.apply_shop_change(
                existing[draft.number.lower()], cancelled=draft.cancelled,
                cancelled_on=draft.cancelled_on,
                lines=draft.lines if draft.all_lines else None, user_id=user_id, today=today)
        except BinwiseError as error:
            # A dropship line the supplier holds, say: this order stays, the others change.
            log.warning("Order %s not changed: %s", draft.number, error)
            continue
        if change is not None:
            log.info("Order %s: %s", change.number, change.note)
            counts[change.kind] += 1
    return counts["edited"], counts["cancelled"]


def import_orders(path: str | Path, *, allocate: bool = True, today: date | None = None,
                  progress: Progress | None = None, user_id: int | None = None) -> OrderImport:
    """Import the file's new orders, then allocate them, most urgent first; change the orders
    imported before that the shop has cancelled or edited since (booked to `user_id`, the
    built-in operator by default).

    The whole file is read and checked before anything is written; the orders are then written
    in short transactions (taken back if a late one fails, app/core/bulk.py), and each order is
    allocated in a transaction of its own, so stations keep scanning throughout."""
    header = read_header(path)
    shopify = "lineitem_sku" in header
    items = {sku.lower(): id_ for id_, sku in database.execute_sql("SELECT id, sku FROM item")}
    if shopify:
        rows = iter_rows(path, SHOPIFY_COLUMNS, "Shopify orders export", other_columns_ok=True)
        drafts, skipped_other = _shopify_drafts(rows, items)
    else:
        rows = iter_rows(path, OWN_COLUMNS, "Order")
        drafts, skipped_other = _own_drafts(rows, items), 0
    existing = {n.lower(): id_ for id_, n in
                database.execute_sql("SELECT id, number FROM sales_order")}
    fresh = [d for d in drafts if d.number.lower() not in existing and not d.cancelled]
    skipped_other += sum(1 for d in drafts if d.cancelled and d.number.lower() not in existing)
    now = utcnow()
    new: list[_Draft] = []
    ids: list[int] = []

    def write(batch: list[_Draft]) -> Callable[[], None]:
        written, undo = _write_orders(batch, now)
        new.extend(draft for draft, _ in written)
        ids.extend(order_id for _, order_id in written)
        return undo

    write_in_chunks(batches(fresh, ORDER_BATCH), write, progress=progress)
    changed, cancelled = _apply_changes(drafts, existing, user_id, today)
    backorders = 0
    if allocate:
        by_urgency = sorted(zip(new, ids, strict=True),
                            key=lambda pair: (pair[0].ship_by or date.max, pair[1]))
        pacer = Pacer()
        for draft, order_id in by_urgency:
            try:
                waiting = allocation.allocate_order(order_id, today).backorder
            except BinwiseError as error:
                # One order that cannot be allocated (cancelled at another station meanwhile,
                # say) stays as it is; the others are still allocated.
                log.warning("Order %s not allocated: %s", draft.number, error)
                waiting = True
            if waiting:
                backorders += 1
            pacer.tick()
    known = sum(1 for d in drafts if d.number.lower() in existing)
    return OrderImport(len(new), sum(len(d.lines) for d in new),
                       known + len(fresh) - len(new), skipped_other, backorders, changed,
                       cancelled)
