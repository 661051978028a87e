"""Suggested purchase orders: the low items grouped by supplier, each ordered up to its reorder
point plus the demand over the order cycle, in the supplier's minimum and pack sizes. People
edit the quantities; one call creates the POs, which then arrive at Receive as any PO does.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from app.core.csv_output import write_csv
from app.core.errors import BinwiseError
from app.core.po_numbers import next_po_number
from app.core.replenishment.plan import ItemPlan
from app.db.models import Item, PurchaseOrder, PurchaseOrderLine, Supplier, database

# Quantities typed over a suggestion stay within the bound of every quantity that enters.
MAX_QTY = 1_000_000


@dataclass
class SuggestedLine:
    item_id: int
    sku: str
    name: str
    qty: int
    unit_cost: float
    reorder_point: int
    position: int
    stockout: date | None


@dataclass
class SuggestedOrder:
    supplier_id: int | None  # None: items no supplier is known for (cannot be ordered yet)
    supplier: str
    lead_days: float
    lines: list[SuggestedLine] = field(default_factory=list)

    @property
    def value(self) -> float:
        return sum(line.qty * line.unit_cost for line in self.lines)


def suggest(plans: list[ItemPlan]) -> list[SuggestedOrder]:
    """One suggested PO per supplier of the low items, the supplier of the most urgent item
    first (plans come most urgent first)."""
    orders: dict[int | None, SuggestedOrder] = {}
    for plan in plans:
        if not plan.low or plan.suggested_qty <= 0:
            continue
        order = orders.get(plan.supplier_id)
        if order is None:
            order = orders[plan.supplier_id] = SuggestedOrder(
                plan.supplier_id, plan.supplier or "(no supplier)", plan.lead_days)
        order.lead_days = max(order.lead_days, plan.lead_days)
        order.lines.append(SuggestedLine(plan.item_id, plan.sku, plan.name, plan.suggested_qty,
                                         plan.unit_cost, plan.reorder_point, plan.position,
                                         plan.stockout))
    return list(orders.values())


def create_orders(orders: list[SuggestedOrder], today: date | None = None) -> list[str]:
    """Create one open PO per supplier from (edited) suggestions; lines of zero are left out.
    All or nothing. Returns the new PO numbers."""
    today = today or date.today()
    numbers = []
    with database.atomic():
        for order in orders:
            lines = [line for line in order.lines if line.qty != 0]
            if not lines:
                continue
            if order.supplier_id is None:
                raise BinwiseError(f"No supplier is known for {lines[0].sku}: set one for the "
                                   f"item, or leave it out.")
            if Supplier.get_or_none(Supplier.id == order.supplier_id) is None:
                raise BinwiseError(f"Supplier '{order.supplier}' no longer exists.")
            for line in lines:
                if not 0 < line.qty <= MAX_QTY:
                    raise BinwiseError(f"{line.sku}: order 1 to {MAX_QTY:,} units, not "
                                       f"{line.qty}.")
            number = next_po_number("RP", today)
            po = PurchaseOrder.create(number=number, supplier=order.supplier_id,
                                      expected=today + timedelta(days=round(order.lead_days)))
            PurchaseOrderLine.insert_many([
                {"po": po.id, "item": line.item_id, "qty_ordered": line.qty,
                 "unit_cost": Decimal(str(line.unit_cost))} for line in lines]).execute()
            numbers.append(number)
    return numbers


def po_rows(number: str) -> tuple[PurchaseOrder, list[tuple]]:
    """A PO and its lines (sku, name, qty, unit cost, line value), to send to the supplier."""
    po = PurchaseOrder.get_or_none(PurchaseOrder.number == number.strip())
    if po is None:
        raise BinwiseError(f"No purchase order '{number}'.")
    lines = (PurchaseOrderLine.select(PurchaseOrderLine, Item).join(Item)
             .where(PurchaseOrderLine.po == po.id).order_by(PurchaseOrderLine.id))
    rows = []
    for line in lines:
        cost = line.unit_cost if line.unit_cost is not None else line.item.unit_cost
        rows.append((line.item.sku, line.item.name, line.qty_ordered, Decimal(cost),
                     Decimal(cost) * line.qty_ordered))
    return po, rows


def export_po_csv(number: str, path: Path) -> int:
    """Write the PO as CSV for the supplier: a header naming the PO, then its lines."""
    po, rows = po_rows(number)
    expected = po.expected.isoformat() if po.expected else ""
    return write_csv(path, ["po", "supplier", "expected", "sku", "name", "qty", "unit_cost",
                            "value"],
                     ([po.number, po.supplier.name, expected, sku, name, qty, f"{cost:.2f}",
                       f"{value:.2f}"] for sku, name, qty, cost, value in rows))
